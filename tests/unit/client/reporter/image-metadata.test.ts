import { findImageMetadata } from '../../../../client/reporter/attachments/image-metadata';

/** A JPEG skeleton: SOI, the given APP segments, then start-of-scan. Pixels are not needed here. */
function jpegWith(...segments: Buffer[]): Uint8Array {
  return new Uint8Array(
    Buffer.concat([Buffer.from([0xff, 0xd8]), ...segments, Buffer.from([0xff, 0xda, 0x00, 0x02])]),
  );
}

function app1Exif(entries: [tag: number, type: number, count: number, value: number][]): Buffer {
  const tiff = Buffer.alloc(8 + 2 + entries.length * 12 + 4 + 16);
  tiff.write('II', 0, 'ascii');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    tiff.writeUInt16LE(tag, 10 + i * 12);
    tiff.writeUInt16LE(type, 12 + i * 12);
    tiff.writeUInt32LE(count, 14 + i * 12);
    tiff.writeUInt32LE(value, 18 + i * 12);
  });
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'ascii'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

describe('findImageMetadata', () => {
  test('when a JPEG carries GPS, make and date then all three are reported, most sensitive first', () => {
    const bytes = jpegWith(
      app1Exif([
        [0x0132, 2, 20, 0],
        [0x010f, 2, 4, 0],
        [0x8825, 4, 1, 0],
      ]),
    );
    expect(findImageMetadata(bytes)).toEqual(['location', 'camera', 'date']);
  });

  test('when a JPEG has only a comment segment then it is reported as other', () => {
    const comment = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x07]), Buffer.from('hello')]);
    expect(findImageMetadata(jpegWith(comment))).toEqual(['other']);
  });

  test('when a JPEG has no metadata, or the bytes are not an image, then nothing is reported', () => {
    expect(findImageMetadata(jpegWith())).toEqual([]);
    expect(findImageMetadata(new Uint8Array([1, 2, 3]))).toEqual([]);
  });

  test('when a truncated EXIF block claims more entries than it has then scanning stops safely', () => {
    const broken = app1Exif([[0x8825, 4, 1, 0]]);
    broken.writeUInt16LE(500, 4 + 6 + 8); // entry count far beyond the data
    expect(() => findImageMetadata(jpegWith(broken))).not.toThrow();
  });
});
