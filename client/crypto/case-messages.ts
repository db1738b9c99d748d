/**
 * What a caseworker's browser encrypts, reads and re-wraps inside a case (docs/http-api.md
 * "Cases"): signed internal notes (to the directory's caseworkers only), signed replies (to the
 * caseworkers and the reporter's per-report reply key, only if that key is the one the report
 * names), notes and replies with their caseworker signature checked, the reporter's follow-ups
 * with their signature checked, and new key packets that give another caseworker access to a
 * message without touching its body (docs/design.md "Sharing and offboarding"). Same profile as
 * every other message: v4 keys, PKESK v3 + SEIPD v1, AES-256, uncompressed, binary.
 *
 * Why notes and replies are signed: anyone who can write to the database can encrypt a "note"
 * to the caseworkers' public keys. Only a signature by a key of the organisation-signed
 * directory says a colleague wrote it; its notations bind it to its case (a note) or its reply
 * key (a reply), so a genuine message cannot be replanted elsewhere as another, and to the
 * message id it is stored under (message-ids.ts), so it cannot be copied into a new entry.
 */
import { CodedError } from '../../contract/coded-error';
import {
  createMessage,
  decryptSessionKeys,
  encryptSessionKey,
  enums,
  PublicKeyEncryptedSessionKeyPacket,
  readKeys,
  readMessage,
  sign,
  type Message,
  type PrivateKey,
  type PublicKey,
} from 'openpgp';
import {
  armorBlockCount,
  isAcceptedEncryptionAlgorithm,
  KEY_VERSION,
  MAX_ARMORED_KEY_CHARS,
} from '../../contract/key-policy';
import { CaseworkerKeyError, type UnlockedCaseworkerKey } from './caseworker-keys';
import { OPENPGP_CONFIG, STRICT_CONFIG } from './config';
import { decryptBoundedVerifying, decryptSignedByDirectory } from './decryption';
import type { VerifiedDirectory } from './directory';
import { CryptoError } from './errors';
import { REPLY_KEY_USER_ID } from './keys';
import { boundToEntry, messageIdNotation, type ThreadEntryRef } from './message-ids';
import { MAX_PLAINTEXT_BYTES } from './plaintext-limits';
import {
  encryptSignedMessage,
  readPublicKey,
  readRecipientKeys,
  REPLY_KEY_NOTATION,
  shownSigner,
  signerOf,
  type Signer,
} from './signatures';

/** Key packets of one message: about 100 bytes per recipient; anything near this is not ours. */
const MAX_KEY_PACKET_BYTES = 256 * 1024;

/**
 * The notation every caseworker note signature carries: the id of the case it was written in.
 * A reply a reporter received (signed, and readable with their reply key) re-encrypted to the
 * caseworkers does not carry it, so it cannot pass for a note; nor can a note of another case.
 */
export const CASE_NOTE_NOTATION = 'case-note@amanat';

export type CaseMessageErrorCode =
  | 'message_empty'
  | 'reply_key_invalid'
  | 'reply_key_unconfirmed'
  | 'reply_key_mismatch'
  | 'signer_not_in_directory'
  | 'share_key_invalid'
  | 'key_packets_malformed';

/**
 * Why a case message could not be encrypted or a key packet not re-wrapped. Final, like
 * CryptoError: the caller shows it and stops; nothing is sent instead.
 */
export class CaseMessageError extends CodedError<CaseMessageErrorCode> {
  override readonly name = 'CaseMessageError';
}

/**
 * Encrypts a signed internal case note to exactly the caseworkers of a verified directory, in
 * one OpenPGP message that `gpg --decrypt` opens and shows as a good signature: signed with the
 * unlocked caseworker key (now, with CASE_NOTE_NOTATION naming `caseId` and MESSAGE_ID_NOTATION
 * naming `messageId`, the id it is to be sent under), then PKESK v3 per caseworker + SEIPD v1. The
 * reporter's reply key is deliberately not a recipient: a note is never readable with the receipt.
 * Precondition: `directory` came from verifyRecipientDirectory (SECURITY.md "Casework": notes).
 * Throws CaseMessageError('message_empty') for blank text,
 * CaseMessageError('signer_not_in_directory') when the caseworker's own key is not a current
 * recipient (colleagues could not verify the note), CaseworkerKeyError('key_locked') once locked,
 * TypeError for a malformed message id; never returns anything unencrypted or unsigned.
 */
export async function encryptCaseNote(
  text: string,
  directory: VerifiedDirectory,
  caseId: string,
  handle: UnlockedCaseworkerKey,
  messageId: string,
): Promise<Uint8Array> {
  const plaintext = textBytes(text);
  requireSignerInDirectory(directory, handle, 'colleagues could not verify your note');
  const signed = await signAsCaseworker(plaintext, handle, CASE_NOTE_NOTATION, caseId, messageId);
  return await encryptSignedMessage(signed, await readRecipientKeys(directory));
}

