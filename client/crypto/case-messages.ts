/**
 * What a caseworker's browser encrypts and re-wraps inside a case (docs/staff-api.md "Cases"):
 * internal notes (to the directory's caseworkers only), replies (to the caseworkers and the
 * reporter's per-report reply key) and new key packets that give another caseworker access to a
 * message without touching its body (DESIGN.md "Sharing and offboarding"). Same profile as every
 * other message: v4 keys, PKESK v3 + SEIPD v1, AES-256, uncompressed, binary.
 */
import {
  decryptSessionKeys,
  encryptSessionKey,
  enums,
  PublicKeyEncryptedSessionKeyPacket,
  readKeys,
  readMessage,
  type Message,
  type PrivateKey,
  type PublicKey,
} from 'openpgp';
import { CaseworkerKeyError, type UnlockedCaseworkerKey } from './caseworker-keys';
import { STRICT_CONFIG } from './config';
import type { VerifiedDirectory } from './directory';
import { CryptoError } from './errors';
import { REPLY_KEY_USER_ID } from './keys';
import { encryptForDirectory } from './messages';

/** Largest armored public key read here (the server caps stored keys the same way). */
const MAX_ARMORED_KEY_CHARS = 64 * 1024;
/** Key packets of one message: about 100 bytes per recipient; anything near this is not ours. */
const MAX_KEY_PACKET_BYTES = 256 * 1024;
/** v4 public-key algorithms GnuPG 2.2 can encrypt to (RFC 9580's X25519/X448 ids it cannot). */
const ENCRYPTION_ALGORITHMS = new Set(['rsaEncryptSign', 'rsaEncrypt', 'ecdh']);
const MIN_RSA_BITS = 3072;

export type CaseMessageErrorCode =
  'message_empty' | 'reply_key_invalid' | 'share_key_invalid' | 'key_packets_malformed';

/**
 * Why a case message could not be encrypted or a key packet not re-wrapped. Final, like
 * CryptoError: the caller shows it and stops; nothing is sent instead.
 */
