/**
 * A strict reader of OpenPGP packet framing (RFC 4880 section 4.2). It reads packet headers and
 * lengths only; it never touches key material or decrypts. Every byte of the input must belong to
 * a complete packet: truncated, concatenated or trailing data is refused.
 */
import { CodedError } from '../../../contract/coded-error';

export class PacketFramingError extends CodedError<
  'truncated' | 'malformed_packet' | 'indeterminate_length'
> {
  override readonly name = 'PacketFramingError';
}

export interface FramedPacket {
  readonly tag: number;
  /** The first bytes of the body (enough for version and key id fields), not the whole body. */
  readonly bodyStart: Uint8Array;
  readonly bodyLength: number;
  /** Offset in the input of the body's first byte. */
  readonly bodyOffset: number;
  readonly usedPartialLengths: boolean;
}

/** Tags whose bodies may use partial lengths (RFC 4880 4.2.2.4): literal, compressed, SED, SEIPD, AEAD. */
const DATA_PACKET_TAGS = new Set([8, 9, 11, 18, 20]);
const BODY_PREFIX_BYTES = 16;

export function readPacketFraming(bytes: Uint8Array): FramedPacket[] {
  const packets: FramedPacket[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const first = bytes[offset]!;
    if ((first & 0x80) === 0)
      throw new PacketFramingError('malformed_packet', 'Not an OpenPGP packet header.');
    offset += 1;
    let tag: number;
    let bodyLength = 0;
    let usedPartialLengths = false;
    let bodyOffset = -1;
    const bodyParts: Uint8Array[] = [];
    if (first & 0x40) {
      tag = first & 0x3f;
      for (;;) {
        const { length, isPartial, headerBytes } = readNewFormatLength(bytes, offset);
        offset += headerBytes;
        if (isPartial) {
          if (!DATA_PACKET_TAGS.has(tag)) {
            throw new PacketFramingError(
              'malformed_packet',
              'Partial length on a packet that does not allow it.',
            );
          }
          if (!usedPartialLengths && length < 512) {
            throw new PacketFramingError(
              'malformed_packet',
              'First partial body chunk is shorter than 512 bytes.',
            );
          }
          usedPartialLengths = true;
        }
        if (offset + length > bytes.length) throw truncated();
        if (bodyOffset === -1) bodyOffset = offset;
        if (bodyLength < BODY_PREFIX_BYTES) bodyParts.push(bytes.subarray(offset, offset + length));
        bodyLength += length;
        offset += length;
        if (!isPartial) break;
      }
    } else {
      tag = (first >> 2) & 0x0f;
      const lengthType = first & 0x03;
      if (lengthType === 3) {
        throw new PacketFramingError(
          'indeterminate_length',
          'Packets of indeterminate length are not accepted.',
        );
      }
      const lengthBytes = 1 << lengthType;
      if (offset + lengthBytes > bytes.length) throw truncated();
      for (let i = 0; i < lengthBytes; i++) bodyLength = bodyLength * 256 + bytes[offset + i]!;
      offset += lengthBytes;
      if (offset + bodyLength > bytes.length) throw truncated();
      bodyOffset = offset;
      bodyParts.push(bytes.subarray(offset, offset + bodyLength));
      offset += bodyLength;
    }
    packets.push({
      tag,
      bodyStart: concatPrefix(bodyParts, BODY_PREFIX_BYTES),
      bodyLength,
      bodyOffset,
      usedPartialLengths,
    });
  }
  return packets;
}

function readNewFormatLength(
  bytes: Uint8Array,
  offset: number,
): { length: number; isPartial: boolean; headerBytes: number } {
  if (offset >= bytes.length) throw truncated();
  const octet = bytes[offset]!;
  if (octet < 192) return { length: octet, isPartial: false, headerBytes: 1 };
  if (octet < 224) {
    if (offset + 1 >= bytes.length) throw truncated();
    return {
      length: ((octet - 192) << 8) + bytes[offset + 1]! + 192,
      isPartial: false,
      headerBytes: 2,
    };
  }
  if (octet < 255) return { length: 1 << (octet & 0x1f), isPartial: true, headerBytes: 1 };
  if (offset + 4 >= bytes.length) throw truncated();
  const length =
    bytes[offset + 1]! * 0x1000000 +
    (bytes[offset + 2]! << 16) +
    (bytes[offset + 3]! << 8) +
    bytes[offset + 4]!;
  return { length, isPartial: false, headerBytes: 5 };
}

function concatPrefix(parts: Uint8Array[], maxBytes: number): Uint8Array {
  const out = new Uint8Array(
    Math.min(
      maxBytes,
      parts.reduce((sum, part) => sum + part.length, 0),
    ),
  );
  let written = 0;
  for (const part of parts) {
    const take = Math.min(part.length, out.length - written);
    out.set(part.subarray(0, take), written);
    written += take;
    if (written === out.length) break;
  }
  return out;
}

function truncated(): PacketFramingError {
  return new PacketFramingError('truncated', 'The message is truncated.');
}
