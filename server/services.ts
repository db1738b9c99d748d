/**
 * The composition root: every repository and service of the server is built here and nowhere
 * else, so the app, the admin CLI, the demo, the statistics export, the benchmarks and the tests
 * all run the very same wiring, and no feature builds another feature's parts.
 *
 * Two tiers, so each caller hands over only what the constructors it uses read:
 * - buildCoreServices: what needs the database alone (the admin CLI, scripts, test helpers).
 *   The few services that read settings are made by the `…With`/`…After` factories, from the
 *   settings the caller has (the admin configuration, a CLI option, a bench's fixed values).
 * - buildServices: the server's, from its validated configuration; a superset of the core.
 */
import type { Connection } from 'mongoose';
import type { Config } from './config';
import type { Logger } from './platform/logger';
import type { ReporterRequestCounts } from './platform/reporter-requests';
import { SecretSealer } from './platform/sealed-secrets';
import { SingleUseMarks } from './platform/single-use';
import { AccountsRepository, AccountsService } from './features/accounts';
import {
  AlertAddressSealer,
  earlierAddressOpener,
  AlertCounter,
  AlertDeliveriesRepository,
  AlertOutboxRepository,
  AlertSettingsRepository,
  AlertSettingsService,
  WebhookAllowListRepository,
} from './features/alerts';
import {
  AttachmentPartsRepository,
  AttachmentReservationsRepository,
  AttachmentsService,
  ReportAllowance,
  StorageUsageRepository,
  StorageWatermark,
} from './features/attachments';
import { AuditLogRepository, AuditLogService } from './features/audit';
import {
  CaseExportService,
  CaseMessagesRepository,
  CaseMessagesService,
} from './features/case-messages';
import { CaseReadsRepository } from './features/case-reads';
import { CasesRepository, TriageService } from './features/cases';
import {
  CaseLinksRepository,
  CaseLinksService,
  LinkingKeysRepository,
} from './features/case-links';
import {
  CaseworkService,
  ReplyKeyConfirmationsRepository,
  ReplyKeyConfirmationsService,
} from './features/casework';
import { CaseworkerKeysRepository, CaseworkerKeysService } from './features/caseworkers';
import { DirectoryRepository, DirectoryService } from './features/directory';
import type { DirectoryServiceOptions } from './features/directory/directory.service';
import { IntakeService, ReportRepository } from './features/intake';
import { EncryptionSlots, NoJsFormsService } from './features/no-js-forms';
import { OffboardingService, type OffboardingHooks } from './features/offboarding';
import { FollowUpAllowance, ReceiptsService } from './features/receipts';
import { RetentionService } from './features/retention';
import { SessionsRepository, SessionsService } from './features/sessions';
import {
  FactorsRepository,
  LoginThrottle,
  relyingPartyFor,
  SignInService,
} from './features/sign-in';
import {
  StatsPartnersRepository,
  StatsPartnersService,
  StatsReleasesRepository,
  StatsService,
  type StatsSettings,
} from './features/stats';
import { StoredCiphertextRepository, StoredCiphertextService } from './features/stored-ciphertext';

/** Every collection's repository, on one connection. */
export interface Repositories {
  readonly accounts: AccountsRepository;
  readonly alertDeliveries: AlertDeliveriesRepository;
  readonly alertOutbox: AlertOutboxRepository;
  readonly alertSettings: AlertSettingsRepository;
  readonly attachmentParts: AttachmentPartsRepository;
  readonly attachmentReservations: AttachmentReservationsRepository;
  readonly auditLog: AuditLogRepository;
  readonly caseMessages: CaseMessagesRepository;
  readonly caseLinks: CaseLinksRepository;
  readonly caseReads: CaseReadsRepository;
  readonly cases: CasesRepository;
  readonly caseworkerKeys: CaseworkerKeysRepository;
  readonly directory: DirectoryRepository;
  readonly factors: FactorsRepository;
  readonly linkingKeys: LinkingKeysRepository;
  readonly replyKeyConfirmations: ReplyKeyConfirmationsRepository;
  readonly reports: ReportRepository;
  readonly sessions: SessionsRepository;
  readonly statsPartners: StatsPartnersRepository;
  readonly statsReleases: StatsReleasesRepository;
  readonly storageUsage: StorageUsageRepository;
  readonly storedCiphertext: StoredCiphertextRepository;
  readonly webhookAllowList: WebhookAllowListRepository;
}

