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
  SlotRange,
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
   * Refuses, before an upload's body is read, a part the report has no room for: 409
   * `too_many_attachments` for a new attachment when every file slot is taken, 413
   * `attachments_too_large` when fewer byte slots are free than `bytes` (its announced size, or
   * 1 when unknown) needs. Claims nothing: reserveBytes and reserveAttachment decide once the
   * part has arrived.
   */
  async refuseIfNoRoom(caseId: string, attachmentId: string, bytes: number): Promise<void> {
    const files = this.rangeOf(caseId, 'files');
    if (
      (await this.reservations.slotsOf(files, attachmentId)).length === 0 &&
      !(await this.hasFree(files, 1))
    ) {
      throw this.tooManyAttachments();
    }
    if (!(await this.hasFree(this.rangeOf(caseId, 'bytes'), slotsFor(bytes)))) {
      throw new PayloadTooLargeError(this.limits.maxBytesPerReport, 'attachments_too_large');
    }
  }

  /**
   * Claims room for `bytes` of one part for the upload attempt `reservation`; 413
   * `attachments_too_large` when the report has not that much left.
   */
  async reserveBytes(caseId: string, reservation: string, bytes: number): Promise<void> {
    try {
      const outcome = await this.claimSweepingIfFull(
        this.rangeOf(caseId, 'bytes'),
        reservation,
        slotsFor(bytes),
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
    await this.reservations.release(this.rangeOf(caseId, 'bytes'), reservation);
  }

  /**
   * Counts the attachment against the report (once, whichever part comes first); 409
   * `too_many_attachments` when the report already has its maximum.
   */
  async reserveAttachment(caseId: string, attachmentId: string): Promise<void> {
    const files = this.rangeOf(caseId, 'files');
    if ((await this.reservations.slotsOf(files, attachmentId)).length > 0) return;
    const outcome = await this.claimSweepingIfFull(files, attachmentId, 1);
    const held = await this.reservations.slotsOf(files, attachmentId);
    if (outcome === 'full' && held.length === 0) throw this.tooManyAttachments();
    // Two first parts of one attachment at once may each have claimed a slot: every claimer
    // keeps the lowest and gives back the rest, so the attachment is counted once.
    await this.reservations.releaseSlots(files, held.slice(1), attachmentId);
  }

  private rangeOf(caseId: string, kind: 'bytes' | 'files'): SlotRange {
    return {
      caseId,
      kind,
      capacity: kind === 'bytes' ? this.byteSlots : this.limits.maxAttachmentsPerReport,
    };
  }

  private tooManyAttachments(): ConflictError {
    return new ConflictError(
      'too_many_attachments',
      `A report can have at most ${this.limits.maxAttachmentsPerReport} attachments.`,
    );
  }

  /** Whether `count` slots are free, once slots orphaned by crashed uploads are given back. */
  private async hasFree(range: SlotRange, count: number): Promise<boolean> {
    if ((await this.reservations.freeSlots(range)) >= count) return true;
    return (await this.sweepOrphans(range)) && (await this.reservations.freeSlots(range)) >= count;
  }

  private async claimSweepingIfFull(
    range: SlotRange,
    holder: string,
    count: number,
  ): Promise<'claimed' | 'full'> {
    const today = dayOf(this.clock());
    let outcome = await this.reservations.claim(range, holder, count, today);
    if (outcome === 'full' && (await this.sweepOrphans(range))) {
      outcome = await this.reservations.claim(range, holder, count, today);
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
  private async sweepOrphans(range: SlotRange): Promise<boolean> {
    const yesterday = dayOf(new Date(this.clock().getTime() - 86_400_000));
    const holders = await this.reservations.holdersClaimedBefore(range, yesterday);
    if (holders.length === 0) return false;
    const backed =
      range.kind === 'bytes'
        ? await this.parts.reservationsStored(holders)
        : await this.parts.attachmentsStored(holders);
    const orphans = holders.filter((holder) => !backed.has(holder));
    return await this.reservations.releaseClaimedBefore(range, orphans, yesterday);
  }
}

/** Byte slots a part of `bytes` needs (at least one). */
function slotsFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / BYTE_SLOT_SIZE));
}
