import { collectionSchema, modelOn } from '../../platform/db';
import { optional, required } from '../../platform/schema-fields';

/**
 * One encrypted part (≤ 8 MiB of plaintext) of an attachment: a complete OpenPGP message that
 * decrypts alone; `cat` of the decrypted parts in index order is the file. The file name and type
 * live only inside the encrypted report's manifest.
 */
export interface AttachmentPartDocument {
  _id: string; // `${attachmentId}:${index}`
  caseId: string;
  attachmentId: string;
  index: number;
  message: Buffer; // exact OpenPGP packet bytes
  size: number;
  sha256: string; // of `message`, to recognise an identical retry
  recipientKeyIds: string[];
  /** The upload attempt whose byte slots back this part (attachment-reservations.repository.ts). */
  reservation?: string;
}

const attachmentPartSchema = collectionSchema<AttachmentPartDocument>('attachment_parts', {
  _id: required(String),
  caseId: required(String),
  attachmentId: required(String),
  index: required(Number),
  message: required(Buffer),
  size: required(Number),
  sha256: required(String),
  recipientKeyIds: required([String]),
  reservation: optional(String),
});
// A case's parts in order (the case view, sharing, export); retention deletes them by case.
attachmentPartSchema.index({ caseId: 1, attachmentId: 1, index: 1 });
// Offboarding: the parts that name a departing caseworker's keys.
attachmentPartSchema.index({ recipientKeyIds: 1, attachmentId: 1, index: 1 });
// The first part of an attachment looks for parts stored before owner claims existed, by id
// (MongoDB uses this index; FerretDB v1 scans, see the mixed-load bench).
attachmentPartSchema.index({ attachmentId: 1, index: 1 });
// The sweep of orphaned reservations asks which upload attempts stored a part.
attachmentPartSchema.index({ reservation: 1 });

/** Indexes earlier versions declared and nothing uses any more (dropped at start). */
export const OBSOLETE_ATTACHMENT_PART_INDEXES = ['caseId_1'];

export const attachmentPartModel = modelOn<AttachmentPartDocument>(
  'AttachmentPart',
  attachmentPartSchema,
);
