/**
 * Who may read a message, and the check that a stored message is exactly that: PKESK v3 packets
 * for exactly the required holders' keys followed by one SEIPD v1 packet (docs/design.md "Contracts
 * outside tools rely on"). Used for reports, the reporter's follow-ups and caseworker replies
 * alike.
 */
import { InvalidInputError, UnprocessableError } from '../../platform/errors';
import {
  ArmorError,
  dearmorMessage,
  inspectEncryptedMessage,
  MessageRefusedError,
} from '../../platform/openpgp';
import type { CurrentDirectory } from '../directory';

export interface RecipientPolicy {
  /** Encryption key id (lower-case hex) → who holds it (a caseworker fingerprint, or 'reporter'). */
  readonly holderByKeyId: ReadonlyMap<string, string>;
  /** Every holder must be able to read the message, and no one else may. */
  readonly holderCount: number;
  /** Named in errors: which list the sender should fetch again. */
  readonly directoryVersion: number;
}

/**
 * Reports and follow-ups: every caseworker of the current directory, nobody else. Only the
 * active recipients hold keys here: the directory's retired keys (former caseworkers, listed so
 * their signatures still verify) are never recipients, so a message naming one is refused as
 * 'unknown_recipient'.
 */
export function caseworkersOf(directory: CurrentDirectory): RecipientPolicy {
  const holderByKeyId = new Map<string, string>();
  // Security: `recipients` only, never `retired`; keep it that way.
  for (const recipient of directory.content.recipients) {
    for (const keyId of recipient.encryptionKeyIds) holderByKeyId.set(keyId, recipient.fingerprint);
  }
  return {
    holderByKeyId,
    holderCount: directory.content.recipients.length,
    directoryVersion: directory.version,
  };
}

/** Replies: the caseworkers and the reporter's reply key. */
export function caseworkersAndReporter(
  directory: CurrentDirectory,
  replyKeyIds: readonly string[],
): RecipientPolicy {
  const caseworkers = caseworkersOf(directory);
  const holderByKeyId = new Map(caseworkers.holderByKeyId);
  for (const keyId of replyKeyIds) holderByKeyId.set(keyId, 'reporter');
  return { ...caseworkers, holderByKeyId, holderCount: caseworkers.holderCount + 1 };
}

export interface ValidatedMessage {
  /** The exact packet bytes received (armor removed). */
  readonly bytes: Uint8Array;
  readonly recipientKeyIds: string[];
}

export async function validateEncryptedMessage(
  armored: string,
  policy: RecipientPolicy,
): Promise<ValidatedMessage> {
  return await validateEncryptedBytes(decodeArmor(armored), policy);
}

/** The same check for binary messages (attachment parts travel unarmored). */
export async function validateEncryptedBytes(
  bytes: Uint8Array,
  policy: RecipientPolicy,
): Promise<ValidatedMessage> {
  let recipientKeyIds: string[];
  try {
    recipientKeyIds = [...(await inspectEncryptedMessage(bytes)).recipientKeyIds];
  } catch (error) {
    if (error instanceof MessageRefusedError)
      throw new UnprocessableError(error.code, error.message);
    throw error;
  }
  checkRecipients(recipientKeyIds, policy);
  return { bytes, recipientKeyIds };
}

function decodeArmor(armored: string): Uint8Array {
  try {
    return dearmorMessage(armored);
  } catch (error) {
    if (error instanceof ArmorError) throw new InvalidInputError(error.code, error.message);
    throw error;
  }
}

function checkRecipients(recipientKeyIds: readonly string[], policy: RecipientPolicy): void {
  if (new Set(recipientKeyIds).size !== recipientKeyIds.length) {
    throw new UnprocessableError(
      'duplicate_recipient',
      'The message names the same recipient key twice.',
    );
  }
  const covered = new Set<string>();
  for (const keyId of recipientKeyIds) {
    const holder = policy.holderByKeyId.get(keyId);
    if (!holder) {
      throw new UnprocessableError(
        'unknown_recipient',
        'The message is encrypted to a key that is not in the current recipient directory.',
      );
    }
    if (covered.has(holder)) {
      throw new UnprocessableError(
        'duplicate_recipient',
        'The message names two keys of the same holder.',
      );
    }
    covered.add(holder);
  }
  if (covered.size !== policy.holderCount) {
    throw new UnprocessableError(
      'recipient_missing',
      `The message must be encrypted to every caseworker in directory version ${policy.directoryVersion}; fetch /api/recipients again.`,
    );
  }
}
