/**
 * Forges hostile or malformed OpenPGP input for the security tests. The only test file that
 * imports openpgp directly: the attacker does not use our client/crypto profile.
 */
import * as openpgp from 'openpgp';
import type { VerifiedDirectory } from '../../client/crypto';
import { readPacketFraming } from '../../server/platform/openpgp/packet-framing';

const LEGACY = { v6Keys: false, aeadProtect: false } as const;

async function directoryKeys(directory: VerifiedDirectory): Promise<openpgp.PublicKey[]> {
  return await Promise.all(
    directory.recipients.map((r) => openpgp.readKey({ armoredKey: r.publicKey })),
  );
}

export function armorBytes(bytes: Uint8Array): string {
  return openpgp.armor(openpgp.enums.armor.message, bytes);
}

export async function literalMessage(text: string): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ text });
  return message.write() as Uint8Array;
}

export async function signedMessage(text: string): Promise<Uint8Array> {
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name: 'attacker' }],
    format: 'object',
    config: LEGACY,
  });
  const message = await openpgp.createMessage({ text });
  return (await openpgp.sign({ message, signingKeys: privateKey, format: 'binary' })) as Uint8Array;
}

export async function cleartextSignedMessage(text: string): Promise<string> {
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name: 'attacker' }],
    format: 'object',
    config: LEGACY,
  });
  const message = await openpgp.createCleartextMessage({ text });
  return await openpgp.sign({ message, signingKeys: privateKey });
}

/** A compressed data packet (tag 8, algorithm 0) around a literal packet, framed by hand. */
export async function compressedMessage(text: string): Promise<Uint8Array> {
  const literal = await literalMessage(text);
  const body = Buffer.concat([Buffer.from([0]), literal]);
  if (body.length >= 192) throw new Error('keep the forged text short');
  return Buffer.concat([Buffer.from([0xc0 | 8, body.length]), body]);
}

/** The same message with its SEIPD version octet set to 2 (AEAD, RFC 9580), which GnuPG 2.2 cannot read. */
export function withSeipdVersion(bytes: Uint8Array, version: number): Uint8Array {
  const copy = Buffer.from(bytes);
  const seipd = readPacketFraming(copy).at(-1)!;
  if (seipd.tag !== 18) throw new Error('expected the message to end with a SEIPD packet');
  copy[seipd.bodyOffset] = version;
  return copy;
}

export async function passwordOnlyMessage(text: string): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ text });
  return (await openpgp.encrypt({
    message,
    passwords: ['hunter2hunter2'],
    format: 'binary',
    config: LEGACY,
  })) as Uint8Array;
}

export async function keysAndPasswordMessage(
  text: string,
  directory: VerifiedDirectory,
): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ text });
  return (await openpgp.encrypt({
    message,
    encryptionKeys: await directoryKeys(directory),
    passwords: ['hunter2hunter2'],
    format: 'binary',
    config: LEGACY,
  })) as Uint8Array;
}

export async function messageForKeys(
  text: string,
  armoredKeys: readonly string[],
  options: { wildcard?: boolean; aead?: boolean } = {},
): Promise<Uint8Array> {
  const encryptionKeys = await Promise.all(
    armoredKeys.map((armoredKey) => openpgp.readKey({ armoredKey })),
  );
  const message = await openpgp.createMessage({ text });
  return (await openpgp.encrypt({
    message,
    encryptionKeys,
    wildcard: options.wildcard ?? false,
    format: 'binary',
    config: { ...LEGACY, aeadProtect: options.aead ?? false },
  })) as Uint8Array;
}

export async function messageForDirectory(
  text: string,
  directory: VerifiedDirectory,
): Promise<Uint8Array> {
  return await messageForKeys(
    text,
    directory.recipients.map((r) => r.publicKey),
  );
}

export async function strangerPublicKey(): Promise<string> {
  const { publicKey } = await openpgp.generateKey({
    userIDs: [{ name: 'stranger' }],
    config: LEGACY,
  });
  return publicKey;
}

/** Keys a reply-key or caseworker-key check must refuse. */
export const hostileKeys = {
  async withIdentifyingUserId(): Promise<string> {
    const { publicKey } = await openpgp.generateKey({
      userIDs: [{ name: 'Real Name', email: 'reporter@example.org' }],
      config: LEGACY,
    });
    return publicKey;
  },
  async expired(userId = 'Amanat reply key'): Promise<string> {
    const { publicKey } = await openpgp.generateKey({
      userIDs: [{ name: userId }],
      date: new Date(Date.now() - 10 * 86_400_000),
      keyExpirationTime: 86_400,
      config: LEGACY,
    });
    return publicKey;
  },
  async revoked(userId = 'Amanat reply key'): Promise<string> {
    const { publicKey, privateKey } = await openpgp.generateKey({
      userIDs: [{ name: userId }],
      format: 'object',
      config: LEGACY,
    });
    const { publicKey: revoked } = await openpgp.revokeKey({ key: privateKey, format: 'armored' });
    void publicKey;
    return revoked;
  },
  async secret(userId = 'Amanat reply key'): Promise<string> {
    const { privateKey } = await openpgp.generateKey({
      userIDs: [{ name: userId }],
      config: LEGACY,
    });
    return privateKey;
  },
  /** A key pair whose secret half is stored unprotected (no passphrase). */
  async unprotectedPair(userId = 'caseworker'): Promise<{ publicKey: string; secretKey: string }> {
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: userId }],
      config: LEGACY,
    });
    return { publicKey, secretKey: privateKey };
  },
  async version6(userId = 'Amanat reply key'): Promise<string> {
    const { publicKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: userId }],
      config: { v6Keys: true },
    });
    return publicKey;
  },
  async rsa2048(userId = 'Amanat reply key'): Promise<string> {
    const { publicKey } = await openpgp.generateKey({
      type: 'rsa',
      rsaBits: 2048,
      userIDs: [{ name: userId }],
      config: LEGACY,
    });
    return publicKey;
  },
  async two(userId = 'Amanat reply key'): Promise<string> {
    const a = await openpgp.generateKey({ userIDs: [{ name: userId }], config: LEGACY });
    const b = await openpgp.generateKey({ userIDs: [{ name: userId }], config: LEGACY });
    return `${a.publicKey}\n${b.publicKey}`;
  },
};

/**
 * Keeps the organisation's signature but changes the signed text (e.g. slips an attacker's key
 * into the directory), as a compromised server or a network attacker would try.
 */
export async function withReplacedSignedText(
  armoredSigned: string,
  transform: (text: string) => string,
): Promise<string> {
  const message = await openpgp.readMessage({ armoredMessage: armoredSigned });
  const literal = message.packets.findPacket(openpgp.enums.packet.literalData) as unknown as {
    getText(): string;
    setText(text: string): void;
  };
  literal.setText(transform(literal.getText()));
  return openpgp.armor(openpgp.enums.armor.message, message.packets.write());
}