export class CaseMessageError extends Error {
  override readonly name = 'CaseMessageError';
  constructor(
    readonly code: CaseMessageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Encrypts an internal case note to exactly the caseworkers of a verified directory (binary
 * PKESK v3 per caseworker + SEIPD v1). The reporter's reply key is deliberately not a recipient:
 * a note is never readable with the receipt. Precondition: `directory` came from
 * verifyRecipientDirectory (SECURITY.md "Casework (issue 5)": notes). Throws
 * CaseMessageError('message_empty') for blank text; never returns anything unencrypted.
 */
export async function encryptCaseNote(
  text: string,
  directory: VerifiedDirectory,
): Promise<Uint8Array> {
  return await encryptForDirectory(textBytes(text), directory);
}

/**
 * Encrypts a reply to the reporter: to the caseworkers of a verified directory and to the case's
 * reply key, so the reporter reads it with the receipt (DESIGN.md "Replies"). The reply key is
 * checked first and refused (CaseMessageError('reply_key_invalid')) unless it is exactly one v4
 * public key whose only user id is REPLY_KEY_USER_ID, valid now, with an encryption subkey GnuPG
 * 2.2 can use: a swapped key could carry anything, and a secret key here means the server mixed
 * things up. Throws CaseMessageError('message_empty') for blank text. SECURITY.md "Casework
 * (issue 5)": replies.
 */
export async function encryptCaseReply(
  text: string,
  directory: VerifiedDirectory,
  armoredReplyKey: string,
): Promise<Uint8Array> {
  const plaintext = textBytes(text);
  const replyKey = await readUsablePublicKey(armoredReplyKey, 'reply_key_invalid');
  const userIds = replyKey.getUserIDs();
  if (userIds.length !== 1 || userIds[0] !== REPLY_KEY_USER_ID) {
    throw new CaseMessageError('reply_key_invalid', 'This is not a per-report reply key.');
  }
  // The reply key joins the directory's recipients for this one message only; encryptForDirectory
  // reads nothing but each recipient's public key.
  return await encryptForDirectory(plaintext, {
    ...directory,
    recipients: [
      ...directory.recipients,
      {
        fingerprint: replyKey.getFingerprint().toLowerCase(),
        label: REPLY_KEY_USER_ID,
        publicKey: armoredReplyKey,
      },
    ],
  });
}

/**
 * Gives another caseworker access to one stored message without re-encrypting it: decrypts the
 * session key from the message's key packets (`pkesks`: only PKESK v3 packets, as GET
 * /api/cases/:id/key-packets serves them) with the unlocked caseworker key, and encrypts it to
 * the target key's encryption subkey (DESIGN.md "Sharing and offboarding"). Returns the bytes of
 * exactly ONE new PKESK v3 packet; inserted before the message's SEIPD packet it lets the target
 * decrypt the unchanged body. The session key is wiped afterwards (best effort).
 *
 * Preconditions: the target key comes from a verified recipient directory (the caller checks
 * that; this function only checks the key itself). Fails closed:
 * CaseMessageError('share_key_invalid') unless the target is one v4 public key, valid now, with
 * a v4 encryption subkey GnuPG 2.2 can use; CaseMessageError('key_packets_malformed') for
 * anything but PKESK v3 packets; CryptoError('decryption_failed') when no packet opens with this
 * key (or two open to different session keys); CaseworkerKeyError('key_locked') once locked.
 * SECURITY.md "Casework (issue 5)": sharing.
 */
export async function rewrapKeyPackets(
  handle: UnlockedCaseworkerKey,
  pkesks: Uint8Array,
  armoredTargetPublicKey: string,
): Promise<Uint8Array> {
  const target = await readUsablePublicKey(armoredTargetPublicKey, 'share_key_invalid');
  const targetKeyId = (
    await target.getEncryptionKey(undefined, new Date(), undefined, STRICT_CONFIG)
  )
    .getKeyID()
    .toHex();
  const decryptionKey = privateKeyOf(handle);
  const keyPackets = await readKeyPackets(pkesks);
  let sessionKeys: { data: Uint8Array; algorithm: string | null }[];
  try {
    sessionKeys = await decryptSessionKeys({
      message: keyPackets,
      decryptionKeys: decryptionKey,
      config: STRICT_CONFIG,
    });
  } catch {
    throw new CryptoError('decryption_failed', 'This message cannot be decrypted with this key.');
  }
  try {
    const [sessionKey, ...others] = sessionKeys;
    // Security: one session key only; two different ones mean a crafted message. Keep before encrypt.
    if (
      !sessionKey ||
      others.some((other) => !sameBytes(other.data, sessionKey.data)) ||
      sessionKey.algorithm === null ||
      !isSymmetricName(sessionKey.algorithm)
    ) {
      throw new CryptoError('decryption_failed', 'This message cannot be decrypted with this key.');
    }
    const packet = await encryptSessionKey({
      data: sessionKey.data,
      algorithm: sessionKey.algorithm,
      encryptionKeys: target,
      wildcard: false,
      format: 'binary',
      config: STRICT_CONFIG,
    });
    // Security: exactly one PKESK v3 naming the target's encryption subkey, nothing else.
    const written = await readKeyPackets(packet);
    const only = written.packets[0] as unknown as PkeskShape | undefined;
    if (written.packets.length !== 1 || !only || only.publicKeyID.toHex() !== targetKeyId) {
      throw new CaseMessageError('key_packets_malformed', 'The new key packet is not as expected.');
    }
    return packet;
  } finally {
    for (const sessionKey of sessionKeys) sessionKey.data.fill(0);
  }
}

/**
 * The key ids (16 lower-case hex digits) that a message's key packets name, in order, e.g. to
 * skip a message a caseworker can already read. Throws CaseMessageError('key_packets_malformed')
 * for anything but PKESK v3 packets. Reveals nothing the server does not already see (key ids
 * are inherent to PKESK: SECURITY.md "What the server stores or logs in plaintext").
 */
export async function recipientKeyIdsOf(pkesks: Uint8Array): Promise<string[]> {
  const message = await readKeyPackets(pkesks);
  return message.packets.map((packet) =>
    (packet as unknown as PkeskShape).publicKeyID.toHex().toLowerCase(),
  );
}

interface PkeskShape {
  readonly version: number;
  readonly publicKeyID: { toHex(): string; isWildcard(): boolean };
}

interface KeyHandleInternals {
  use(): PrivateKey;
}

/**
 * The secret key behind an unlock handle. UnlockedCaseworkerKey is opaque to callers; this
 * module is part of client/crypto and reaches the key the way decryptWithCaseworkerKey does.
 */
function privateKeyOf(handle: UnlockedCaseworkerKey): PrivateKey {
  const use = (handle as Partial<KeyHandleInternals>).use;
  if (typeof use !== 'function') {
    throw new CaseworkerKeyError('key_locked', 'This is not an unlocked caseworker key.');
  }
  return use.call(handle);
}

function textBytes(text: string): Uint8Array {
  if (text.trim() === '') throw new CaseMessageError('message_empty', 'The message is empty.');
  return new TextEncoder().encode(text);
}

async function readKeyPackets(bytes: Uint8Array): Promise<Message<Uint8Array>> {
  if (bytes.length === 0 || bytes.length > MAX_KEY_PACKET_BYTES) {
    throw new CaseMessageError('key_packets_malformed', 'No key packets, or far too many.');
  }
  let message: Message<Uint8Array>;
  try {
    message = await readMessage({ binaryMessage: bytes, config: STRICT_CONFIG });
  } catch {
    throw new CaseMessageError('key_packets_malformed', 'These are not OpenPGP key packets.');
  }
  // Security: PKESK v3 for a real key id only; a body, password packet or wildcard is refused.
  const packets = [...message.packets];
  if (
    packets.length === 0 ||
    !packets.every((packet) => {
      if (!(packet instanceof PublicKeyEncryptedSessionKeyPacket)) return false;
      const pkesk = packet as unknown as PkeskShape;
      return pkesk.version === 3 && !pkesk.publicKeyID.isWildcard();
    })
  ) {
    throw new CaseMessageError('key_packets_malformed', 'Only PKESK v3 packets are accepted.');
  }
  return message;
}

/**
 * Exactly one v4 public key, valid now, with a v4 encryption subkey whose algorithm GnuPG 2.2
 * can use; anything else is refused with `code`.
 */
async function readUsablePublicKey(
  armored: string,
  code: 'reply_key_invalid' | 'share_key_invalid',
): Promise<PublicKey> {
  const refuse = (why: string): CaseMessageError => new CaseMessageError(code, why);
  if (armored.length > MAX_ARMORED_KEY_CHARS) throw refuse('The key is too large.');
  // readKeys reads only the first armor block; a second one would be silently ignored.
  if ((armored.match(/-----BEGIN PGP /g) ?? []).length !== 1) throw refuse('Expected one key.');
  let keys: PublicKey[];
  try {
    keys = await readKeys({ armoredKeys: armored, config: STRICT_CONFIG });
  } catch {
    throw refuse('This is not a readable armored OpenPGP public key.');
  }
  const key = keys[0];
  if (keys.length !== 1 || !key) throw refuse('Expected one key.');
  if (key.isPrivate()) throw refuse('A public key was expected.');
  if (key.keyPacket.version !== 4 || key.subkeys.some((s) => s.keyPacket.version !== 4)) {
    throw refuse('Only version 4 keys are accepted (GnuPG 2.2 compatible).');
  }
  const now = new Date();
  try {
    await key.verifyPrimaryKey(now, undefined, STRICT_CONFIG);
  } catch {
    throw refuse('The key is revoked, expired or its self-signature does not verify.');
  }
  const encryptionKey = await key
    .getEncryptionKey(undefined, now, undefined, STRICT_CONFIG)
    .catch(() => null);
  if (encryptionKey === null) throw refuse('The key has no valid encryption subkey.');
  const info = encryptionKey.getAlgorithmInfo();
  if (
    encryptionKey.keyPacket.version !== 4 ||
    !ENCRYPTION_ALGORITHMS.has(info.algorithm) ||
    (info.algorithm.startsWith('rsa') && (info.bits ?? 0) < MIN_RSA_BITS)
  ) {
    throw refuse('The encryption subkey uses an algorithm GnuPG 2.2 cannot use.');
  }
  return key;
}

function isSymmetricName(name: string): name is enums.symmetricNames {
  return Object.prototype.hasOwnProperty.call(enums.symmetric, name);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