/**
 * Encrypts a signed reply to the reporter (SECURITY.md "Authenticated replies"): signed with the
 * unlocked caseworker key (now, with REPLY_KEY_NOTATION naming the reply key and
 * MESSAGE_ID_NOTATION naming `messageId`, the id it is to be sent under), then encrypted
 * to the caseworkers of a verified directory and to the case's reply key, in one OpenPGP message
 * that `gpg --decrypt` opens and shows as a good signature.
 *
 * `boundFingerprint` is the reply key the case vouches for: the `replyKeyFingerprint` inside the
 * decrypted report, or a caseworker's signed confirmation for a report from before that field.
 * The server's copy of the reply key is trusted for nothing: anyone who can write to the
 * database could have swapped it for their own to read every later reply.
 *
 * Fails closed, nothing is encrypted: CaseMessageError('reply_key_unconfirmed') when
 * `boundFingerprint` is null; CaseMessageError('reply_key_mismatch') when the stored key is not
 * that key (tampering); CaseMessageError('reply_key_invalid') unless the stored key is exactly one
 * v4 public key whose only user id is REPLY_KEY_USER_ID, valid now, with an encryption subkey
 * GnuPG 2.2 can use; CaseMessageError('signer_not_in_directory') when the caseworker's own key
 * is not a current recipient (the reporter could not verify the reply);
 * CaseworkerKeyError('key_locked') once locked; CaseMessageError('message_empty') for blank text;
 * TypeError for a malformed message id.
 */
export async function encryptSignedReply(
  text: string,
  directory: VerifiedDirectory,
  armoredReplyKey: string,
  boundFingerprint: string | null,
  handle: UnlockedCaseworkerKey,
  messageId: string,
): Promise<Uint8Array> {
  const plaintext = textBytes(text);
  const replyKey = await readReplyKey(armoredReplyKey);
  const fingerprint = replyKey.getFingerprint().toLowerCase();
  if (boundFingerprint === null) {
    throw new CaseMessageError(
      'reply_key_unconfirmed',
      'The report names no reply key and none was confirmed.',
    );
  }
  // Security: the reply key must be the one the reporter's own encrypted report names; keep
  // before encrypting, or a swapped key in the database reads the reply.
  if (fingerprint !== boundFingerprint.toLowerCase()) {
    throw new CaseMessageError(
      'reply_key_mismatch',
      'The stored reply key is not the one this report names.',
    );
  }
  requireSignerInDirectory(directory, handle, 'the reporter could not verify your reply');
  const signed = await signAsCaseworker(
    plaintext,
    handle,
    REPLY_KEY_NOTATION,
    fingerprint,
    messageId,
  );
  return await encryptSignedMessage(signed, [...(await readRecipientKeys(directory)), replyKey]);
}

/** Who signed a caseworker note or reply, as the directory names them. */
export interface CaseworkerSigner extends Signer {
  /** The directory's label for the key (signed by the organisation, so it may be shown). */
  readonly label: string;
}

export type CaseworkerSignature =
  /**
   * One valid signature by a directory key (current, or retired and made no later than its
   * retirement day), bound to this case and this thread entry.
   */
  | { readonly state: 'verified'; readonly signer: CaseworkerSigner }
  /**
   * No signature at all: every note and reply from before caseworkers signed them, and any
   * message planted in the database. The two cannot be told apart.
   */
  | { readonly state: 'unsigned' }
  /**
   * Signed, but not validly by a directory key for this case and entry: a stranger's key, a
   * retired key after its day, a message of another case, a copy (or nothing could be checked).
   */
  | { readonly state: 'unverified' };

/** What a note or reply is checked against (decryptCaseworkerMessage). */
export interface CaseworkerMessagePlace {
  readonly kind: 'note' | 'reply';
  /**
   * What its kind binds it to: the case id for a note, the reply key the case vouches for
   * (reply-key-check) for a reply; null: nothing can be verified.
   */
  readonly binding: string | null;
  /** The thread entry it was served as. */
  readonly entry: ThreadEntryRef;
}

