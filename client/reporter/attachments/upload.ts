/**
 * Encrypts each attachment in parts of at most 8 MiB, each part a complete OpenPGP message to
 * every caseworker (it decrypts alone with GnuPG; `cat` of the parts is the file), and uploads
 * them. A part is encrypted once and, while the server cannot take it, kept in memory and sent
 * again byte for byte (delivery.ts): a part already stored is answered as before, so retrying is
 * always safe, whereas a re-encrypted part would differ and be refused.
 */
import { ATTACHMENT_PART_PLAINTEXT_BYTES as PART_BYTES } from '../../../contract/attachment-parts';
import type { VerifiedDirectory } from '../../crypto';
import { deliver, type WaitNotice } from '../delivery';
import type { PreparedFile } from './prepare-file';

export interface AttachmentUpload {
  readonly attachmentId: string;
  readonly file: PreparedFile;
}

export type Progress = (phase: 'encrypting' | 'uploading', fraction: number) => void;

export function partCount(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / PART_BYTES));
}

export interface UploadEvents {
  readonly onProgress: Progress;
  /** Before each attempt to send a part; `failures` counts this part's failed attempts. */
  readonly onAttempt?: (failures: number) => void;
  /** A part could not be sent yet and waits in memory; it goes again after `notice.seconds`. */
  readonly onWait: (notice: WaitNotice) => void;
  /**
   * The server refused a part for good (the API's error code, e.g. `storage_full`): the upload
   * stops there; parts stored before it stay stored (`storedParts`).
   */
  readonly onRefused?: (code: string) => void;
  /**
   * `attachmentId:index` of every part stored so far. Pass the same set to a later call (the
   * reporter's "try again" after a refusal) and stored parts are not encrypted or sent again.
   */
  readonly storedParts?: Set<string>;
}

/**
 * Resolves true when every part of every attachment is stored, false as soon as the server
 * refuses a part for good (a 4xx other than 429). Temporary failures never end it.
 */
export async function uploadAttachments(
  uploads: readonly AttachmentUpload[],
  directory: VerifiedDirectory,
  receiptVerifier: string,
  events: UploadEvents,
): Promise<boolean> {
  const crypto = await import('../../crypto/index.js');
  const stored = events.storedParts ?? new Set<string>();
  const totalParts = uploads.reduce((sum, upload) => sum + partCount(upload.file.bytes.length), 0);
  let donePart = 0;
  for (const upload of uploads) {
    const parts = partCount(upload.file.bytes.length);
    for (let index = 0; index < parts; index++) {
      const key = `${upload.attachmentId}:${index}`;
      if (stored.has(key)) {
        donePart++;
        continue;
      }
      events.onProgress('encrypting', donePart / totalParts);
      const plaintext = upload.file.bytes.subarray(index * PART_BYTES, (index + 1) * PART_BYTES);
      const encrypted = await crypto.encryptForDirectory(plaintext, directory);
      events.onProgress('uploading', (donePart + 0.5) / totalParts);
      if (!(await putPart(upload.attachmentId, index, encrypted, receiptVerifier, events)))
        return false;
      stored.add(key);
      donePart++;
    }
  }
  events.onProgress('uploading', 1);
  return true;
}

async function putPart(
  attachmentId: string,
  index: number,
  body: Uint8Array,
  receiptVerifier: string,
  events: UploadEvents,
): Promise<boolean> {
  const result = await deliver<unknown>(
    () =>
      fetch(`/api/attachments/${attachmentId}/parts/${index}`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/octet-stream',
          'X-Receipt-Verifier': receiptVerifier,
        },
        body: body as Uint8Array<ArrayBuffer>,
        credentials: 'omit',
        cache: 'no-store',
      }),
    { onAttempt: (failures) => events.onAttempt?.(failures), onWait: events.onWait },
  );
  if (!result.ok) events.onRefused?.(result.code);
  return result.ok;
}
