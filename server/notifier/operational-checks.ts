/**
 * What admins are alerted of, and the deadlines caseworkers are: looked at by the notifier on its
 * own clock (once an hour), never on a request's, and each condition raised at most once a UTC
 * day (a single-use mark per condition and day), so a lasting problem is one alert a day, not
 * one a window:
 *   - the signed recipient directory expires within DIRECTORY_EXPIRY_WARNING_DAYS, has expired
 *     or is unusable (intake stops when it does);
 *   - no backup was audited (`backup.created`) within NOTIFIER_BACKUP_MAX_AGE_HOURS;
 *   - the storage watermark is reached (attachment parts are being refused);
 *   - the audit chain does not verify;
 *   - open cases with a deadline within ALERT_DEADLINE_DAYS (a count, once a day).
 * Each is added to the outbox as a count, like reports and follow-ups.
 *
 * The audit log grows with every staff action, so the backup and chain checks do not read it
 * whole each hour: the first check after the notifier starts, and the first of each UTC day,
 * verify the whole chain; the others read only from the last entry verified (checking that entry
 * is still there, unchanged) to the head. A change to an entry verified earlier is so found by the
 * next day's first check (or by `audit:verify`), not only at the notifier's next start, which
 * may be months away.
 */
import type { AlertCount } from '../../contract/api/alerts';
import { CASE_STATUSES } from '../../contract/vocabulary';
import type { NotifierConfig } from '../config';
import { GENESIS_HASH, hashEntry, type AuditLogRepository } from '../features/audit';
import type { AlertCounter } from '../features/alerts';
import { storageRefusal, type StorageUsageRepository } from '../features/attachments';
import type { CasesRepository } from '../features/cases';
import type { DirectoryExpiryWatch } from '../features/directory';
import { dayOf } from '../platform/days';
import type { Logger } from '../platform/logger';
import type { SingleUseMarks } from '../platform/single-use';

const DAY_MS = 86_400_000;
const OPEN_STATUSES = CASE_STATUSES.filter((status) => status !== 'closed');

export interface OperationalChecksDeps {
  readonly directoryExpiry: Pick<DirectoryExpiryWatch, 'expiry'>;
  readonly auditLog: Pick<AuditLogRepository, 'listInOrder'>;
  readonly storageUsage: Pick<StorageUsageRepository, 'measure'>;
  readonly cases: Pick<CasesRepository, 'listInboxPage'>;
  readonly marks: Pick<SingleUseMarks, 'claim'>;
  readonly counter: Pick<AlertCounter, 'count'>;
  readonly checks: NotifierConfig['checks'];
  readonly logger: Logger;
}

/** How far the audit log was verified: its last entry then, and the newest backup seen so far. */
interface AuditReading {
  readonly seq: number;
  readonly hash: string;
  readonly newestBackupAt: number;
  /** The UTC day the whole chain was last verified. */
  readonly wholeOn: string;
}

export class OperationalChecks {
  /** Null until the first check has verified the whole chain. */
  private auditVerified: AuditReading | null = null;

  constructor(private readonly deps: OperationalChecksDeps) {}

  /** Runs every check; one that fails to run is logged and the others still run. */
  async run(now: Date): Promise<void> {
    let reading: Promise<{ chainOk: boolean; newestBackupAt: number }> | undefined;
    const audit = () => (reading ??= this.readAuditSinceLastCheck(dayOf(now)));
    const checks: [AlertCount, () => Promise<number>][] = [
      ['directoryExpiring', () => this.directoryNeedsAttention()],
      ['backupOverdue', async () => this.backupOverdue(now, (await audit()).newestBackupAt)],
      ['storageWatermark', () => this.storageWatermarkReached()],
      ['auditChainBroken', async () => ((await audit()).chainOk ? 0 : 1)],
      ['deadlines', () => this.deadlinesComingDue(now)],
    ];
    for (const [kind, check] of checks) {
      try {
        const count = await check();
        if (count > 0 && (await this.onceToday(kind, now)))
          await this.deps.counter.count(kind, count);
      } catch {
        this.deps.logger.error({ event: 'notifier.check_failed', code: kind });
      }
    }
  }

  private async onceToday(kind: AlertCount, now: Date): Promise<boolean> {
    const day = dayOf(now);
    return await this.deps.marks.claim(
      `alert:${kind}:${day}`,
      new Date(Date.parse(`${day}T00:00:00Z`) + 2 * DAY_MS),
    );
  }

  private async directoryNeedsAttention(): Promise<number> {
    const expiry = await this.deps.directoryExpiry.expiry();
    return expiry.state === 'current' ? 0 : 1;
  }

  private backupOverdue(now: Date, newestBackupAt: number): number {
    const maxAgeHours = this.deps.checks.backupMaxAgeHours;
    if (maxAgeHours === 0) return 0;
    return now.getTime() - newestBackupAt > maxAgeHours * 3_600_000 ? 1 : 0;
  }

  /**
   * Verifies the audit chain from the last entry verified (the whole chain the first time on
   * `today`) and notes the newest `backup.created` on the way. A broken chain is not remembered as
   * verified, so every later check finds it broken again.
   */
  private async readAuditSinceLastCheck(
    today: string,
  ): Promise<{ chainOk: boolean; newestBackupAt: number }> {
    const start = this.auditVerified?.wholeOn === today ? this.auditVerified : null;
    const wholeOn = start?.wholeOn ?? today;
    let newestBackupAt = start?.newestBackupAt ?? 0;
    let expectedSeq = start?.seq ?? 1;
    let previousHash = GENESIS_HASH;
    let verified = start;
    for await (const entry of this.deps.auditLog.listInOrder(expectedSeq)) {
      const intact =
        entry.seq === expectedSeq &&
        hashEntry(entry) === entry.hash &&
        // The last entry verified before must be the same one; any other must link to the previous.
        (start && entry.seq === start.seq
          ? entry.hash === start.hash
          : entry.previousHash === previousHash);
      if (!intact) return { chainOk: false, newestBackupAt };
      if (entry.event === 'backup.created')
        newestBackupAt = Math.max(newestBackupAt, entry.at.getTime());
      previousHash = entry.hash;
      expectedSeq++;
      verified = { seq: entry.seq, hash: entry.hash, newestBackupAt, wholeOn };
    }
    // The entry verified last time is gone: the log was cut short.
    if (start && verified === start && expectedSeq === start.seq)
      return { chainOk: false, newestBackupAt };
    this.auditVerified = verified;
    return { chainOk: true, newestBackupAt };
  }

  private async storageWatermarkReached(): Promise<number> {
    const limits = this.deps.checks.storage;
    const usage = await this.deps.storageUsage.measure({
      attachmentBytes: limits.maxAttachmentBytes > 0,
    });
    return storageRefusal(usage, limits, 'part', 0) === null ? 0 : 1;
  }

  private async deadlinesComingDue(now: Date): Promise<number> {
    const before = dayOf(new Date(now.getTime() + this.deps.checks.deadlineDays * DAY_MS));
    const { total } = await this.deps.cases.listInboxPage({
      statuses: OPEN_STATUSES,
      deadlineBefore: before,
      sort: 'deadline',
      skip: 0,
      limit: 1,
    });
    return total;
  }
}
