/**
 * TEST-ONLY image fixtures: a real JPEG (drawn by Chromium) with an EXIF block that carries a
 * camera make and a GPS position, as a phone photo would.
 */
import type { Browser } from 'playwright-core';

export const TEST_CAMERA_MAKE = 'CanaryCam';

export async function makeJpegWithGps(browser: Browser): Promise<Buffer> {
  const page = await browser.newPage();
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#2a6';
    context.fillRect(0, 0, 64, 48);
    context.fillStyle = '#fff';
    context.fillRect(8, 8, 20, 20);
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  await page.close();
  const jpeg = Buffer.from(dataUrl.split(',')[1]!, 'base64');
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(), jpeg.subarray(2)]);
}

/** APP1 "Exif": IFD0 with Make and a GPS IFD pointer; the GPS IFD holds GPSLatitudeRef = N. */
function exifSegment(): Buffer {
  const make = Buffer.from(`${TEST_CAMERA_MAKE}\0`, 'ascii');
  const tiff = Buffer.alloc(56 + make.length);
  tiff.write('MM', 0, 'ascii');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 at 8
  tiff.writeUInt16BE(2, 8); // two entries
  writeEntry(tiff, 10, 0x010f, 2, make.length, 56); // Make -> data at 56
  writeEntry(tiff, 22, 0x8825, 4, 1, 38); // GPS IFD pointer -> 38
  tiff.writeUInt32BE(0, 34); // no next IFD
  tiff.writeUInt16BE(1, 38); // GPS IFD: one entry
  tiff.writeUInt16BE(0x0001, 40); // GPSLatitudeRef
  tiff.writeUInt16BE(2, 42); // ASCII
  tiff.writeUInt32BE(2, 44);
  tiff.write('N\0', 48, 'ascii');
  tiff.writeUInt32BE(0, 52);
  make.copy(tiff, 56);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'ascii'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

function writeEntry(
  buffer: Buffer,
  offset: number,
  tag: number,
  type: number,
  count: number,
  value: number,
): void {
  buffer.writeUInt16BE(tag, offset);
  buffer.writeUInt16BE(type, offset + 2);
  buffer.writeUInt32BE(count, offset + 4);
  buffer.writeUInt32BE(value, offset + 8);
}
