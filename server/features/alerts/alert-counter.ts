/**
 * How the app instances tell the notifier that something happened: a count added to the current
 * batch window's outbox document, after what it counts is durably stored. Counting never fails
 * or holds up what it counts: a failure is logged (`alerts.count_failed`, no details) and the
 * report or follow-up is answered as stored. The count carries no case id, no content and no
 * time finer than the window.
 */
import type { AlertCount } from '../../../contract/api/alerts';
import { isDuplicateKeyError } from '../../platform/db-errors';
import type { Logger } from '../../platform/logger';
import type { AlertOutboxRepository } from './alert-outbox.repository';

/** An outbox window outlives its end by this long, then goes even if no notifier ran. */
const OUTBOX_KEPT_MS = 2 * 86_400_000;

/** The start of the batch window `now` falls in (ms since the epoch). */
export function windowOf(now: Date, batchMinutes: number): number {
  const length = batchMinutes * 60_000;
  return Math.floor(now.getTime() / length) * length;
}

export class AlertCounter {
  constructor(
    private readonly outbox: AlertOutboxRepository,
    private readonly batchMinutes: number,
    private readonly logger: Logger,
    private readonly clock: () => Date,
  ) {}

  /** Adds `by` to `kind` in the current window; never throws. */
  async count(kind: AlertCount, by = 1): Promise<void> {
    const window = windowOf(this.clock(), this.batchMinutes);
    const expiresAt = new Date(window + this.batchMinutes * 60_000 + OUTBOX_KEPT_MS);
    try {
      try {
        await this.outbox.add(kind, window, by, expiresAt);
      } catch (error) {
        // Two instances created the window's document at once: the other's is there now.
        if (!isDuplicateKeyError(error)) throw error;
        await this.outbox.add(kind, window, by, expiresAt);
      }
    } catch {
      this.logger.error({ event: 'alerts.count_failed', code: kind });
    }
  }
}
