/**
 * Attachment parts, uploaded after the report with the same capability the reporter already
 * holds (the receipt verifier). Each part must be ciphertext for exactly the current caseworkers,
 * like a report; retries of a stored part are answered as the original was. Storing one claims
 * room in the report's allowance (report-allowance.ts) and is refused while the deployment is
 * near full (storage-watermark.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, InvalidInputError, NotFoundError } from '../../platform/errors';
import type { DirectoryService } from '../directory';
import {
  caseworkersOf,
  hashReceiptVerifier,
  validateEncryptedBytes,
  type ReportRepository,
} from '../intake';
import type { AttachmentPartsRepository } from './attachment-parts.repository';
import type { ReportAllowance } from './report-allowance';
import type { StorageWatermark } from './storage-watermark';

export interface AttachmentLimits {
  readonly maxPartsPerAttachment: number;
}

export interface PartUpload {
  readonly receiptVerifier: string;
  readonly attachmentId: string;
  readonly index: number;
  readonly bytes: Uint8Array;
}

const ATTACHMENT_ID = /^[0-9a-f]{32}$/;

export class AttachmentsService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly parts: AttachmentPartsRepository,
    private readonly directory: DirectoryService,
    private readonly allowance: ReportAllowance,
    private readonly watermark: StorageWatermark,
    private readonly limits: AttachmentLimits,
  ) {}

  async uploadPart(upload: PartUpload): Promise<{ replayed: boolean }> {
    if (!ATTACHMENT_ID.test(upload.attachmentId)) {
      throw new InvalidInputError(
        'invalid_attachment_id',
        'An attachment id is 32 hexadecimal characters.',
      );
    }
    if (
      !Number.isInteger(upload.index) ||
      upload.index < 0 ||
      upload.index >= this.limits.maxPartsPerAttachment
    ) {
      throw new InvalidInputError(
        'invalid_part_index',
        `A part index is 0 to ${this.limits.maxPartsPerAttachment - 1}.`,
      );
    }
    const report = await this.reports.findByReceiptVerifierHash(
      hashReceiptVerifier(upload.receiptVerifier),
    );
    if (!report) throw new NotFoundError('receipt_not_found', 'No report matches this receipt.');
    // Security: claimed by a unique insert, so two reports racing on one id cannot both store.
    const owner = await this.parts.claimAttachment(upload.attachmentId, report.caseId);
    if (owner !== report.caseId) {
      throw new ConflictError(
        'attachment_id_taken',
        'This attachment id belongs to another report. Use a new one.',
      );
    }
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    const earlier = await this.parts.find(upload.attachmentId, upload.index);
    if (earlier) return replayOrRefuse(earlier.sha256, sha256);

    await this.watermark.refuseIfFull(upload.bytes.length);
    const directory = await this.directory.getCurrentDirectory();
    const { recipientKeyIds } = await validateEncryptedBytes(
      upload.bytes,
      caseworkersOf(directory),
    );
    // This attempt's own reservation: given back if it stores nothing, kept with the part if it does.
    const reservation = randomBytes(16).toString('hex');
    await this.allowance.reserveBytes(report.caseId, reservation, upload.bytes.length);
    let outcome: 'inserted' | 'duplicate';
    try {
      await this.allowance.reserveAttachment(report.caseId, upload.attachmentId);
      outcome = await this.parts.insert(
        {
          caseId: report.caseId,
          attachmentId: upload.attachmentId,
          index: upload.index,
          message: upload.bytes,
          sha256,
          recipientKeyIds,
        },
        reservation,
      );
    } catch (error) {
      // Should this fail too, the claim is an orphan the allowance sweeps; the first error counts.
      await this.allowance.releaseBytes(report.caseId, reservation).catch(() => undefined);
      throw error;
    }
    if (outcome === 'inserted') return { replayed: false };
    // A concurrent upload stored this part first, with its own reservation.
    await this.allowance.releaseBytes(report.caseId, reservation);
    const winner = await this.parts.find(upload.attachmentId, upload.index);
    return replayOrRefuse(winner?.sha256 ?? '', sha256);
  }
}

function replayOrRefuse(storedSha256: string, sha256: string): { replayed: boolean } {
  if (storedSha256 !== sha256) {
    throw new ConflictError(
      'part_already_stored',
      'A different part is already stored under this index.',
    );
  }
  return { replayed: true };
}