export interface CoreServicesDeps {
  readonly connection: Connection;
  /** The time every service judges by (sessions, TOTP, invites, retention…); default: real time. */
  readonly clock?: () => Date;
}

/** The services that need the database alone, and factories for those that read settings. */
export interface CoreServices {
  readonly repositories: Repositories;
  readonly marks: SingleUseMarks;
  readonly audit: AuditLogService;
  readonly accounts: AccountsService;
  readonly caseworkerKeys: CaseworkerKeysService;
  readonly triage: TriageService;
  readonly storedCiphertext: StoredCiphertextService;
  readonly caseExport: CaseExportService;
  readonly statsPartners: StatsPartnersService;
  /** Linked cases: the wrapped linking key and each case's tokens. */
  readonly caseLinks: CaseLinksService;
  /** The recipient directory, judged by these settings. */
  directoryWith(options: DirectoryServiceOptions): DirectoryService;
  statsWith(settings: StatsSettings): StatsService;
  /** Deletes closed cases this many days after closing. */
  retentionAfter(closedDays: number): RetentionService;
  /** `hooks`: what else offboarding ends (the caseworker's staff account). */
  offboardingWith(hooks: OffboardingHooks): OffboardingService;
}

export function buildCoreServices(deps: CoreServicesDeps): CoreServices {
  const { connection } = deps;
  const clock = deps.clock ?? (() => new Date());
  const marks = new SingleUseMarks(connection);
  const repositories: Repositories = {
    accounts: new AccountsRepository(connection),
    alertDeliveries: new AlertDeliveriesRepository(connection),
    alertOutbox: new AlertOutboxRepository(connection),
    alertSettings: new AlertSettingsRepository(connection),
    attachmentParts: new AttachmentPartsRepository(connection),
    attachmentReservations: new AttachmentReservationsRepository(connection),
    auditLog: new AuditLogRepository(connection),
    caseMessages: new CaseMessagesRepository(connection),
    caseLinks: new CaseLinksRepository(connection),
    caseReads: new CaseReadsRepository(connection),
    cases: new CasesRepository(connection),
    caseworkerKeys: new CaseworkerKeysRepository(connection),
    directory: new DirectoryRepository(connection),
    factors: new FactorsRepository(connection, marks),
    linkingKeys: new LinkingKeysRepository(connection),
    replyKeyConfirmations: new ReplyKeyConfirmationsRepository(connection),
    reports: new ReportRepository(connection),
    sessions: new SessionsRepository(connection),
    statsPartners: new StatsPartnersRepository(connection),
    statsReleases: new StatsReleasesRepository(connection),
    storageUsage: new StorageUsageRepository(connection),
    storedCiphertext: new StoredCiphertextRepository(connection),
    webhookAllowList: new WebhookAllowListRepository(connection),
  };
  const audit = new AuditLogService(repositories.auditLog);
  const accounts = new AccountsService(repositories.accounts, marks, clock);
  const triage = new TriageService(repositories.cases, accounts, audit, clock);
  const storedCiphertext = new StoredCiphertextService(repositories.storedCiphertext);
  const caseworkerKeys = new CaseworkerKeysService(repositories.caseworkerKeys);
  const caseLinks = new CaseLinksService({
    keys: repositories.linkingKeys,
    links: repositories.caseLinks,
    triage,
    caseworkerKeys,
    audit,
  });
  const statsPartners = new StatsPartnersService({
    repository: repositories.statsPartners,
    audit,
    clock,
  });
  return {
    repositories,
    marks,
    audit,
    accounts,
    caseworkerKeys,
    triage,
    storedCiphertext,
    caseExport: new CaseExportService(
      repositories.reports,
      repositories.caseMessages,
      repositories.attachmentParts,
    ),
    statsPartners,
    caseLinks,
    directoryWith: (options) => new DirectoryService(repositories.directory, options),
    statsWith: (settings) =>
      new StatsService({
        triage,
        releases: repositories.statsReleases,
        partners: statsPartners,
        audit,
        settings,
        clock,
      }),
    retentionAfter: (closedDays) =>
      new RetentionService(
        {
          cases: repositories.cases,
          reports: repositories.reports,
          messages: repositories.caseMessages,
          caseReads: repositories.caseReads,
          attachmentParts: repositories.attachmentParts,
          replyKeyConfirmations: repositories.replyKeyConfirmations,
          caseLinks: repositories.caseLinks,
          audit,
        },
        closedDays,
        clock,
      ),
    offboardingWith: (hooks) =>
      new OffboardingService({ caseworkerKeys, ciphertext: storedCiphertext, caseLinks }, hooks),
  };
}

