/**
 * FORGERY KIT, FOR TESTS ONLY: hostile or malformed OpenPGP input (keys an attacker or a careless
 * tool would send, messages planted in the database, signed text with its signature kept) for the
 * security tests. It lives behind the server's door to OpenPGP because the attacker does not use
 * our profile; production code never imports it (eslint.config.mjs: only tests/ may).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import * as openpgp from 'openpgp';
import { readPacketFraming } from './packet-framing';

/** What the kit needs of a verified recipient directory: the recipients' public keys. */
interface DirectoryKeys {
  readonly recipients: readonly { readonly publicKey: string }[];
}

const LEGACY = { v6Keys: false, aeadProtect: false } as const;

async function directoryKeys(directory: DirectoryKeys): Promise<openpgp.PublicKey[]> {
  return await Promise.all(
    directory.recipients.map((r) => openpgp.readKey({ armoredKey: r.publicKey })),
  );
}

/** A fresh, unprotected signing key under `name`: no key anyone trusts. */
async function freshSigningKey(name: string): Promise<openpgp.PrivateKey> {
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name }],
    format: 'object',
    config: LEGACY,
  });
  return privateKey;
}

export function armorBytes(bytes: Uint8Array): string {
  return openpgp.armor(openpgp.enums.armor.message, bytes);
}

export async function literalMessage(text: string): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ text });
  return message.write() as Uint8Array;
}

export async function signedMessage(text: string): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ text });
  const signingKeys = await freshSigningKey('attacker');
  return (await openpgp.sign({ message, signingKeys, format: 'binary' })) as Uint8Array;
}

export async function cleartextSignedMessage(text: string): Promise<string> {
  const message = await openpgp.createCleartextMessage({ text });
  return await openpgp.sign({ message, signingKeys: await freshSigningKey('attacker') });
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
  directory: DirectoryKeys,
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
  directory: DirectoryKeys,
): Promise<Uint8Array> {
  return await messageForKeys(
    text,
    directory.recipients.map((r) => r.publicKey),
  );
}

/**
 * `armoredKey` with one more user id that it never certified: the user id and its certification
 * are copied from a fresh key of the forger's, so the packet is there and signed, only not by
 * this key. The fingerprint stays the same (it covers the key material alone).
 */
export async function withForeignUserId(armoredKey: string, userId: string): Promise<string> {
  const key = await openpgp.readKey({ armoredKey });
  const { publicKey } = await openpgp.generateKey({ userIDs: [{ name: userId }], config: LEGACY });
  const forger = await openpgp.readKey({ armoredKey: publicKey });
  const own = key.toPacketList().write();
  const foreign = forger.users[0]!.toPacketList().write();
  const binaryKey = new Uint8Array(own.length + foreign.length);
  binaryKey.set(own);
  binaryKey.set(foreign, own.length);
  return (await openpgp.readKey({ binaryKey })).armor();
}

export async function strangerPublicKey(): Promise<string> {
  const { publicKey } = await openpgp.generateKey({
    userIDs: [{ name: 'stranger' }],
    config: LEGACY,
  });
  return publicKey;
}

/**
 * Keys a reply-key or caseworker-key check must refuse. `date` (default now) is when the key
 * and its signatures are made: REPORTER_TIMESTAMP leaves a reply key nothing else to refuse.
 */
export const hostileKeys = {
  async withIdentifyingUserId(date?: Date): Promise<string> {
    const { publicKey } = await openpgp.generateKey({
      userIDs: [{ name: 'Real Name', email: 'reporter@example.org' }],
      ...(date ? { date } : {}),
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
  async unprotectedPair(
    userId = 'caseworker',
    date?: Date,
  ): Promise<{ publicKey: string; secretKey: string }> {
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: userId }],
      ...(date ? { date } : {}),
      config: LEGACY,
    });
    return { publicKey, secretKey: privateKey };
  },
  /** A version 6 secret key protected with `passphrase` (GnuPG 2.2 cannot read v6 keys). */
  async version6Secret(passphrase: string, userId = 'Amanat reply key'): Promise<string> {
    const { privateKey } = await openpgp.generateKey({
      type: 'curve25519',
      userIDs: [{ name: userId }],
      passphrase,
      config: { v6Keys: true },
    });
    return privateKey;
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
 * Reply keys ("Amanat reply key", protected with `passphrase`) whose key and signature times a
 * client chose: what a tool other than the reporter page, or an older page, would send.
 */
export const timedReplyKeys = {
  /** A fresh pair; `date` (default now) is the time of every key and signature. */
  async generate(
    passphrase: string,
    date?: Date,
  ): Promise<{ publicKey: string; privateKey: string }> {
    return await openpgp.generateKey({
      userIDs: [{ name: 'Amanat reply key' }],
      passphrase,
      ...(date ? { date } : {}),
      config: LEGACY,
    });
  },
  /** The same key packets (same fingerprint), every self-signature made again at `date`. */
  async resign(
    armoredPrivateKey: string,
    passphrase: string,
    date: Date,
    userIDs: readonly openpgp.UserID[] = [{ name: 'Amanat reply key' }],
  ): Promise<{ publicKey: string; privateKey: string }> {
    return await openpgp.reformatKey({
      privateKey: await unlock(armoredPrivateKey, passphrase),
      userIDs: [...userIDs],
      passphrase,
      date,
      config: LEGACY,
    });
  },
  /** The public key with one more encryption subkey, made (and bound) at `date`. */
  async withSubkeyAddedAt(
    armoredPrivateKey: string,
    passphrase: string,
    date: Date,
  ): Promise<string> {
    const key = await unlock(armoredPrivateKey, passphrase);
    return (await key.addSubkey({ date, config: LEGACY })).toPublic().armor();
  },
};

async function unlock(armoredKey: string, passphrase: string): Promise<openpgp.PrivateKey> {
  return await openpgp.decryptKey({
    privateKey: await openpgp.readPrivateKey({ armoredKey }),
    passphrase,
  });
}

/**
 * `text` signed by the given key AND by a stranger's fresh key: a genuine signature with a second
 * one riding along, which a verifier that looks for "a valid signature" would accept.
 */
export async function signedAlsoByStranger(
  text: string,
  armoredSecretKey: string,
  passphrase: string,
): Promise<string> {
  const own = await openpgp.decryptKey({
    privateKey: await openpgp.readPrivateKey({ armoredKey: armoredSecretKey }),
    passphrase,
  });
  const stranger = await freshSigningKey('Amanat caseworker');
  // openpgp's stream-aware return types do not resolve without its optional stream typings.
  return (await openpgp.sign({
    message: await openpgp.createMessage({ text, format: 'utf8' }),
    signingKeys: [own, stranger],
    format: 'armored',
  })) as string;
}

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

/**
 * What a database writer plants on the reply path: `text` signed by a stranger's fresh key (or
 * not signed at all) and encrypted to `armoredKeys` (a reply key, the caseworkers). Encryption
 * alone proves nothing about who wrote it.
 */
export async function plantedMessageForKeys(
  text: string,
  armoredKeys: readonly string[],
  options: { signed: boolean },
): Promise<Uint8Array> {
  const encryptionKeys = await Promise.all(
    armoredKeys.map((armoredKey) => openpgp.readKey({ armoredKey })),
  );
  const signingKeys = options.signed ? [await freshSigningKey('Amanat caseworker')] : [];
  return (await openpgp.encrypt({
    message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }),
    encryptionKeys,
    signingKeys,
    format: 'binary',
    config: LEGACY,
  })) as Uint8Array;
}

