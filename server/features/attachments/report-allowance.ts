/**
 * Each report's allowance for attachments — at most `maxBytesPerReport` of encrypted parts and
 * `maxAttachmentsPerReport` attachments, the report and its follow-ups together — held under
 * concurrent uploads by claiming slots (attachment-reservations.repository.ts), never by reading a
 * total and then writing.
 *
 * Invariant: a stored part is backed by ceil(size / BYTE_SLOT_SIZE) byte slots held by the upload
 * attempt that stored it (its `reservation`), and an attachment with a stored part by one file
 * slot. Slots are only given back by the attempt that claimed them when it stores nothing, by
 * retention with the case, or by the sweep below; so the stored bytes of a report never exceed
 * its byte slots times BYTE_SLOT_SIZE ≤ maxBytesPerReport.
 *
 * Crashes: an attempt that dies between claiming and storing (process killed, database lost)
 * leaves slots that back nothing. When a report runs short of room, slots claimed before
 * yesterday whose holder has no stored part are given back (claims carry the day only, never a
 * time). A request cannot stand a day between its claim and its insert (each database operation
 * gives up within a minute, db.ts), so the sweep never takes room from an upload still in
 * progress. Until then an orphaned claim only makes that one report's remaining room smaller.
 */
import {
  ConflictError,
  PayloadTooLargeError,
  ServiceUnavailableError,
} from '../../platform/errors';
import { dayOf } from '../../platform/days';
import type { AttachmentPartsRepository } from './attachment-parts.repository';
import type {
  AttachmentReservationsRepository,
  SlotKind,
} from './attachment-reservations.repository';

/** The unit of the per-report byte allowance: the limit is rounded down to whole slots. */
export const BYTE_SLOT_SIZE = 64 * 1024;

export interface AllowanceLimits {
  readonly maxBytesPerReport: number;
  readonly maxAttachmentsPerReport: number;
}

export class ReportAllowance {
  private readonly byteSlots: number;

  constructor(
    private readonly reservations: AttachmentReservationsRepository,
    private readonly parts: AttachmentPartsRepository,
    private readonly limits: AllowanceLimits,
    private readonly clock: () => Date,
  ) {
    this.byteSlots = Math.floor(limits.maxBytesPerReport / BYTE_SLOT_SIZE);
  }

  /**
   * Claims room for `bytes` of one part for the upload attempt `reservation`; 413
   * `attachments_too_large` when the report has not that much left.
   */
  async reserveBytes(caseId: string, reservation: string, bytes: number): Promise<void> {
    const slots = Math.max(1, Math.ceil(bytes / BYTE_SLOT_SIZE));
    try {
      const outcome = await this.claimSweepingIfFull(
        caseId,
        'bytes',
        reservation,
        slots,
        this.byteSlots,
      );
      if (outcome === 'full') {
        throw new PayloadTooLargeError(this.limits.maxBytesPerReport, 'attachments_too_large');
      }
    } catch (error) {
      // A claim cut short by a database error may have left slots: they are this attempt's alone.
      if (!(error instanceof PayloadTooLargeError)) await this.releaseBytes(caseId, reservation);
      throw error;
    }
  }

  /** Gives back the slots of an attempt that stored nothing. */
  async releaseBytes(caseId: string, reservation: string): Promise<void> {
    await this.reservations.release(caseId, 'bytes', reservation);
  }

  /**
   * Counts the attachment against the report (once, whichever part comes first); 409
   * `too_many_attachments` when the report already has its maximum.
   */
  async reserveAttachment(caseId: string, attachmentId: string): Promise<void> {
    if ((await this.reservations.slotsOf(caseId, 'files', attachmentId)).length > 0) return;
    const outcome = await this.claimSweepingIfFull(
      caseId,
      'files',
      attachmentId,
      1,
      this.limits.maxAttachmentsPerReport,
    );
    const held = await this.reservations.slotsOf(caseId, 'files', attachmentId);
    if (outcome === 'full' && held.length === 0) {
      throw new ConflictError(
        'too_many_attachments',
        `A report can have at most ${this.limits.maxAttachmentsPerReport} attachments.`,
      );
    }
    // Two first parts of one attachment at once may each have claimed a slot: every claimer
    // keeps the lowest and gives back the rest, so the attachment is counted once.
    await this.reservations.releaseSlots(caseId, 'files', held.slice(1));
  }

  private async claimSweepingIfFull(
    caseId: string,
    kind: SlotKind,
    holder: string,
    count: number,
    capacity: number,
  ): Promise<'claimed' | 'full'> {
    const today = dayOf(this.clock());
    let outcome = await this.reservations.claim(caseId, kind, holder, count, capacity, today);
    if (outcome === 'full' && (await this.sweepOrphans(caseId, kind))) {
      outcome = await this.reservations.claim(caseId, kind, holder, count, capacity, today);
    }
    if (outcome === 'contended') {
      throw new ServiceUnavailableError(
        'attachments_busy',
        'Many parts of this report are arriving at once. Send this one again.',
        1,
      );
    }
    return outcome;
  }

  /** Gives back slots claimed before yesterday whose holder stored nothing; true when any went. */
  private async sweepOrphans(caseId: string, kind: SlotKind): Promise<boolean> {
    const yesterday = dayOf(new Date(this.clock().getTime() - 86_400_000));
    const holders = await this.reservations.holdersClaimedBefore(caseId, kind, yesterday);
    if (holders.length === 0) return false;
    const backed =
      kind === 'bytes'
        ? await this.parts.reservationsStored(holders)
        : await this.parts.attachmentsStored(holders);
    const orphans = holders.filter((holder) => !backed.has(holder));
    return await this.reservations.releaseClaimedBefore(caseId, kind, orphans, yesterday);
  }
}
