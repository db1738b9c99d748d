/**
 * Prepares a chosen file for encryption. Photos are re-encoded from their pixels, which drops
 * every metadata block (GPS, camera, dates); other formats cannot be cleaned here and carry a
 * warning. Everything happens in memory.
 */
import { findImageMetadata, type MetadataKind } from './image-metadata';

/** Limits set at build time (client/build.ts; defaults 25 MB a file, 100 MB a report). */
export const MAX_FILE_MB = __AMANAT_MAX_FILE_MB__;
export const MAX_REPORT_MB = __AMANAT_MAX_REPORT_MB__;
export const MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024;
export const MAX_TOTAL_BYTES = MAX_REPORT_MB * 1024 * 1024;

const CLEANABLE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export interface PreparedFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
  /** True when the bytes were re-encoded from pixels (metadata gone). */
  readonly cleaned: boolean;
  /** What the original carried and cleaning removed. */
  readonly removed: readonly MetadataKind[];
  readonly originalSha256: string;
}

export async function prepareFile(file: File): Promise<PreparedFile> {
  const original = new Uint8Array(await file.arrayBuffer());
  const originalSha256 = await sha256Hex(original);
  if (!CLEANABLE_TYPES.has(file.type)) {
    return {
      name: file.name,
      type: file.type || 'application/octet-stream',
      bytes: original,
      cleaned: false,
      removed: [],
      originalSha256,
    };
  }
  const removed = findImageMetadata(original);
  const outputType = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
  // Orientation is applied to the pixels, so the cleaned photo still shows the right way up.
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  const blob = await canvas.convertToBlob({ type: outputType, quality: 0.92 });
  return {
    name: file.name,
    type: outputType,
    bytes: new Uint8Array(await blob.arrayBuffer()),
    cleaned: true,
    removed,
    originalSha256,
  };
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
