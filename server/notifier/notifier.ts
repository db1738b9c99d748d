/**
 * The notifier: the one process allowed to reach outside networks (docker-compose.yml). The app
 * instances only add counts to the outbox; this reads it, fans closed windows out into
 * deliveries, sends them (retrying with back-off) and runs the operational checks. Nothing it
 * does can hold up intake or casework: it shares only the database with them.
 */
import type { Connection } from 'mongoose';
import type { NotifierConfig } from '../config';
import { AlertAddressSealer, AlertCounter } from '../features/alerts';
import { StorageUsageRepository } from '../features/attachments';
import { DirectoryExpiryWatch } from '../features/directory';
import type { Logger } from '../platform/logger';
import { buildCoreServices } from '../services';
import { AlertBatches } from './alert-batches';
import { AlertSender, type SendOutcome } from './alert-sender';
import { EmailChannel } from './email-channel';
import { OperationalChecks } from './operational-checks';
import { WebhookChannel } from './webhook-channel';

export interface NotifierDeps {
  readonly connection: Connection;
  readonly config: Pick<
    NotifierConfig,
    'nodeEnv' | 'alertAddressKey' | 'batchMinutes' | 'retry' | 'smtp' | 'checks'
  >;
  readonly logger: Logger;
  readonly clock?: () => Date;
}

export class Notifier {
  private readonly batches: AlertBatches;
  private readonly sender: AlertSender;
  private readonly checks: OperationalChecks;
  private readonly email: EmailChannel;
  private readonly clock: () => Date;

  constructor(deps: NotifierDeps) {
    const { config, logger } = deps;
    this.clock = deps.clock ?? (() => new Date());
    const core = buildCoreServices({ connection: deps.connection, clock: this.clock });
    const { repositories } = core;
    this.email = new EmailChannel(config.smtp);
    this.batches = new AlertBatches({
      outbox: repositories.alertOutbox,
      settings: repositories.alertSettings,
      deliveries: repositories.alertDeliveries,
      accounts: core.accounts,
      batchMinutes: config.batchMinutes,
      giveUpHours: config.retry.giveUpHours,
      emailConfigured: config.smtp !== null,
    });
    this.sender = new AlertSender({
      deliveries: repositories.alertDeliveries,
      settings: repositories.alertSettings,
      allowList: repositories.webhookAllowList,
      sealer: new AlertAddressSealer(config.alertAddressKey),
      email: this.email,
      webhook: new WebhookChannel(),
      retry: config.retry,
      logger,
    });
    const directory = core.directoryWith({
      orgFingerprint: config.checks.orgFingerprint,
      isProduction: config.nodeEnv === 'production',
      minVersion: config.checks.directoryMinVersion,
      cacheMs: 0,
    });
    this.checks = new OperationalChecks({
      directoryExpiry: new DirectoryExpiryWatch({
        directory,
        warningDays: config.checks.directoryExpiryWarningDays,
        logger,
        clock: this.clock,
      }),
      auditLog: repositories.auditLog,
      storageUsage: new StorageUsageRepository(deps.connection),
      cases: repositories.cases,
      marks: core.marks,
      // Operational checks are no reporter's action: a failure to count them is logged.
      counter: new AlertCounter(
        repositories.alertOutbox,
        repositories.alertSettings,
        config.batchMinutes,
        (kind) => logger.error({ event: 'alerts.count_failed', code: kind }),
        this.clock,
      ),
      checks: config.checks,
      logger,
    });
  }

  /** Fans out the windows closed by now, then sends what is due. */
  async deliver(): Promise<SendOutcome & { readonly made: number }> {
    const made = await this.batches.fanOut(this.clock());
    return { made, ...(await this.sender.sendDue(this.clock())) };
  }

  /** The operational checks and the day's deadlines, added to the current window. */
  async runChecks(): Promise<void> {
    await this.checks.run(this.clock());
  }

  close(): void {
    this.email.close();
  }
}
