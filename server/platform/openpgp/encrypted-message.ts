/**
 * Decides whether bytes are exactly what a reporter's browser or GnuPG produces when encrypting to
 * public keys: PKESK v3 packets followed by one SEIPD v1 packet (docs/design.md "Contracts outside
 * tools rely on"). Anything else is refused with a specific code. The server never decrypts; it
 * reads packet headers and the recipient key ids, which are inherent plaintext of OpenPGP.
 */
import { CodedError } from '../../../contract/coded-error';
import { readMessage } from 'openpgp';
import { PacketFramingError, readPacketFraming, type FramedPacket } from './packet-framing';

export type MessageRefusalCode =
  | 'empty_message'
  | 'truncated'
  | 'malformed_packet'
  | 'not_encrypted'
  | 'compressed_data'
  | 'password_encrypted'
  | 'no_recipients'
  | 'unsupported_recipient_packet'
  | 'wildcard_recipient'
  | 'no_integrity_protection'
  | 'unsupported_encryption'
  | 'concatenated_messages';

export class MessageRefusedError extends CodedError<MessageRefusalCode> {
  override readonly name = 'MessageRefusedError';
}

export interface EncryptedMessageShape {
  /** Lower-case hex key ids of the PKESK packets, in order. */
  readonly recipientKeyIds: readonly string[];
}

const TAG = {
  pkesk: 1,
  signature: 2,
  skesk: 3,
  onePassSignature: 4,
  compressed: 8,
  sed: 9,
  marker: 10,
  literal: 11,
  seipd: 18,
  aead: 20,
} as const;

const WILDCARD_KEY_ID = '0000000000000000';
/** Version octet + IV-sized prefix + MDC packet: no SEIPD v1 body can be smaller. */
const MIN_SEIPD_V1_BODY = 1 + 18 + 22;

// Security: the library's own parser must agree, in its strictest mode.
const STRICT_PARSE_CONFIG = {
  ignoreUnsupportedPackets: false,
  ignoreMalformedPackets: false,
  enforceGrammar: true,
} as const;

export async function inspectEncryptedMessage(bytes: Uint8Array): Promise<EncryptedMessageShape> {
  if (bytes.length === 0) throw refuse('empty_message', 'The message is empty.');
  let packets: FramedPacket[];
  try {
    packets = readPacketFraming(bytes);
  } catch (error) {
    if (error instanceof PacketFramingError) {
      throw refuse(error.code === 'truncated' ? 'truncated' : 'malformed_packet', error.message);
    }
    throw error;
  }
  refuseForbiddenPackets(packets);
  const seipdIndexes = packets.flatMap((packet, index) =>
    packet.tag === TAG.seipd ? [index] : [],
  );
  if (seipdIndexes.length === 0)
    throw refuse('not_encrypted', 'The message holds no encrypted data packet.');
  if (seipdIndexes.length > 1 || seipdIndexes[0] !== packets.length - 1) {
    throw refuse(
      'concatenated_messages',
      'Exactly one encrypted message is accepted, with nothing after it.',
    );
  }
  const seipd = packets[packets.length - 1]!;
  if (seipd.bodyStart[0] !== 1) {
    throw refuse(
      'unsupported_encryption',
      'Only SEIPD version 1 (GnuPG 2.2 compatible) encryption is accepted.',
    );
  }
  if (seipd.bodyLength < MIN_SEIPD_V1_BODY)
    throw refuse('truncated', 'The encrypted data packet is too short.');
  const keyPackets = packets.slice(0, -1);
  if (keyPackets.length === 0)
    throw refuse('no_recipients', 'The message is not encrypted to any public key.');
  const recipientKeyIds = keyPackets.map(readPkeskRecipient);
  await confirmWithLibraryParser(bytes, packets.length);
  return { recipientKeyIds };
}

function refuseForbiddenPackets(packets: readonly FramedPacket[]): void {
  for (const { tag } of packets) {
    switch (tag) {
      case TAG.pkesk:
      case TAG.seipd:
        continue;
      case TAG.skesk:
        throw refuse(
          'password_encrypted',
          'Messages that can be opened with a password are not accepted.',
        );
      case TAG.literal:
      case TAG.signature:
      case TAG.onePassSignature:
        throw refuse('not_encrypted', 'The message is not encrypted.');
      case TAG.compressed:
        throw refuse(
          'compressed_data',
          'Compressed messages are not accepted; encrypt without compression.',
        );
      case TAG.sed:
        throw refuse(
          'no_integrity_protection',
          'Encryption without integrity protection is not accepted.',
        );
      case TAG.aead:
        throw refuse(
          'unsupported_encryption',
          'Only SEIPD version 1 (GnuPG 2.2 compatible) encryption is accepted.',
        );
      default:
        throw refuse(
          'malformed_packet',
          'The message contains a packet that does not belong in a report.',
        );
    }
  }
}

function readPkeskRecipient(packet: FramedPacket): string {
  const body = packet.bodyStart;
  if (body[0] !== 3) {
    throw refuse(
      'unsupported_recipient_packet',
      'Only version 3 public-key session key packets are accepted.',
    );
  }
  if (packet.bodyLength < 12) throw refuse('malformed_packet', 'A recipient packet is too short.');
  const keyId = Buffer.from(body.subarray(1, 9)).toString('hex');
  if (keyId === WILDCARD_KEY_ID) {
    throw refuse('wildcard_recipient', 'Hidden (wildcard) recipients are not accepted.');
  }
  return keyId;
}

async function confirmWithLibraryParser(bytes: Uint8Array, expectedPackets: number): Promise<void> {
  try {
    const message = await readMessage({ binaryMessage: bytes, config: STRICT_PARSE_CONFIG });
    if (message.packets.length !== expectedPackets) {
      throw refuse('malformed_packet', 'The message structure is ambiguous.');
    }
  } catch (error) {
    if (error instanceof MessageRefusedError) throw error;
    throw refuse('malformed_packet', 'The message is not a well-formed OpenPGP message.');
  }
}

function refuse(code: MessageRefusalCode, message: string): MessageRefusedError {
  return new MessageRefusedError(code, message);
}
