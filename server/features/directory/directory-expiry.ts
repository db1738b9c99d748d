/**
 * Intake stops when the signed recipient directory expires: every report is answered 503
 * directory_expired, and reporters' pages refuse the directory. Nothing else would tell anyone
 * before reporters meet it, so each instance says so ahead of time: in its log at start and then
 * once a day (`directory.expiring` from DIRECTORY_EXPIRY_WARNING_DAYS before, `directory.expired`
 * once it has passed, `directory.unusable` for any other reason intake refuses), and in /readyz,
 * which the admin view reads for its banner. Only whole days are said, never a finer time.
 */
import type { AnswerOf } from '../../../contract/api/common';
import type { directoryExpirySchema } from '../../../contract/api/health';
import type { Logger } from '../../platform/logger';
import type { DirectoryService, DirectoryStanding } from './directory.service';

export type DirectoryExpiry = AnswerOf<typeof directoryExpirySchema>;

const DAY_MS = 86_400_000;

/** Whole days left, rounded up (a directory expiring within the day has 1 left), 0 once passed. */
export function expiryOf(
  standing: DirectoryStanding,
  now: Date,
  warningDays: number,
): DirectoryExpiry {
  if ('unusable' in standing) return { state: 'unusable', code: standing.unusable };
  const daysLeft = Math.max(
    0,
    Math.ceil((Date.parse(standing.expiresAt) - now.getTime()) / DAY_MS),
  );
  const state = daysLeft === 0 ? 'expired' : daysLeft <= warningDays ? 'expiring' : 'current';
  return { state, version: standing.version, daysLeft };
}

export interface DirectoryExpiryWatchDeps {
  readonly directory: Pick<DirectoryService, 'standing'>;
  /** DIRECTORY_EXPIRY_WARNING_DAYS. */
  readonly warningDays: number;
  readonly logger: Logger;
  readonly clock: () => Date;
}

export class DirectoryExpiryWatch {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: DirectoryExpiryWatchDeps) {}

  async expiry(): Promise<DirectoryExpiry> {
    const now = this.deps.clock();
    return expiryOf(await this.deps.directory.standing(now.getTime()), now, this.deps.warningDays);
  }

  /** Logs the directory's expiry when it calls for attention; a current one writes nothing. */
  async check(): Promise<void> {
    const { logger } = this.deps;
    let expiry: DirectoryExpiry;
    try {
      expiry = await this.expiry();
    } catch {
      logger.error({ event: 'directory.check_failed' });
      return;
    }
    if (expiry.state === 'expiring') {
      logger.warn({
        event: 'directory.expiring',
        version: expiry.version,
        daysLeft: expiry.daysLeft,
      });
    } else if (expiry.state === 'expired') {
      logger.error({ event: 'directory.expired', version: expiry.version, daysLeft: 0 });
    } else if (expiry.state === 'unusable') {
      logger.error({ event: 'directory.unusable', code: expiry.code });
    }
  }

  /** Checks now, then once a day; the timer never keeps the process alive. */
  async start(): Promise<void> {
    this.stop();
    await this.check();
    this.timer = setInterval(() => void this.check(), DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
