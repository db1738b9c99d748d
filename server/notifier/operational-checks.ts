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
 */
import type { AlertCount } from '../../contract/api/alerts';
import { CASE_STATUSES } from '../../contract/vocabulary';
import type { NotifierConfig } from '../config';
import type { AuditLogRepository, AuditLogService } from '../features/audit';
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
  readonly audit: Pick<AuditLogService, 'verifyChain'>;
  readonly auditLog: Pick<AuditLogRepository, 'listInOrder'>;
  readonly storageUsage: Pick<StorageUsageRepository, 'measure'>;
  readonly cases: Pick<CasesRepository, 'listInboxPage'>;
  readonly marks: Pick<SingleUseMarks, 'claim'>;
  readonly counter: Pick<AlertCounter, 'count'>;
  readonly checks: NotifierConfig['checks'];
  readonly logger: Logger;
}

export class OperationalChecks {
  constructor(private readonly deps: OperationalChecksDeps) {}

  /** Runs every check; one that fails to run is logged and the others still run. */
  async run(now: Date): Promise<void> {
    const checks: [AlertCount, () => Promise<number>][] = [
      ['directoryExpiring', () => this.directoryNeedsAttention()],
      ['backupOverdue', () => this.backupOverdue(now)],
      ['storageWatermark', () => this.storageWatermarkReached()],
      ['auditChainBroken', () => this.auditChainBroken()],
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

  private async backupOverdue(now: Date): Promise<number> {
    const maxAgeHours = this.deps.checks.backupMaxAgeHours;
    if (maxAgeHours === 0) return 0;
    let newest = 0;
    for await (const entry of this.deps.auditLog.listInOrder()) {
      if (entry.event === 'backup.created') newest = Math.max(newest, entry.at.getTime());
    }
    return now.getTime() - newest > maxAgeHours * 3_600_000 ? 1 : 0;
  }

  private async storageWatermarkReached(): Promise<number> {
    const limits = this.deps.checks.storage;
    const usage = await this.deps.storageUsage.measure({
      attachmentBytes: limits.maxAttachmentBytes > 0,
    });
    return storageRefusal(usage, limits, 'part', 0) === null ? 0 : 1;
  }

  private async auditChainBroken(): Promise<number> {
    return (await this.deps.audit.verifyChain()).ok ? 0 : 1;
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
