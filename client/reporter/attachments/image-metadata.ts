/**
 * Finds what hidden metadata an image carries, so the reporter can be told what cleaning
 * removed. Reads only the container structure (JPEG segments, PNG chunks); it never trusts it.
 */
export type MetadataKind = 'location' | 'camera' | 'date' | 'other';

const EXIF_TAGS: Readonly<Record<number, MetadataKind>> = {
  0x8825: 'location', // GPS IFD pointer
  0x010f: 'camera', // Make
  0x0110: 'camera', // Model
  0x0132: 'date', // DateTime
  0x9003: 'date', // DateTimeOriginal (in the Exif IFD)
  0x8769: 'other', // Exif IFD pointer
};

export function findImageMetadata(bytes: Uint8Array): MetadataKind[] {
  const found = new Set<MetadataKind>();
  if (bytes[0] === 0xff && bytes[1] === 0xd8) scanJpeg(bytes, found);
  else if (bytes[0] === 0x89 && bytes[1] === 0x50) scanPng(bytes, found);
  // A stable order, most sensitive first, for what the reporter is told.
  return (['location', 'camera', 'date', 'other'] as const).filter((kind) => found.has(kind));
}

function scanJpeg(bytes: Uint8Array, found: Set<MetadataKind>): void {
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]!;
    if (marker === 0xda || marker === 0xd9) return; // start of scan / end of image: no more metadata
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const segment = bytes.subarray(offset + 4, offset + 2 + length);
    if (marker === 0xe1 && ascii(segment, 0, 4) === 'Exif') scanExif(segment.subarray(6), found);
    else if (
      marker === 0xe1 ||
      marker === 0xed ||
      marker === 0xfe ||
      (marker >= 0xe2 && marker <= 0xef)
    ) {
      found.add('other'); // XMP, IPTC, comments and other application data
    }
    offset += 2 + length;
  }
}

function scanExif(tiff: Uint8Array, found: Set<MetadataKind>): void {
  const littleEndian = ascii(tiff, 0, 2) === 'II';
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const readIfd = (ifdOffset: number, depth: number): void => {
    if (depth > 2 || ifdOffset + 2 > tiff.length) return;
    const count = view.getUint16(ifdOffset, littleEndian);
    for (let i = 0; i < count; i++) {
      const entry = ifdOffset + 2 + i * 12;
      if (entry + 12 > tiff.length) return;
      const tag = view.getUint16(entry, littleEndian);
      const kind = EXIF_TAGS[tag];
      if (kind && kind !== 'other') found.add(kind);
      if (tag === 0x8769) readIfd(view.getUint32(entry + 8, littleEndian), depth + 1);
    }
  };
  if (tiff.length >= 8) readIfd(view.getUint32(4, littleEndian), 0);
  if (found.size === 0) found.add('other');
}

function scanPng(bytes: Uint8Array, found: Set<MetadataKind>): void {
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    const type = ascii(bytes, offset + 4, 4);
    if (type === 'eXIf') scanExif(bytes.subarray(offset + 8, offset + 8 + length), found);
    else if (type === 'tEXt' || type === 'iTXt' || type === 'zTXt' || type === 'tIME')
      found.add('other');
    if (type === 'IEND') return;
    offset += 12 + length;
  }
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