/** Seals TOTP secrets at rest; the demo seals its accounts' secrets with it too. */
export function totpSealer(factorEncryptionKey: Buffer): SecretSealer {
  return new SecretSealer(factorEncryptionKey, 'totp-secret');
}

/** What the server's constructors read of its configuration. */
export type ServicesConfig = Pick<
  Config,
  | 'nodeEnv'
  | 'orgFingerprint'
  | 'directoryMinVersion'
  | 'addressHashKey'
  | 'factorEncryptionKey'
  | 'alertAddressKey'
  | 'publicOrigin'
  | 'sessions'
  | 'retention'
  | 'intake'
  | 'receipts'
  | 'attachments'
  | 'storage'
  | 'stats'
  | 'noJsConcurrent'
  | 'alerts'
>;

export interface ServicesDeps extends CoreServicesDeps {
  readonly config: ServicesConfig;
  readonly logger: Logger;
  /** Per-instance reuse of the recipient directory (ms). */
  readonly directoryCacheMs?: number;
  /** Per-instance reuse of the storage measurement behind the attachment watermark (ms). */
  readonly storageCacheMs?: number;
  /** Where failures of reporter actions are counted, to be written once a day. */
  readonly reporterCounts: ReporterRequestCounts;
}

/** The server's services: the core ones and those its configuration sets up. */
export interface Services extends CoreServices {
  readonly directory: DirectoryService;
  /** Started and stopped by the app (it measures storage periodically). */
  readonly storageWatermark: StorageWatermark;
  readonly intake: IntakeService;
  readonly caseMessages: CaseMessagesService;
  readonly receipts: ReceiptsService;
  /** The no-JavaScript form: what the reporter's browser would do, then intake and receipts. */
  readonly noJsForms: NoJsFormsService;
  readonly attachments: AttachmentsService;
  readonly sessions: SessionsService;
  readonly signIn: SignInService;
  readonly replyKeyConfirmations: ReplyKeyConfirmationsService;
  readonly casework: CaseworkService;
  readonly retention: RetentionService;
  readonly stats: StatsService;
  /** Counts new reports and follow-ups into the alert outbox; never fails what it counts. */
  readonly alertCounter: AlertCounter;
  readonly alertSettings: AlertSettingsService;
}