/**
 * A genuinely signed message someone received (a caseworker's reply to their own report),
 * opened with their key and its signed packets (one-pass signature, literal data, signature)
 * re-encrypted, byte for byte, to `armoredKeys`: the organisation's signature, planted in another
 * case. SEIPD v1 is opened and made by hand (AES-256 CFB with an MDC, RFC 4880 5.13): OpenPGP.js
 * hands out the literal data, not the raw signed packets.
 */
export async function replantedSignedMessage(
  message: Uint8Array,
  armoredSecretKey: string,
  passphrase: string,
  armoredKeys: readonly string[],
): Promise<Uint8Array> {
  const decryptionKey = await openpgp.decryptKey({
    privateKey: await openpgp.readPrivateKey({ armoredKey: armoredSecretKey }),
    passphrase,
  });
  const [received] = await openpgp.decryptSessionKeys({
    message: await openpgp.readMessage({ binaryMessage: message }),
    decryptionKeys: decryptionKey,
  });
  if (!received || received.algorithm !== 'aes256') throw new Error('expected AES-256');
  const seipd = readPacketFraming(message).at(-1)!;
  const body = message.subarray(seipd.bodyOffset, seipd.bodyOffset + seipd.bodyLength);
  if (seipd.tag !== 18 || body[0] !== 1) throw new Error('expected a SEIPD v1 packet');
  const decipher = createDecipheriv('aes-256-cfb', received.data, Buffer.alloc(16));
  const opened = Buffer.concat([decipher.update(body.subarray(1)), decipher.final()]);
  // 16 random bytes and 2 repeated, the packets, then the 22-byte MDC packet.
  const signedPackets = opened.subarray(18, opened.length - 22);

  const sessionKey = randomBytes(32);
  const random = randomBytes(16);
  const prefix = Buffer.concat([random, random.subarray(14)]);
  const mdcHeader = Buffer.from([0xd3, 0x14]);
  const mdc = createHash('sha1').update(prefix).update(signedPackets).update(mdcHeader).digest();
  const cipher = createCipheriv('aes-256-cfb', sessionKey, Buffer.alloc(16));
  const sealed = Buffer.concat([
    cipher.update(Buffer.concat([prefix, signedPackets, mdcHeader, mdc])),
    cipher.final(),
  ]);
  const keyPackets = await openpgp.encryptSessionKey({
    data: sessionKey,
    algorithm: 'aes256',
    encryptionKeys: await Promise.all(
      armoredKeys.map((armoredKey) => openpgp.readKey({ armoredKey })),
    ),
    format: 'binary',
    config: LEGACY,
  });
  return Buffer.concat([
    keyPackets,
    newFormatPacket(18, Buffer.concat([Buffer.from([1]), sealed])),
  ]);
}

/** An OpenPGP packet with a new-format header (RFC 4880 4.2.2, no partial lengths). */
function newFormatPacket(tag: number, body: Buffer): Buffer {
  const length = body.length;
  const header =
    length < 192
      ? Buffer.from([0xc0 | tag, length])
      : length < 8384
        ? Buffer.from([0xc0 | tag, ((length - 192) >> 8) + 192, (length - 192) & 0xff])
        : Buffer.from([0xc0 | tag, 0xff, ...Buffer.from(Uint32Array.of(length).buffer).reverse()]);
  return Buffer.concat([header, body]);
}
