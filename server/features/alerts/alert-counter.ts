/**
 * How the app instances tell the notifier that something happened: a count added to the current
 * batch window's outbox document, after what it counts is durably stored. Counting never fails
 * or holds up what it counts: a failure is handed to `onFailure` (by kind only) and the report or
 * follow-up is answered as stored. The app counts those failures with the reporter requests' and
 * writes them once a day: a log line per failure would date a reporter's action to the second. The count carries no case id, no content and no
 * time finer than the window.
 */
import type { AlertCount } from '../../../contract/api/alerts';
import { isDuplicateKeyError } from '../../platform/db-errors';
import type { AlertOutboxRepository } from './alert-outbox.repository';
import type { AlertSettingsRepository } from './alert-settings.repository';

/** An outbox window outlives its end by this long, then goes even if no notifier ran. */
const OUTBOX_KEPT_MS = 2 * 86_400_000;

/** How long an instance trusts its last look at whether anyone has alerts on. */
const ACTIVE_CHECK_CACHE_MS = 60_000;

/** The start of the batch window `now` falls in (ms since the epoch). */
export function windowOf(now: Date, batchMinutes: number): number {
  const length = batchMinutes * 60_000;
  return Math.floor(now.getTime() / length) * length;
}

export class AlertCounter {
  private activeChecked: { readonly active: boolean; readonly at: number } | undefined;

  /** `batchMinutes` 0 is off: nothing is counted. */
  constructor(
    private readonly outbox: AlertOutboxRepository,
    private readonly settings: Pick<AlertSettingsRepository, 'anyActive'>,
    private readonly batchMinutes: number,
    private readonly onFailure: (kind: AlertCount) => void,
    private readonly clock: () => Date,
  ) {}

  /** Someone's alert settings changed on this instance: look again before the next count. */
  settingsChanged(): void {
    this.activeChecked = undefined;
  }

  /**
   * Adds `by` to `kind` in the current window; never throws. While no one has alerts on, nothing
   * is counted: the database then holds no window that dates a report finer than its day.
   */
  async count(kind: AlertCount, by = 1): Promise<void> {
    if (this.batchMinutes === 0) return;
    try {
      if (!(await this.anyoneAlerted())) return;
    } catch {
      this.onFailure(kind);
      return;
    }
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
      this.onFailure(kind);
    }
  }

  private async anyoneAlerted(): Promise<boolean> {
    // Real elapsed time, not the app's clock: this is a cache, not a date.
    const now = performance.now();
    const checked = this.activeChecked;
    if (checked && now - checked.at < ACTIVE_CHECK_CACHE_MS) return checked.active;
    const active = await this.settings.anyActive();
    this.activeChecked = { active, at: now };
    return active;
  }
}
