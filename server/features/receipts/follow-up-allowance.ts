/**
 * How many follow-up messages one report may have: at most `maxPerCase`, held like attachment
 * room (attachment-reservations.repository.ts) by claiming numbered slots `<caseId>:follow-ups:<n>`
 * with an INSERT each, so concurrent follow-ups can never take more slots than exist (no counter,
 * no `$inc`). A slot's holder is the follow-up's client-made message id: a retry of a stored
 * follow-up finds its slot and claims nothing.
 *
 * A follow-up whose store fails gives its slot back; one cut off between its claim and its
 * store (the process killed) keeps it, which leaves that report one follow-up less, and
 * retention deletes it with the case.
 */
import { ConflictError, ServiceUnavailableError } from '../../platform/errors';
import { dayOf } from '../../platform/days';
import type { AttachmentReservationsRepository, SlotRange } from '../attachments';

export class FollowUpAllowance {
  constructor(
    private readonly reservations: AttachmentReservationsRepository,
    private readonly maxPerCase: number,
    private readonly clock: () => Date,
  ) {}

  /** True when `messageId` already holds a slot of the report (a retry). */
  async holds(caseId: string, messageId: string): Promise<boolean> {
    return (await this.reservations.slotsOf(this.rangeOf(caseId), messageId)).length > 0;
  }

  /**
   * Claims a slot for `messageId`; 409 `too_many_follow_ups` when the report has its maximum,
   * 503 `follow_ups_busy` when too many arrive at once to settle.
   */
  async claim(caseId: string, messageId: string): Promise<void> {
    const range = this.rangeOf(caseId);
    const outcome = await this.reservations.claim(range, messageId, 1, dayOf(this.clock()));
    if (outcome === 'contended') {
      throw new ServiceUnavailableError(
        'follow_ups_busy',
        'Many messages for this report are arriving at once. Send yours again.',
        1,
      );
    }
    const held = await this.reservations.slotsOf(range, messageId);
    if (outcome === 'full' && held.length === 0) {
      throw new ConflictError(
        'too_many_follow_ups',
        `This report cannot take more messages (at most ${this.maxPerCase}). To tell us more, send a new report.`,
      );
    }
    // The same message sent twice at once may have claimed twice: each keeps the lowest only.
    await this.reservations.releaseSlots(range, held.slice(1), messageId);
  }

  /** Gives back the slot of a follow-up that was not stored. */
  async release(caseId: string, messageId: string): Promise<void> {
    await this.reservations.release(this.rangeOf(caseId), messageId);
  }

  private rangeOf(caseId: string): SlotRange {
    return { caseId, kind: 'follow-ups', capacity: this.maxPerCase };
  }
}
