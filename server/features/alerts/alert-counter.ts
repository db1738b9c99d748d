/**
 * How the app instances tell the notifier that something happened: one counted event stored in
 * the outbox (a document of its own under a random id, alert-outbox.model.ts), after what it
 * counts is durably stored. Counting never fails or holds up what it counts beyond one bounded
 * insert: a failure is handed to `onFailure` (by kind only) and the report or follow-up is
 * answered as stored. The app counts those failures with the reporter requests' and writes them
 * once a day: a log line per failure would date a reporter's action to the second. The count
 * carries no case id, no content and no time finer than the window.
 */
import { randomBytes } from 'node:crypto';
import type { AlertCount } from '../../../contract/api/alerts';
import type { AlertOutboxRepository } from './alert-outbox.repository';
import type { AlertSettingsRepository } from './alert-settings.repository';

/** An outbox window outlives its end by this long, then goes even if no notifier ran. */
const OUTBOX_KEPT_MS = 2 * 86_400_000;

/** How long an instance trusts its last look at whether anyone has alerts on. */
const ACTIVE_CHECK_CACHE_MS = 60_000;

/**
 * The longest a report or follow-up waits for its count: past it, it is answered while the count
 * is still being stored (a failure is still handed to `onFailure`). A slow database delays the
 * reporter by no more than this on account of alerts.
 */
const COUNT_WAIT_MS = 2000;

/**
 * The notifier fans a window out only this long after it ended. A count is stamped with its
 * window before its insert reaches the database, and that insert may land later: the driver
 * waits up to half a minute for a stalled database, and instances' clocks differ a little. Five
 * minutes covers both many times over, so a count landing while a window is fanned out is not
 * lost (deleted unsent) nor sent as an alert of its own.
 */
export const FAN_OUT_GRACE_MS = 5 * 60_000;

/** The start of the batch window `now` falls in (ms since the epoch). */
export function windowOf(now: Date, batchMinutes: number): number {
  const length = batchMinutes * 60_000;
  return Math.floor(now.getTime() / length) * length;
}

export class AlertCounter {
  private activeChecked: { readonly active: boolean; readonly at: number } | undefined;

  /** `batchMinutes` 0 is off: nothing is counted. */
  constructor(
    private readonly outbox: Pick<AlertOutboxRepository, 'add'>,
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
   * Counts `by` of `kind` in the current window; never throws, and waits at most COUNT_WAIT_MS.
   * While no one has alerts on, nothing is counted: the database then holds no window that
   * dates a report finer than its day.
   */
  async count(kind: AlertCount, by = 1): Promise<void> {
    if (this.batchMinutes === 0) return;
    const counting = this.store(kind, by).catch(() => this.onFailure(kind));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      counting,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, COUNT_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  private async store(kind: AlertCount, by: number): Promise<void> {
    if (!(await this.anyoneAlerted())) return;
    const window = windowOf(this.clock(), this.batchMinutes);
    const windowEnd = window + this.batchMinutes * 60_000;
    await this.outbox.add({
      _id: randomBytes(16).toString('base64url'),
      kind,
      count: by,
      window,
      windowEnd,
      expiresAt: new Date(windowEnd + OUTBOX_KEPT_MS),
    });
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