export function buildServices(deps: ServicesDeps): Services {
  const { config, logger } = deps;
  const clock = deps.clock ?? (() => new Date());
  const core = buildCoreServices({ connection: deps.connection, clock });
  const { repositories, marks, audit, accounts, triage, caseworkerKeys } = core;
  const { reports, caseMessages: messages, attachmentParts, attachmentReservations } = repositories;

  const directory = core.directoryWith({
    orgFingerprint: config.orgFingerprint,
    isProduction: config.nodeEnv === 'production',
    minVersion: config.directoryMinVersion,
    cacheMs: deps.directoryCacheMs ?? 5000,
  });
  // Attachment parts stop at the storage floor, reports and follow-ups at half of it.
  const storageWatermark = new StorageWatermark(
    repositories.storageUsage,
    config.storage,
    deps.storageCacheMs ?? 5000,
    logger,
  );
  // Alerts count what was stored once it is stored: a case opened now, a follow-up recorded for
  // the first time (a retry counts nothing); a failure to count is counted with the reporter
  // requests' failures, never answered.
  const alertCounter = new AlertCounter(
    repositories.alertOutbox,
    repositories.alertSettings,
    config.alerts.batchMinutes,
    (kind) => deps.reporterCounts.count('failed', `alert_count_${kind}`),
    clock,
  );
  const intake = new IntakeService(reports, directory, storageWatermark, async (report) => {
    if (await triage.openCase(report.caseId, report.receivedOn))
      await alertCounter.count('reports');
  });
  const caseMessages = new CaseMessagesService(
    reports,
    messages,
    directory,
    async (caseId, stored) => {
      if (await repositories.cases.recordThreadMessage(caseId, stored))
        await alertCounter.count('followUps');
    },
  );
  const receipts = new ReceiptsService(
    reports,
    caseMessages,
    async (caseId) => (await triage.findCase(caseId))?.status ?? null,
    new FollowUpAllowance(attachmentReservations, config.receipts.followUpsPerCase, clock),
    storageWatermark,
  );
  const attachments = new AttachmentsService(
    reports,
    attachmentParts,
    directory,
    new ReportAllowance(
      attachmentReservations,
      attachmentParts,
      {
        maxBytesPerReport: config.attachments.maxBytesPerReport,
        maxAttachmentsPerReport: config.attachments.maxPerReport,
      },
      clock,
    ),
    storageWatermark,
    { maxPartsPerAttachment: config.attachments.maxPartsPerFile },
  );

  // Staff: sessions, sign-in, keys, casework.
  const sessions = new SessionsService(repositories.sessions, marks, config.sessions, clock);
  const signIn = new SignInService(
    accounts,
    sessions,
    repositories.factors,
    new LoginThrottle(repositories.factors, config.addressHashKey, clock),
    totpSealer(config.factorEncryptionKey),
    audit,
    relyingPartyFor(config.publicOrigin),
    clock,
    config.sessions.recoveryFactorCoolingOffDays,
  );
  const replyKeyConfirmations = new ReplyKeyConfirmationsService({
    triage,
    reports,
    confirmations: repositories.replyKeyConfirmations,
    caseworkerKeys,
    directory,
    audit,
    clock,
  });
  const casework = new CaseworkService({
    triage,
    cases: repositories.cases,
    reports,
    messages,
    messagesService: caseMessages,
    attachmentParts,
    ciphertext: core.storedCiphertext,
    exports: core.caseExport,
    directory,
    caseworkerKeys,
    accounts,
    audit,
    replyKeyConfirmations,
    caseReads: repositories.caseReads,
  });

  return {
    ...core,
    directory,
    storageWatermark,
    intake,
    caseMessages,
    receipts,
    noJsForms: new NoJsFormsService(
      intake,
      directory,
      receipts,
      config.intake.maxBodyBytes,
      new EncryptionSlots(config.noJsConcurrent),
    ),
    attachments,
    sessions,
    signIn,
    replyKeyConfirmations,
    casework,
    retention: core.retentionAfter(config.retention.closedDays),
    stats: core.statsWith(config.stats),
    alertCounter,
    alertSettings: new AlertSettingsService({
      settings: repositories.alertSettings,
      allowList: repositories.webhookAllowList,
      deliveries: repositories.alertDeliveries,
      accounts,
      audit,
      sealer: new AlertAddressSealer(config.alertAddressKey),
      earlierOpener: earlierAddressOpener(config.factorEncryptionKey),
      onSettingsChanged: () => alertCounter.settingsChanged(),
    }),
  };
}
