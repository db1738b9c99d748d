/**
 * Sharing at the packet level (docs/design.md "Sharing and offboarding"): a caseworker who can read
 * a message re-wraps its session key for a colleague's key in their browser and uploads only the
 * new PKESK packet. The server inserts it after the existing ones; the SEIPD body is untouched.
 * The server cannot check that the packet wraps the right session key (it cannot decrypt); a
 * wrong one only means the colleague still cannot read the message.
 */
import { CodedError } from '../../../contract/coded-error';
import { inspectEncryptedMessage, MessageRefusedError } from './encrypted-message';
import { readPacketFraming } from './packet-framing';

export class RecipientSharingError extends CodedError<
  'invalid_message' | 'invalid_key_packet' | 'already_a_recipient'
> {
  override readonly name = 'RecipientSharingError';
}

/** The PKESK packets of a stored message, as bytes: all a browser needs to re-wrap it. */
export async function keyPacketsOf(message: Uint8Array): Promise<Uint8Array> {
  const { recipientKeyIds } = await inspect(message, 'invalid_message');
  return message.slice(0, endOfKeyPackets(message, recipientKeyIds.length));
}

/**
 * Returns the message with `keyPacket` (exactly one PKESK v3 packet for one of `allowedKeyIds`)
 * inserted after its existing key packets, and the new recipient key ids.
 */
export async function addRecipient(
  message: Uint8Array,
  keyPacket: Uint8Array,
  allowedKeyIds: ReadonlySet<string>,
): Promise<{ bytes: Uint8Array; recipientKeyIds: readonly string[]; addedKeyId: string }> {
  const before = (await inspect(message, 'invalid_message')).recipientKeyIds;
  const end = endOfKeyPackets(message, before.length);
  const bytes = new Uint8Array(message.length + keyPacket.length);
  bytes.set(message.subarray(0, end), 0);
  bytes.set(keyPacket, end);
  bytes.set(message.subarray(end), end + keyPacket.length);
  // Security: the result must pass intake's check with exactly one more PKESK, for an allowed key.
  const after = (await inspect(bytes, 'invalid_key_packet')).recipientKeyIds;
  const addedKeyId = after[before.length];
  if (
    after.length !== before.length + 1 ||
    addedKeyId === undefined ||
    before.some((keyId, index) => after[index] !== keyId)
  ) {
    throw new RecipientSharingError('invalid_key_packet', 'Send exactly one key packet.');
  }
  if (!allowedKeyIds.has(addedKeyId)) {
    throw new RecipientSharingError(
      'invalid_key_packet',
      'The key packet is not for the caseworker being given access.',
    );
  }
  if (before.includes(addedKeyId)) {
    throw new RecipientSharingError(
      'already_a_recipient',
      'That key can already read this message.',
    );
  }
  return { bytes, recipientKeyIds: after, addedKeyId };
}

function endOfKeyPackets(message: Uint8Array, keyPacketCount: number): number {
  const packets = readPacketFraming(message);
  const last = packets[keyPacketCount - 1];
  if (!last || last.usedPartialLengths) {
    throw new RecipientSharingError('invalid_message', 'The message structure is ambiguous.');
  }
  return last.bodyOffset + last.bodyLength;
}

async function inspect(
  bytes: Uint8Array,
  code: 'invalid_message' | 'invalid_key_packet',
): Promise<{ recipientKeyIds: readonly string[] }> {
  try {
    return await inspectEncryptedMessage(bytes);
  } catch (error) {
    if (error instanceof MessageRefusedError || (error as Error).name === 'PacketFramingError') {
      throw new RecipientSharingError(
        code,
        `Not a valid encrypted message: ${(error as Error).message}`,
      );
    }
    throw error;
  }
}
