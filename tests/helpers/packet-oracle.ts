/**
 * An independent restatement of the intake contract (docs/design.md "Contracts outside tools rely
 * on": exactly PKESK v3 packets for the directory's keys, each holder once, then one SEIPD v1
 * packet, nothing else), written from RFC 4880 for the packet-validator fuzz test. It deliberately
 * shares no code with server/platform/openpgp, so a bug there is not repeated here. Plus the
 * structural mutations the fuzz test applies (they need packet boundaries, which this reader
 * gives).
 */
import { deflateRawSync, deflateSync } from 'node:zlib';

export interface OraclePacket {
  readonly tag: number;
  readonly body: Uint8Array;
  /** Offset of the packet's first header octet, and just past its last body octet. */
  readonly start: number;
  readonly end: number;
  readonly partial: boolean;
}

/** Tags whose bodies may be split into partial lengths (RFC 4880 4.2.2.4). */
const MAY_BE_PARTIAL = new Set([8, 9, 11, 18, 20]);

/** Every packet of the input, or null if the framing is not exactly RFC 4880. */
export function framePackets(bytes: Uint8Array): OraclePacket[] | null {
  const packets: OraclePacket[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const ctb = bytes[at++]!;
    if ((ctb & 0x80) === 0) return null;
    const chunks: Uint8Array[] = [];
    let tag: number;
    let partial = false;
    if (ctb & 0x40) {
      tag = ctb & 0x3f;
      for (let first = true; ; first = false) {
        if (at >= bytes.length) return null;
        const octet = bytes[at++]!;
        let length: number;
        let more = false;
        if (octet < 192) length = octet;
        else if (octet < 224) {
          if (at >= bytes.length) return null;
          length = ((octet - 192) << 8) + bytes[at++]! + 192;
        } else if (octet === 255) {
          if (at + 4 > bytes.length) return null;
          length =
            ((bytes[at]! << 24) >>> 0) +
            (bytes[at + 1]! << 16) +
            (bytes[at + 2]! << 8) +
            bytes[at + 3]!;
          at += 4;
        } else {
          length = 1 << (octet & 0x1f);
          more = true;
          if (!MAY_BE_PARTIAL.has(tag) || (first && length < 512)) return null;
          partial = true;
        }
        if (at + length > bytes.length) return null;
        chunks.push(bytes.subarray(at, at + length));
        at += length;
        if (!more) break;
      }
    } else {
      tag = (ctb >> 2) & 0x0f;
      const type = ctb & 0x03;
      if (type === 3) return null;
      const size = 1 << type;
      if (at + size > bytes.length) return null;
      let length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + bytes[at + i]!;
      at += size;
      if (at + length > bytes.length) return null;
      chunks.push(bytes.subarray(at, at + length));
      at += length;
    }
    if (tag === 0) return null;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    packets.push({ tag, body, start, end: at, partial });
  }
  return packets;
}

/**
 * A PKESK v3 header: version 3, an 8-octet key id, an algorithm octet and some session-key
 * material. The contract stops there: what follows is the encrypted session key, which only the
 * key holder can check (the server cannot tell a wrong wrapped key from a right one). Fuzzing
 * showed OpenPGP.js also lets an ECDH point's length run into the wrapped key; a caseworker could
 * not open such a packet, which a reporter can achieve with any wrong wrapped key anyway.
 */
function isPkeskV3(body: Uint8Array): boolean {
  return body.length >= 12 && body[0] === 3;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/**
 * True if the bytes are, by the contract, a message the server may store for these recipients
 * (each recipient: its encryption key ids).
 */
export function isValidEncryptedMessage(
  bytes: Uint8Array,
  recipients: readonly (readonly string[])[],
): boolean {
  const packets = framePackets(bytes);
  if (!packets || packets.length < 2) return false;
  const seipd = packets[packets.length - 1]!;
  // Version 1, then at least an IV-sized prefix and the MDC packet.
  if (seipd.tag !== 18 || seipd.body[0] !== 1 || seipd.body.length < 1 + 18 + 22) return false;
  const holders = new Set<number>();
  for (const pkesk of packets.slice(0, -1)) {
    if (pkesk.tag !== 1 || pkesk.partial || !isPkeskV3(pkesk.body)) return false;
    const keyId = hex(pkesk.body.subarray(1, 9));
    if (keyId === '0000000000000000') return false;
    const holder = recipients.findIndex((keyIds) => keyIds.includes(keyId));
    if (holder < 0 || holders.has(holder)) return false;
    holders.add(holder);
  }
  return holders.size === recipients.length;
}

// --- mutations

/** A new-format header for a fixed body length (five-octet form when asked or when needed). */
export function newFormatHeader(tag: number, length: number, fiveOctet = false): Buffer {
  if (!fiveOctet && length < 192) return Buffer.from([0xc0 | tag, length]);
  const header = Buffer.alloc(6);
  header[0] = 0xc0 | tag;
  header[1] = 0xff;
  header.writeUInt32BE(length, 2);
  return header;
}

const bodyOf = (bytes: Uint8Array, packet: OraclePacket) =>
  // For a fixed-length packet the body is the tail of the packet.
  bytes.subarray(packet.end - packet.body.length, packet.end);

/** The same message with packet `index` claiming `delta` more body octets than it has. */
export function inflateLength(bytes: Uint8Array, index: number, delta: number): Buffer {
  const packets = framePackets(bytes)!;
  const packet = packets[index]!;
  if (packet.partial) throw new Error('inflate fixed-length packets only');
  return Buffer.concat([
    bytes.subarray(0, packet.start),
    newFormatHeader(packet.tag, packet.body.length + delta, true),
    bodyOf(bytes, packet),
    bytes.subarray(packet.end),
  ]);
}

export function duplicatePacket(bytes: Uint8Array, index: number): Buffer {
  const packet = framePackets(bytes)![index]!;
  const copy = bytes.subarray(packet.start, packet.end);
  return Buffer.concat([bytes.subarray(0, packet.end), copy, bytes.subarray(packet.end)]);
}

/** Packets in a new order (a permutation of their indexes). */
export function reorderPackets(bytes: Uint8Array, order: readonly number[]): Buffer {
  const packets = framePackets(bytes)!;
  return Buffer.concat(
    order.map((index) => bytes.subarray(packets[index]!.start, packets[index]!.end)),
  );
}

/** Wraps the input in compressed data packets: 0 stored, 1 ZIP, 2 ZLIB, innermost first. */
export function wrapInCompression(bytes: Uint8Array, algorithms: readonly (0 | 1 | 2)[]): Buffer {
  let inner = Buffer.from(bytes);
  for (const algorithm of algorithms) {
    const data =
      algorithm === 0 ? inner : algorithm === 1 ? deflateRawSync(inner) : deflateSync(inner);
    const body = Buffer.concat([Buffer.from([algorithm]), data]);
    inner = Buffer.concat([newFormatHeader(8, body.length, body.length >= 192), body]);
  }
  return inner;
}

/** A packet with any tag and body inserted before packet `index` (or at the end). */
export function insertPacket(
  bytes: Uint8Array,
  index: number,
  tag: number,
  body: Uint8Array,
): Buffer {
  const packets = framePackets(bytes)!;
  const at = index < packets.length ? packets[index]!.start : bytes.length;
  const packet = Buffer.concat([newFormatHeader(tag, body.length, body.length >= 192), body]);
  return Buffer.concat([bytes.subarray(0, at), packet, bytes.subarray(at)]);
}
