/**
 * Encrypts each attachment in parts of at most 8 MiB, each part a complete OpenPGP message to
 * every caseworker (it decrypts alone with GnuPG; `cat` of the parts is the file), and uploads
 * them with retries. A part already stored is answered as before, so retrying is always safe.
 */
import type { VerifiedDirectory } from '../../crypto';
import type { PreparedFile } from './prepare-file';

export const PART_BYTES = 8 * 1024 * 1024;

export interface AttachmentUpload {
  readonly attachmentId: string;
  readonly file: PreparedFile;
}

export type Progress = (phase: 'encrypting' | 'uploading', fraction: number) => void;

export function partCount(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / PART_BYTES));
}

/** Returns true when every part of every attachment is stored. */
export async function uploadAttachments(
  uploads: readonly AttachmentUpload[],
  directory: VerifiedDirectory,
  receiptVerifier: string,
  onProgress: Progress,
): Promise<boolean> {
  const crypto = await import('../../crypto/index.js');
  const totalParts = uploads.reduce((sum, upload) => sum + partCount(upload.file.bytes.length), 0);
  let donePart = 0;
  for (const upload of uploads) {
    const parts = partCount(upload.file.bytes.length);
    for (let index = 0; index < parts; index++) {
      onProgress('encrypting', donePart / totalParts);
      const plaintext = upload.file.bytes.subarray(index * PART_BYTES, (index + 1) * PART_BYTES);
      const encrypted = await crypto.encryptForDirectory(plaintext, directory);
      onProgress('uploading', (donePart + 0.5) / totalParts);
      if (!(await putPartWithRetries(upload.attachmentId, index, encrypted, receiptVerifier)))
        return false;
      donePart++;
    }
  }
  onProgress('uploading', 1);
  return true;
}

async function putPartWithRetries(
  attachmentId: string,
  index: number,
  body: Uint8Array,
  receiptVerifier: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 4; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt));
    try {
      const response = await fetch(`/api/attachments/${attachmentId}/parts/${index}`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-Receipt-Verifier': receiptVerifier,
        },
        body: body as Uint8Array<ArrayBuffer>,
        credentials: 'omit',
        cache: 'no-store',
      });
      if (response.ok) return true;
      if (response.status < 500 && response.status !== 429) return false; // refused: retrying will not help
    } catch {
      // network failure: retry
    }
  }
  return false;
}
