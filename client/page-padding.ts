/**
 * Equal sizes for the pages a network observer could tell apart. Each language's page embeds its
 * own text, so each would have its own length, and TLS record lengths (on clearnet, partly over
 * Tor) would tell a Uyghur reader from a Kazakh or a Turkish one. Every page of a group (one view
 * and variant, in every language) is padded with a filler comment before `</body>` to one common
 * size per encoding the server sends from the build: as it is, Brotli and gzip.
 *
 * The compressed files are written so that their size is exact by construction, not searched:
 * the page up to the filler is compressed and flushed to a byte boundary, and the rest (filler
 * and closing tags) follows as an uncompressed block of the same stream (a stored deflate block,
 * an uncompressed Brotli meta-block). Each filler byte is then one byte on the wire. The filler
 * is random anyway (CSPRNG, base64url), so no compressor could squash it should this change.
 */
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';

/** A page to pad, with a key naming its group: pages of one group end up the same size. */
export interface PageToPad {
  readonly group: string;
  readonly html: string;
  /**
   * Filled in and compressed by the server per answer (the no-JavaScript form's token): only its
   * length as it is can be fixed here, and its filler is blank, not random, so that compressing
   * it per answer does not cost the filler's size again on the wire.
   */
  readonly compressedPerAnswer?: boolean;
}

/** How the server may send a page: as it is, or as the build compressed it. */
export type Encoding = 'identity' | 'gzip' | 'br';

/** Room above the largest page of a group, so that it too carries random filler. */
const MARGIN_BYTES = 32;

/** `<!--` and `-->` around the filler. */
const COMMENT_BYTES = 7;

/** The most an uncompressed block holds here (a stored deflate block's LEN, 16 bits). */
const MAX_TAIL_BYTES = 0xffff;

/**
 * One encoder: the bytes it writes before the uncompressed tail (head compressed), and the whole
 * encoded page given that prefix and the tail. Its size is `prefix + tail + overhead`.
 */
interface TailEncoder {
  readonly prefix: (head: Buffer) => Buffer;
  readonly encode: (prefix: Buffer, head: Buffer, tail: Buffer) => Buffer;
  /** Framing bytes besides prefix and tail. */
  readonly overhead: number;
}

const ENCODERS: Readonly<Record<Encoding, TailEncoder>> = {
  identity: {
    prefix: (head) => head,
    encode: (prefix, _head, tail) => Buffer.concat([prefix, tail]),
    overhead: 0,
  },
  gzip: {
    // Raw deflate flushed with Z_SYNC_FLUSH ends byte-aligned, with no final block.
    prefix: (head) => deflateRawSync(head, { level: 9, finishFlush: zlibConstants.Z_SYNC_FLUSH }),
    encode: (prefix, head, tail) => {
      const length = Buffer.alloc(4);
      length.writeUInt16LE(tail.length, 0);
      length.writeUInt16LE(~tail.length & 0xffff, 2);
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc32(tail, crc32(head)), 0);
      trailer.writeUInt32LE((head.length + tail.length) >>> 0, 4);
      // RFC 1952 header (no name, no time, unknown OS), a final stored block, CRC-32 and size.
      return Buffer.concat([GZIP_HEADER, prefix, Buffer.of(0x01), length, tail, trailer]);
    },
    overhead: 10 + 1 + 4 + 8,
  },
  br: {
    // A flush ends the Brotli stream byte-aligned (the encoder pads with an empty metadata block).
    prefix: (head) =>
      brotliCompressSync(head, {
        finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH,
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: head.length,
        },
      }),
    encode: (prefix, _head, tail) =>
      // RFC 7932 9.2: an uncompressed meta-block (ISLAST 0, MNIBBLES 4, MLEN-1, ISUNCOMPRESSED 1,
      // zero bits to the byte boundary), then an empty last meta-block (ISLAST 1, ISLASTEMPTY 1).
      Buffer.concat([prefix, brotliUncompressedHeader(tail.length), tail, Buffer.of(0x03)]),
    overhead: 3 + 1,
  },
};

const GZIP_HEADER = Buffer.of(0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff);

function brotliUncompressedHeader(length: number): Buffer {
  // Bit 0 ISLAST = 0, bits 1-2 MNIBBLES = 0 (four nibbles), bits 3-18 MLEN-1, bit 19 = 1.
  const bits = (((length - 1) << 3) | (1 << 19)) >>> 0;
  return Buffer.of(bits & 0xff, (bits >>> 8) & 0xff, (bits >>> 16) & 0xff);
}

/**
 * The pages, each in the encodings asked for, every page of a group exactly as long as the others
 * in each encoding. Throws rather than return unequal sizes.
 */
export function padToEqualSizes<E extends Encoding>(
  pages: readonly PageToPad[],
  encodings: readonly E[],
): Record<E, Buffer>[] {
  const split = pages.map(({ group, html, compressedPerAnswer }) => {
    const at = html.lastIndexOf('</body>');
    if (at < 0) throw new Error('A page to pad has no </body>.');
    return {
      group,
      blank: compressedPerAnswer === true,
      head: Buffer.from(html.slice(0, at)),
      tail: Buffer.from(html.slice(at)),
    };
  });
  const encode = (encoding: Encoding): Buffer[] => {
    const encoder = ENCODERS[encoding];
    const prefixes = split.map(({ head }) => encoder.prefix(head));
    const unpadded = split.map(
      ({ tail }, i) => prefixes[i]!.length + encoder.overhead + COMMENT_BYTES + tail.length,
    );
    const targets = new Map<string, number>();
    split.forEach(({ group }, i) =>
      targets.set(group, Math.max(targets.get(group) ?? 0, unpadded[i]! + MARGIN_BYTES)),
    );
    return split.map(({ group, blank, head, tail }, i) => {
      const target = targets.get(group)!;
      const filledTail = Buffer.concat([
        Buffer.from(`<!--${filler(target - unpadded[i]!, blank)}-->`),
        tail,
      ]);
      if (filledTail.length > MAX_TAIL_BYTES) {
        throw new Error(`The pages of ${group} differ too much in size to pad (${encoding}).`);
      }
      const page = encoder.encode(prefixes[i]!, head, filledTail);
      if (page.length !== target) {
        throw new Error(`Padding ${group} (${encoding}) gave ${page.length} bytes, not ${target}.`);
      }
      return page;
    });
  };
  const encoded = encodings.map((encoding) => [encoding, encode(encoding)] as const);
  return split.map(
    (_page, i) =>
      Object.fromEntries(encoded.map(([encoding, all]) => [encoding, all[i]!])) as Record<
        E,
        Buffer
      >,
  );
}

/**
 * `length` random base64url characters (nothing a comment could end on, nothing to compress), or
 * spaces where the page is compressed per answer.
 */
function filler(length: number, blank: boolean): string {
  if (blank) return ' '.repeat(length);
  return randomBytes(Math.ceil((length * 3) / 4))
    .toString('base64url')
    .slice(0, length);
}
