/**
 * Offboarding at the packet level (docs/design.md "Sharing and offboarding"): drops the PKESK
 * packets of removed caseworker keys from a stored message. Every other packet is copied byte for
 * byte, with its original header; the SEIPD packet (the encrypted body) is never touched, so
 * nothing is decrypted or re-encrypted and the remaining recipients read exactly what they read
 * before.
 *
 * This is not cryptographic revocation: the session key is unchanged, so any copy of the message
 * that still holds the removed PKESK (a backup, an export) stays readable with the removed key.
 */
import { CodedError } from '../../../contract/coded-error';
import {
  inspectEncryptedMessage,
  MessageRefusedError,
  type MessageRefusalCode,
} from './encrypted-message';
import { readPacketFraming } from './packet-framing';

export type RecipientRemovalErrorCode =
  /** The input is not what intake stores: PKESK v3 packets followed by one SEIPD v1 packet. */
  | 'invalid_message'
  /** A key id to remove is not 16 lower-case hex characters (it could never match). */
  | 'invalid_key_id'
  /** Every PKESK would go: the message would become unreadable for everyone. */
  | 'no_recipient_left';

export class RecipientRemovalError extends CodedError<RecipientRemovalErrorCode> {
  override readonly name = 'RecipientRemovalError';
  constructor(
    code: RecipientRemovalErrorCode,
    message: string,
    /** Why intake's validation refused the input, for 'invalid_message'. */
    readonly refusal?: MessageRefusalCode,
  ) {
    super(code, message);
  }
}

export interface RecipientRemoval {
  /** The rewritten message; equal to the input when nothing was removed. */
  readonly bytes: Uint8Array;
  /** PKESK packets dropped. */
  readonly removed: number;
  /** PKESK packets kept. */
  readonly remaining: number;
  /** Lower-case hex key ids of the kept PKESK packets, in order. */
  readonly remainingKeyIds: readonly string[];
}

const KEY_ID = /^[0-9a-f]{16}$/;

/**
 * Returns `message` without the PKESK packets whose key id is in `keyIdsToRemove`.
 * Pure: reads only its arguments and returns a new array. Async because it runs the same
 * validation as intake, whose last step is OpenPGP.js's strict parser.
 *
 * Throws RecipientRemovalError: 'invalid_message' if intake would refuse the input,
 * 'invalid_key_id' for a key id that is not lower-case hex, and 'no_recipient_left' rather than
 * return a message nobody can open.
 */
export async function removeRecipients(
  message: Uint8Array,
  keyIdsToRemove: ReadonlySet<string>,
): Promise<RecipientRemoval> {
  for (const keyId of keyIdsToRemove) {
    if (!KEY_ID.test(keyId)) {
      throw new RecipientRemovalError(
        'invalid_key_id',
        'Key ids to remove must be 16 lower-case hexadecimal characters.',
      );
    }
  }
  // Security: the exact check intake applies, so only a message intake would accept is rewritten.
  const recipientKeyIds = await inspectStoredMessage(message);
  const packets = readPacketFraming(message);
  if (packets.length !== recipientKeyIds.length + 1) {
    throw new RecipientRemovalError('invalid_message', 'The message structure is ambiguous.');
  }

  const kept: Uint8Array[] = [];
  const remainingKeyIds: string[] = [];
  let start = 0;
  for (const [index, keyId] of recipientKeyIds.entries()) {
    const packet = packets[index]!;
    // Key packets never use partial lengths (the framing reader refuses them), so the body ends
    // exactly bodyLength bytes after it starts and the next packet begins there.
    if (packet.usedPartialLengths) {
      throw new RecipientRemovalError('invalid_message', 'A recipient packet is malformed.');
    }
    const end = packet.bodyOffset + packet.bodyLength;
    if (!keyIdsToRemove.has(keyId)) {
      kept.push(message.subarray(start, end));
      remainingKeyIds.push(keyId);
    }
    start = end;
  }
  const removed = recipientKeyIds.length - remainingKeyIds.length;
  if (remainingKeyIds.length === 0) {
    throw new RecipientRemovalError(
      'no_recipient_left',
      'Removing these keys would leave no one able to read the message.',
    );
  }
  if (removed === 0) {
    return { bytes: message.slice(), removed, remaining: remainingKeyIds.length, remainingKeyIds };
  }
  // The SEIPD packet, header and (possibly partial-length) body, to the last byte: never touched.
  kept.push(message.subarray(start));
  const bytes = concat(kept);

  // Defence in depth: what we store must pass intake's check and name exactly the kept keys.
  const rewrittenKeyIds = await inspectStoredMessage(bytes);
  if (rewrittenKeyIds.join(',') !== remainingKeyIds.join(',')) {
    throw new RecipientRemovalError('invalid_message', 'The rewritten message does not check out.');
  }
  return { bytes, removed, remaining: remainingKeyIds.length, remainingKeyIds };
}

async function inspectStoredMessage(bytes: Uint8Array): Promise<readonly string[]> {
  try {
    return (await inspectEncryptedMessage(bytes)).recipientKeyIds;
  } catch (error) {
    if (error instanceof MessageRefusedError) {
      throw new RecipientRemovalError(
        'invalid_message',
        `The stored message is not a valid encrypted message: ${error.message}`,
        error.code,
      );
    }
    throw error;
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
