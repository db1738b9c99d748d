/**
 * Attachment parts, uploaded after the report with the same capability the reporter already
 * holds (the receipt verifier). Each part must be ciphertext for exactly the current caseworkers,
 * like a report; retries of a stored part are answered as the original was. Storing one claims
 * room in the report's allowance (report-allowance.ts) and is refused while the deployment is
 * near full (storage-watermark.ts). Everything the headers allow is checked before the body is
 * read (acceptHeaders), and the body only then (uploadPart).
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

/** What an upload says before its body is read: the headers and the path. */
export interface PartUploadHeaders {
  readonly receiptVerifier: string;
  readonly attachmentId: string;
  readonly index: number;
  /** Content-Length, when the client announced it (the route has capped it already). */
  readonly announcedBytes: number | null;
}

/** An upload that passed every check its headers allow; its body may now be read. */
export interface AcceptedPartUpload {
  readonly caseId: string;
  readonly attachmentId: string;
  readonly index: number;
  /** The part already stored under this index (a retry), whose body is only compared. */
  readonly storedSha256: string | null;
  /** Content-Length, already held against the watermark (the body is exactly that long). */
  readonly announcedBytes: number | null;
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

  /**
   * Every check the headers allow, before a byte of the body is read (a slow body holds memory
   * and a socket for minutes): the attachment id and index, the report the receipt opens, the
   * attachment's owner, the watermark and the report's room for the announced size. Refused
   * with the codes uploadPart's checks after the body would give.
   */
  async acceptHeaders(upload: PartUploadHeaders): Promise<AcceptedPartUpload> {
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
    const earlier = await this.parts.find(upload.attachmentId, upload.index);
    // Without Content-Length the size is known only once read: at least one byte must fit.
    const bytes = Math.max(1, upload.announcedBytes ?? 1);
    // Security: claimed by a unique insert, so two reports racing on one id cannot both store.
    const owner = await this.parts.claimAttachment(upload.attachmentId, report.caseId);
    if (owner !== report.caseId) {
      throw new ConflictError(
        'attachment_id_taken',
        'This attachment id belongs to another report. Use a new one.',
      );
    }
    // A retry of a stored part is answered as before, full or not. The report's own limits come
    // first: "this report has its most files" is final, "the deployment is full" is for now.
    if (!earlier) {
      try {
        await this.allowance.refuseIfNoRoom(report.caseId, upload.attachmentId, bytes);
        await this.watermark.refuseIfFull('part', bytes);
      } catch (error) {
        await this.parts.releaseClaimIfUnused(upload.attachmentId, report.caseId);
        throw error;
      }
    }
    return {
      caseId: report.caseId,
      attachmentId: upload.attachmentId,
      index: upload.index,
      storedSha256: earlier?.sha256 ?? null,
      announcedBytes: upload.announcedBytes,
    };
  }

  /**
   * Stores the part's body for an upload acceptHeaders let through. Retries of a stored part are
   * answered as the original was; a new part must be ciphertext for exactly the current
   * caseworkers and find room in the report's allowance and under the watermark.
   */
  async uploadPart(upload: AcceptedPartUpload, bytes: Uint8Array): Promise<{ replayed: boolean }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (upload.storedSha256 !== null) return replayOrRefuse(upload.storedSha256, sha256);

    // A chunked body's size is known only now; an announced one was held against it already.
    if (upload.announcedBytes === null) await this.watermark.refuseIfFull('part', bytes.length);
    const directory = await this.directory.getCurrentDirectory();
    const { recipientKeyIds } = await validateEncryptedBytes(bytes, caseworkersOf(directory));
    // This attempt's own reservation: given back if it stores nothing, kept with the part if it does.
    const reservation = randomBytes(16).toString('hex');
    await this.allowance.reserveBytes(upload.caseId, reservation, bytes.length);
    let outcome: 'inserted' | 'duplicate';
    try {
      await this.allowance.reserveAttachment(upload.caseId, upload.attachmentId);
      outcome = await this.parts.insert(
        {
          caseId: upload.caseId,
          attachmentId: upload.attachmentId,
          index: upload.index,
          message: bytes,
          sha256,
          recipientKeyIds,
        },
        reservation,
      );
    } catch (error) {
      // The first error is the one the client is told (the route then gives back the claim).
      await this.allowance.releaseBytes(upload.caseId, reservation).catch(() => undefined);
      throw error;
    }
    if (outcome === 'inserted') return { replayed: false };
    // A concurrent upload stored this part first, with its own reservation.
    await this.allowance.releaseBytes(upload.caseId, reservation);
    const winner = await this.parts.find(upload.attachmentId, upload.index);
    return replayOrRefuse(winner?.sha256 ?? '', sha256);
  }

  /**
   * An accepted upload that stored nothing (its body broke off, was refused, or failed to store):
   * a new attachment's claim is given back, so a refused request leaves nothing stored.
   */
  async abandon(upload: AcceptedPartUpload): Promise<void> {
    if (upload.storedSha256 !== null) return;
    await this.parts
      .releaseClaimIfUnused(upload.attachmentId, upload.caseId)
      .catch(() => undefined); // the first error is the one the client is told
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
