/**
 * The reply path on the reporter's device (SECURITY.md "Authenticated replies"): the reply key,
 * unlocked with the receipt-derived passphrase, reads caseworker replies and signs the reporter's
 * follow-ups. A reply counts as the organisation's only when a caseworker key of the verified
 * directory signed it for this very reply key and for the thread entry it is served as; a
 * follow-up is signed, with the message id it is sent under, so the dashboard can tell it from
 * one planted in the database or copied into a new entry.
 */
import { createMessage, sign, type PrivateKey } from 'openpgp';
import { OPENPGP_CONFIG, REPORTER_TIMESTAMP } from './config';
import { decryptSignedByDirectory } from './decryption';
import type { VerifiedDirectory } from './directory';
import { unlockSecretKey } from './keys';
import { boundToEntry, messageIdNotation, type ThreadEntryRef } from './message-ids';
import { armorBinaryMessage } from './messages';
import { MAX_PLAINTEXT_BYTES } from './plaintext-limits';
import {
  encryptSignedMessage,
  readRecipientKeys,
  REPLY_KEY_NOTATION,
  shownSigner,
  type Signer,
} from './signatures';

/** The reporter's unlocked reply key: opaque; the secret key stays inside client/crypto. */
export interface UnlockedReplyKey {
  /** Lower-case hex v4 fingerprint of the reply key. */
  readonly fingerprint: string;
}

class ReplyKeyHandle implements UnlockedReplyKey {
  readonly fingerprint: string;
  readonly #key: PrivateKey;
  constructor(key: PrivateKey) {
    this.fingerprint = key.getFingerprint().toLowerCase();
    this.#key = key;
  }
  use(): PrivateKey {
    return this.#key;
  }
}

/** A caseworker reply as the reporter's page may show it. */
export interface DecryptedReply {
  readonly text: string;
  /**
   * The directory key that signed it for this reply key and this thread entry; null when it is
   * unsigned, signed by a key outside the directory (or by a retired key after its retirement
   * day), signed for another reply key or another entry (a copy), or its signature does not
   * verify. Only a non-null signer may be shown as coming from the organisation; a retired one
   * only as a former caseworker, with the day its signature names (`signer.signedOn`).
   */
  readonly signer: Signer | null;
}

/**
 * Unlocks the reply secret key stored with the case (passphrase-protected with the
 * receipt-derived passphrase, deriveReplyKeyPassphrase), in memory only. Only the receipt opens
 * it, so a key swapped into the database does not unlock. Throws CryptoError('wrong_passphrase')
 * (also for an unprotected key).
 */
export async function unlockReplyKey(
  armoredSecretKey: string,
  passphrase: string,
): Promise<UnlockedReplyKey> {
  return new ReplyKeyHandle(await unlockSecretKey(armoredSecretKey, passphrase));
}

/**
 * Decrypts a caseworker reply with the reporter's reply key, producing at most
 * MAX_PLAINTEXT_BYTES.caseMessage, and names its signer: a current caseworker, or a former one
 * (a retired key of the directory, for a signature made no later than its retirement day), whose
 * one valid signature carries REPLY_KEY_NOTATION with this reply key's fingerprint and
 * MESSAGE_ID_NOTATION with the message id `entry` is stored under. Precondition: `directory`
 * came from verifyRecipientDirectory. Throws CryptoError('decryption_failed' |
 * 'plaintext_too_large') as decryptBounded does; an unverifiable signature never throws, it
 * gives `signer: null`.
 */
export async function decryptReply(
  message: Uint8Array | string,
  replyKey: UnlockedReplyKey,
  directory: VerifiedDirectory,
  entry: ThreadEntryRef,
): Promise<DecryptedReply> {
  const { data, found } = await decryptSignedByDirectory(
    message,
    handleOf(replyKey).use(),
    MAX_PLAINTEXT_BYTES.caseMessage,
    directory,
  );
  // Security: a genuine reply written for another reply key (the sender's own report, say) and
  // re-encrypted to this one is not the organisation speaking to this reporter.
  const forThisKey = found?.notations.get(REPLY_KEY_NOTATION) === replyKey.fingerprint;
  // Security: a genuine reply copied into a new entry (a new day) is not a new message.
  const asThisEntry = found !== null && (await boundToEntry(found.notations, entry));
  return {
    text: new TextDecoder('utf-8', { fatal: false }).decode(data),
    signer: found && forThisKey && asThisEntry ? shownSigner(found) : null,
  };
}

/**
 * Signs a follow-up document with the reply key and encrypts it to every caseworker of a
 * verified directory; armored, as POST /api/receipts/messages expects, to be sent under
 * `messageId` (the signature names it: MESSAGE_ID_NOTATION). In two steps: the signature and
 * the literal data carry REPORTER_TIMESTAMP (a stored time would date the reporter's writing),
 * then the signed packets are encrypted with the caseworkers' keys checked as of now (keys made
 * after REPORTER_TIMESTAMP are not valid "then"). A reply key made before reply keys carried
 * REPORTER_TIMESTAMP signs at its own creation time instead, which is stored with the report
 * already. Precondition: `directory` came from verifyRecipientDirectory. TypeError for a
 * malformed message id.
 */
export async function encryptSignedFollowUp(
  followUp: object,
  replyKey: UnlockedReplyKey,
  directory: VerifiedDirectory,
  messageId: string,
): Promise<string> {
  const notation = messageIdNotation(messageId);
  const key = handleOf(replyKey).use();
  const createdAt = key.getCreationTime();
  const signed = await sign({
    message: await createMessage({
      binary: new TextEncoder().encode(JSON.stringify(followUp)),
      format: 'binary',
      date: REPORTER_TIMESTAMP,
    }),
    signingKeys: key,
    date: createdAt > REPORTER_TIMESTAMP ? createdAt : REPORTER_TIMESTAMP,
    signatureNotations: [notation],
    format: 'object',
    config: OPENPGP_CONFIG,
  });
  return armorBinaryMessage(await encryptSignedMessage(signed, await readRecipientKeys(directory)));
}

function handleOf(replyKey: UnlockedReplyKey): ReplyKeyHandle {
  if (!(replyKey instanceof ReplyKeyHandle)) {
    throw new TypeError('This is not an unlocked reply key.');
  }
  return replyKey;
}
