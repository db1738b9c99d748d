/** The attachment manifest that travels inside the encrypted report or follow-up. */
import type { AttachmentManifestEntry } from '../../../contract/documents';
import { sha256Hex, type PreparedFile } from './prepare-file';
import { partCount, type AttachmentUpload } from './upload';

/** Gives each file a fresh random attachment id (from client/crypto, the one source of randomness). */
export async function withAttachmentIds(
  files: readonly PreparedFile[],
): Promise<AttachmentUpload[]> {
  const crypto = await import('../../crypto/index.js');
  return files.map((file) => ({ attachmentId: crypto.createAttachmentId(), file }));
}

export async function describeAttachments(
  uploads: readonly AttachmentUpload[],
): Promise<AttachmentManifestEntry[]> {
  return await Promise.all(
    uploads.map(async ({ attachmentId, file }) => ({
      attachmentId,
      name: file.name,
      type: file.type,
      size: file.bytes.length,
      sha256: await sha256Hex(file.bytes),
      parts: partCount(file.bytes.length),
      cleaned: file.cleaned,
      removedMetadata: [...file.removed],
      originalSha256: file.originalSha256,
    })),
  );
}