/**
 * Decrypts a caseworker note or reply with the unlocked caseworker key, producing at most
 * `maxBytes` (never more than MAX_PLAINTEXT_BYTES.caseMessage), and says who signed it:
 * `verified` only when the message carries exactly one signature, valid (as of now plus the
 * allowed clock skew), by a key of `directory` (a current caseworker, or a former one's retired
 * key for a signature made no later than its retirement day), whose notations bind it here:
 * CASE_NOTE_NOTATION naming `place.binding` (the case id) for a note, REPLY_KEY_NOTATION naming
 * it (the reply key) for a reply, and MESSAGE_ID_NOTATION naming the message id `place.entry`
 * is stored under. `binding` or `directory` null: nothing can be verified. Never throws for a
 * signature; throws what decryptBounded throws (CryptoError('decryption_failed' |
 * 'plaintext_too_large')) and CaseworkerKeyError('key_locked'). Precondition: `directory` came
 * from verifyRecipientDirectory.
 */
export async function decryptCaseworkerMessage(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | string,
  place: CaseworkerMessagePlace,
  directory: VerifiedDirectory | null,
  maxBytes: number = MAX_PLAINTEXT_BYTES.caseMessage,
): Promise<{ plaintext: Uint8Array; signature: CaseworkerSignature }> {
  const { kind, binding } = place;
  const { data, signatures, found } = await decryptSignedByDirectory(
    message,
    privateKeyOf(handle),
    Math.min(maxBytes, MAX_PLAINTEXT_BYTES.caseMessage),
    directory,
  );
  if (signatures.length === 0) return { plaintext: data, signature: { state: 'unsigned' } };
  const notation = kind === 'note' ? CASE_NOTE_NOTATION : REPLY_KEY_NOTATION;
  // Security: a genuine signature made for another case (or another reply key) is not this one.
  const boundHere =
    found !== null &&
    binding !== null &&
    found.notations.get(notation) === (kind === 'note' ? binding : binding.toLowerCase()) &&
    // Security: a genuine note or reply copied into a new entry (a new day) is not a new one.
    (await boundToEntry(found.notations, place.entry));
  if (!found || !boundHere || !directory) {
    return { plaintext: data, signature: { state: 'unverified' } };
  }
  const signer = shownSigner(found);
  return {
    plaintext: data,
    signature: {
      state: 'verified',
      signer: { ...signer, label: directoryLabel(directory, signer) },
    },
  };
}

/** The organisation-signed label of a directory key ('' if it has none). */
export function directoryLabel(directory: VerifiedDirectory, signer: Signer): string {
  const entry = [...directory.recipients, ...directory.retired].find(
    (candidate) => candidate.fingerprint.toLowerCase() === signer.fingerprint,
  );
  return entry?.label ?? '';
}

/**
 * The fingerprint (40 lower-case hex digits) of a case's stored reply key, to compare with the
 * one the report names before anything is shown as trusted. Throws
 * CaseMessageError('reply_key_invalid') for anything encryptSignedReply would refuse.
 */
export async function replyKeyFingerprintOf(armoredReplyKey: string): Promise<string> {
  return (await readReplyKey(armoredReplyKey)).getFingerprint().toLowerCase();
}

/**
 * Decrypts a reporter's follow-up with the unlocked caseworker key, producing at most `maxBytes`
 * (never more than MAX_PLAINTEXT_BYTES.report), and says whether it is signed with the case's
 * reply key: `verified` is true only when `boundFingerprint` (from the decrypted report, or a
 * confirmed legacy key) is the stored reply key's and the message carries exactly one
 * signature, valid, by that key, naming (MESSAGE_ID_NOTATION) the message id `entry` is stored
 * under. Anything else (unsigned, a stranger's signature, a swapped or unreadable reply key, no
 * bound fingerprint, a genuine follow-up copied into another entry) is `verified: false`: the
 * text is still returned, for the dashboard to show as "not verified as from the reporter".
 * Throws what decryptBounded throws (CryptoError('decryption_failed' | 'plaintext_too_large'))
 * and CaseworkerKeyError('key_locked').
 */
export async function decryptFollowUp(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | string,
  armoredReplyKey: string | null,
  boundFingerprint: string | null,
  entry: ThreadEntryRef,
  maxBytes: number = MAX_PLAINTEXT_BYTES.report,
): Promise<{ plaintext: Uint8Array; verified: boolean }> {
  const replyKey = armoredReplyKey === null ? null : await readPublicKey(armoredReplyKey);
  const candidates =
    replyKey &&
    boundFingerprint !== null &&
    replyKey.getFingerprint().toLowerCase() === boundFingerprint.toLowerCase()
      ? [
          {
            fingerprint: boundFingerprint.toLowerCase(),
            retired: false,
            refusedFrom: null,
            key: replyKey,
          },
        ]
      : [];
  const { data, signatures } = await decryptBoundedVerifying(
    message,
    privateKeyOf(handle),
    Math.min(maxBytes, MAX_PLAINTEXT_BYTES.report),
    candidates.map((candidate) => candidate.key),
    new Date(),
  );
  const found = signerOf(signatures, candidates);
  // Security: a genuine follow-up copied into a new entry (a new day) is not a new one.
  return {
    plaintext: data,
    verified: found !== null && (await boundToEntry(found.notations, entry)),
  };
}

