/**
 * The reply path on the reporter's device (SECURITY.md "Authenticated replies"): the reply key,
 * unlocked with the receipt-derived passphrase, reads caseworker replies and signs the reporter's
 * follow-ups. A reply counts as the organisation's only when a caseworker key of the verified
 * directory signed it for this very reply key; a follow-up is signed so the dashboard can tell it
 * from one planted in the database.
 */
import { createMessage, sign, type PrivateKey } from 'openpgp';
import { OPENPGP_CONFIG, REPORTER_TIMESTAMP } from './config';
import { decryptBoundedVerifying } from './decryption';
import type { VerifiedDirectory } from './directory';
import { unlockSecretKey } from './keys';
import { armorBinaryMessage } from './messages';
import { MAX_PLAINTEXT_BYTES } from './plaintext-limits';
import {
  encryptSignedMessage,
  latestSignatureTime,
  readDirectorySigners,
  readRecipientKeys,
  REPLY_KEY_NOTATION,
  signerOf,
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
   * The directory key that signed it for this reply key; null when it is unsigned, signed by a
   * key outside the directory, signed for another reply key, or its signature does not verify.
   * Only a non-null signer may be shown as coming from the organisation.
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
 * (a retired key of the directory), whose one valid signature carries REPLY_KEY_NOTATION with
 * this reply key's fingerprint. Precondition: `directory` came from verifyRecipientDirectory.
 * Throws CryptoError('decryption_failed' | 'plaintext_too_large') as decryptBounded does; an
 * unverifiable signature never throws, it gives `signer: null`.
 */
export async function decryptReply(
  message: Uint8Array | string,
  replyKey: UnlockedReplyKey,
  directory: VerifiedDirectory,
): Promise<DecryptedReply> {
  const signers = await readDirectorySigners(directory);
  const { data, signatures } = await decryptBoundedVerifying(
    message,
    handleOf(replyKey).use(),
    MAX_PLAINTEXT_BYTES.caseMessage,
    signers.map((signer) => signer.key),
    latestSignatureTime(),
  );
  const found = signerOf(signatures, signers);
  // Security: a genuine reply written for another reply key (the sender's own report, say) and
  // re-encrypted to this one is not the organisation speaking to this reporter.
  const forThisKey = found?.notations.get(REPLY_KEY_NOTATION) === replyKey.fingerprint;
  return {
    text: new TextDecoder('utf-8', { fatal: false }).decode(data),
    signer:
      found && forThisKey
        ? { fingerprint: found.signer.fingerprint, retired: found.signer.retired }
        : null,
  };
}

/**
 * Signs a follow-up document with the reply key and encrypts it to every caseworker of a
 * verified directory; armored, as POST /api/receipts/messages expects. In two steps: the
 * signature and the literal data carry REPORTER_TIMESTAMP (a stored time would date the
 * reporter's writing), then the signed packets are encrypted with the caseworkers' keys checked
 * as of now (keys made after REPORTER_TIMESTAMP are not valid "then"). A reply key made before
 * reply keys carried REPORTER_TIMESTAMP signs at its own creation time instead, which is stored
 * with the report already. Precondition: `directory` came from verifyRecipientDirectory.
 */
export async function encryptSignedFollowUp(
  followUp: object,
  replyKey: UnlockedReplyKey,
  directory: VerifiedDirectory,
): Promise<string> {
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