/**
 * Gives another caseworker access to one stored message without re-encrypting it: decrypts the
 * session key from the message's key packets (`pkesks`: only PKESK v3 packets, as GET
 * /api/cases/:id/key-packets serves them) with the unlocked caseworker key, and encrypts it to
 * the target key's encryption subkey (docs/design.md "Sharing and offboarding"). Returns the bytes
 * of exactly ONE new PKESK v3 packet; inserted before the message's SEIPD packet it lets the target
 * decrypt the unchanged body. The session key is wiped afterwards (best effort).
 *
 * Preconditions: the target key comes from a verified recipient directory (the caller checks
 * that; this function only checks the key itself). Fails closed:
 * CaseMessageError('share_key_invalid') unless the target is one v4 public key, valid now, with
 * a v4 encryption subkey GnuPG 2.2 can use; CaseMessageError('key_packets_malformed') for
 * anything but PKESK v3 packets; CryptoError('decryption_failed') when no packet opens with this
 * key (or two open to different session keys); CaseworkerKeyError('key_locked') once locked.
 * SECURITY.md "Casework": sharing.
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
    // Security: one session key only; two different ones mean a crafted message. Keep before
    // encrypt.
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
 * are inherent to PKESK: SECURITY.md "What is stored or logged in plaintext").
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
export function privateKeyOf(handle: UnlockedCaseworkerKey): PrivateKey {
  const use = (handle as Partial<KeyHandleInternals>).use;
  if (typeof use !== 'function') {
    throw new CaseworkerKeyError('key_locked', 'This is not an unlocked caseworker key.');
  }
  return use.call(handle);
}

/** Refuses to sign with a key colleagues (and reporters) could not verify against the directory. */
function requireSignerInDirectory(
  directory: VerifiedDirectory,
  handle: UnlockedCaseworkerKey,
  consequence: string,
): void {
  if (!directory.recipients.some((recipient) => recipient.fingerprint === handle.fingerprint)) {
    throw new CaseMessageError(
      'signer_not_in_directory',
      `Your key is not in the current directory, so ${consequence}.`,
    );
  }
}

/**
 * One-pass signature, literal data (binary, uncompressed), signature by the caseworker key, made
 * now, with two human-readable notations: what the message is bound to, and its message id.
 */
async function signAsCaseworker(
  plaintext: Uint8Array,
  handle: UnlockedCaseworkerKey,
  notation: string,
  value: string,
  messageId: string,
): Promise<Message<Uint8Array>> {
  const messageIdBinding = messageIdNotation(messageId);
  return await sign({
    message: await createMessage({ binary: plaintext, format: 'binary' }),
    signingKeys: privateKeyOf(handle),
    signatureNotations: [
      {
        name: notation,
        value: new TextEncoder().encode(value),
        humanReadable: true,
        critical: false,
      },
      messageIdBinding,
    ],
    format: 'object',
    config: OPENPGP_CONFIG,
  });
}

/** The stored reply key, refused unless it is a usable per-report reply key. */
async function readReplyKey(armoredReplyKey: string): Promise<PublicKey> {
  const replyKey = await readUsablePublicKey(armoredReplyKey, 'reply_key_invalid');
  const userIds = replyKey.getUserIDs();
  if (userIds.length !== 1 || userIds[0] !== REPLY_KEY_USER_ID) {
    throw new CaseMessageError('reply_key_invalid', 'This is not a per-report reply key.');
  }
  return replyKey;
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
  if (armorBlockCount(armored) !== 1) throw refuse('Expected one key.');
  let keys: PublicKey[];
  try {
    keys = await readKeys({ armoredKeys: armored, config: STRICT_CONFIG });
  } catch {
    throw refuse('This is not a readable armored OpenPGP public key.');
  }
  const key = keys[0];
  if (keys.length !== 1 || !key) throw refuse('Expected one key.');
  if (key.isPrivate()) throw refuse('A public key was expected.');
  if (
    key.keyPacket.version !== KEY_VERSION ||
    key.subkeys.some((s) => s.keyPacket.version !== KEY_VERSION)
  ) {
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
  // The key policy (contract/key-policy.ts): an algorithm, curve and size GnuPG 2.2 can use.
  if (
    encryptionKey.keyPacket.version !== KEY_VERSION ||
    !isAcceptedEncryptionAlgorithm(encryptionKey.getAlgorithmInfo())
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
