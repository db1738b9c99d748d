/**
 * buildApp(deps): the whole HTTP surface, without listen(), so tests drive it in-process.
 * Order matters: request id and security headers first, limits before parsing, errors last.
 */
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { handleErrors, handleNotFound } from './platform/error-handler';
import { healthRoutes, type Lifecycle } from './platform/health.routes';
import { openApiRoutes } from './platform/openapi.routes';
import type { Logger } from './platform/logger';
import { arrivedOverOnion, onionRequestListener } from './platform/onion-listener';
import { OnionQueues } from './platform/onion-queue';
import {
  limitByListener,
  limitRequestsPerAddress,
  MongoRateLimitStore,
} from './platform/rate-limits';
import {
  markReporterRequest,
  REPORTER_API_PREFIXES,
  ReporterRequestCounts,
} from './platform/reporter-requests';
import { assignRequestId } from './platform/request-id';
import { boundRequestTime } from './platform/request-timeouts';
import { securityHeaders } from './platform/security-headers';
import {
  DirectoryExpiryWatch,
  DirectoryRepository,
  DirectoryService,
  directoryRoutes,
} from './features/directory';
import { IntakeService, intakeRoutes, ReportRepository } from './features/intake';
import { reporterSiteRoutes } from './features/reporter-site';
import { staffSiteRoutes } from './features/staff-site';
import {
  CaseExportService,
  CaseMessagesRepository,
  CaseMessagesService,
} from './features/case-messages';
import { FollowUpAllowance, ReceiptsService, receiptsRoutes } from './features/receipts';
import {
  AttachmentPartsRepository,
  AttachmentReservationsRepository,
  AttachmentsService,
  attachmentsRoutes,
  ConcurrentUploads,
  ReportAllowance,
  StorageUsageRepository,
  StorageWatermark,
} from './features/attachments';
import { AccountsRepository, AccountsService } from './features/accounts';
import { AuditLogRepository, AuditLogService } from './features/audit';
import {
  CaseworkerKeysRepository,
  CaseworkerKeysService,
  ownKeyRoutes,
} from './features/caseworkers';
import { loadSession, SessionsRepository, SessionsService } from './features/sessions';
import {
  FactorsRepository,
  LoginThrottle,
  relyingPartyFor,
  SignInService,
  signInRoutes,
} from './features/sign-in';
import { staffAdminRoutes } from './features/staff-admin';
import {
  CaseworkService,
  caseworkRoutes,
  ReplyKeyConfirmationsRepository,
  ReplyKeyConfirmationsService,
} from './features/casework';
import {
  StatsPartnersRepository,
  StatsPartnersService,
  StatsReleasesRepository,
  StatsService,
  statsRoutes,
} from './features/stats';
import { CasesRepository, TriageService } from './features/cases';
import { RetentionService } from './features/retention';
import { StoredCiphertextRepository, StoredCiphertextService } from './features/stored-ciphertext';
import { engineOf } from './platform/engine';
import { Expiry } from './platform/expiry';
import { SecretSealer } from './platform/sealed-secrets';
import { SingleUseMarks } from './platform/single-use';

export interface AppDeps {
  readonly config: Config;
  readonly connection: Connection;
  readonly logger: Logger;
  readonly lifecycle?: Lifecycle;
  /** Per-instance reuse of the recipient directory (ms). */
  readonly directoryCacheMs?: number;
  /** Per-instance reuse of the storage measurement behind the attachment watermark (ms). */
  readonly storageCacheMs?: number;
  /** The time staff sessions, TOTP and invites use; tests move it forward. */
  readonly clock?: () => Date;
}

export interface BuiltApp {
  readonly app: Express;
  /** The same app for the onion listener: every request it serves is an onion request. */
  readonly onionListener: RequestListener;
  /** Creates indexes; call once before serving. */
  prepare(): Promise<void>;
  /** Deletes closed cases past the retention period (main.ts runs it periodically). */
  runRetention(): Promise<{ deleted: number }>;
  /**
   * Opens the case of every report stored without one (the app died between the two writes);
   * returns how many. main.ts runs it at start and periodically.
   */
  openMissingCases(): Promise<number>;
  /**
   * Whether this engine leaves expired documents in place (no TTL indexes), so that main.ts must
   * run sweepExpired periodically. Known once prepare() has run.
   */
  needsExpirySweep(): boolean;
  /** Deletes every expired document of every expiring collection (expiry.ts); returns how many. */
  sweepExpired(): Promise<number>;
  /** Onion requests still waiting for their turn are answered 503 onion_busy (shutdown). */
  releaseOnionQueues(): void;
  /** Writes the reporter routes' refusal and failure counts now (prepare() does it at UTC midnight). */
  writeReporterCounts(): void;
  /** Logs the recipient directory's expiry now, when it calls for it (prepare() does it daily). */
  checkDirectoryExpiry(): Promise<void>;
  close(): void;
}

export function buildApp(deps: AppDeps): BuiltApp {
  const { config, connection, logger } = deps;
  const lifecycle = deps.lifecycle ?? { isShuttingDown: () => false };

  const reportRepository = new ReportRepository(connection);
  const directoryService = new DirectoryService(new DirectoryRepository(connection), {
    orgFingerprint: config.orgFingerprint,
    isProduction: config.nodeEnv === 'production',
    minVersion: config.directoryMinVersion,
    cacheMs: deps.directoryCacheMs ?? 5000,
  });
  const clock = deps.clock ?? (() => new Date());
  const directoryExpiry = new DirectoryExpiryWatch({
    directory: directoryService,
    warningDays: config.directoryExpiryWarningDays,
    logger,
    clock,
  });
  const auditLogRepository = new AuditLogRepository(connection);
  const auditLog = new AuditLogService(auditLogRepository);
  const singleUseMarks = new SingleUseMarks(connection);
  const accountsRepository = new AccountsRepository(connection);
  const accountsService = new AccountsService(accountsRepository, singleUseMarks, clock);
  const casesRepository = new CasesRepository(connection);
  const triageService = new TriageService(casesRepository, accountsService, auditLog, clock);
  // Attachment parts stop at the storage floor, reports and follow-ups at half of it.
  const storageWatermark = new StorageWatermark(
    new StorageUsageRepository(connection),
    config.storage,
    deps.storageCacheMs ?? 5000,
    logger,
  );
  const intakeService = new IntakeService(
    reportRepository,
    directoryService,
    storageWatermark,
    (report) => triageService.openCase(report.caseId, report.receivedOn),
  );
  const caseMessagesRepository = new CaseMessagesRepository(connection);
  const caseMessagesService = new CaseMessagesService(
    reportRepository,
    caseMessagesRepository,
    directoryService,
  );
  const attachmentReservations = new AttachmentReservationsRepository(connection);
  const receiptsService = new ReceiptsService(
    reportRepository,
    caseMessagesService,
    async (caseId) => (await triageService.findCase(caseId))?.status ?? null,
    new FollowUpAllowance(attachmentReservations, config.receipts.followUpsPerCase, clock),
    storageWatermark,
  );
  const intakeLimitStore = new MongoRateLimitStore(connection, 'intake');
  const receiptLookupStore = new MongoRateLimitStore(connection, 'receipt');
  const followUpStore = new MongoRateLimitStore(connection, 'follow-up');
  const attachmentStore = new MongoRateLimitStore(connection, 'attachment');
  const attachmentPartsRepository = new AttachmentPartsRepository(connection);
  const attachmentsService = new AttachmentsService(
    reportRepository,
    attachmentPartsRepository,
    directoryService,
    new ReportAllowance(
      attachmentReservations,
      attachmentPartsRepository,
      {
        maxBytesPerReport: config.attachments.maxBytesPerReport,
        maxAttachmentsPerReport: config.attachments.maxPerReport,
      },
      clock,
    ),
    storageWatermark,
    // 25 MiB per file in parts of at most 8 MiB.
    { maxPartsPerAttachment: 4 },
  );
  const limitStores = [intakeLimitStore, receiptLookupStore, followUpStore, attachmentStore];
  const expiry = new Expiry(connection);
  const onionQueues = new OnionQueues(config.onion);

  // Staff: accounts, sessions, sign-in, keys, administration.
  const sessionsRepository = new SessionsRepository(connection);
  const sessionsService = new SessionsService(
    sessionsRepository,
    singleUseMarks,
    config.sessions,
    clock,
  );
  const factorsRepository = new FactorsRepository(connection, singleUseMarks);
  const signInService = new SignInService(
    accountsService,
    sessionsService,
    factorsRepository,
    new LoginThrottle(factorsRepository, config.addressHashKey, clock),
    new SecretSealer(config.factorEncryptionKey, 'totp-secret'),
    auditLog,
    relyingPartyFor(config.publicOrigin),
    clock,
  );
  const caseworkerKeysRepository = new CaseworkerKeysRepository(connection);
  const caseworkerKeysService = new CaseworkerKeysService(caseworkerKeysRepository);
  const replyKeyConfirmationsRepository = new ReplyKeyConfirmationsRepository(connection);
  const replyKeyConfirmations = new ReplyKeyConfirmationsService({
    triage: triageService,
    reports: reportRepository,
    confirmations: replyKeyConfirmationsRepository,
    caseworkerKeys: caseworkerKeysService,
    directory: directoryService,
    audit: auditLog,
    clock,
  });
  const caseworkService = new CaseworkService({
    triage: triageService,
    reports: reportRepository,
    messages: caseMessagesRepository,
    messagesService: caseMessagesService,
    attachmentParts: attachmentPartsRepository,
    ciphertext: new StoredCiphertextService(new StoredCiphertextRepository(connection)),
    exports: new CaseExportService(
      reportRepository,
      caseMessagesRepository,
      attachmentPartsRepository,
    ),
    directory: directoryService,
    caseworkerKeys: caseworkerKeysService,
    accounts: accountsService,
    audit: auditLog,
    replyKeyConfirmations,
  });
  const retentionService = new RetentionService(
    {
      cases: casesRepository,
      reports: reportRepository,
      messages: caseMessagesRepository,
      attachmentParts: attachmentPartsRepository,
      replyKeyConfirmations: replyKeyConfirmationsRepository,
      audit: auditLog,
    },
    config.retention.closedDays,
    clock,
  );
  const statsPartnersRepository = new StatsPartnersRepository(connection);
  const statsService = new StatsService({
    triage: triageService,
    releases: new StatsReleasesRepository(connection),
    partners: new StatsPartnersService({
      repository: statsPartnersRepository,
      audit: auditLog,
      clock,
    }),
    audit: auditLog,
    settings: config.stats,
    clock,
  });
  const staffDeps = {
    signIn: signInService,
    sessions: sessionsService,
    audit: auditLog,
    publicOrigin: config.publicOrigin,
  };

  // Reporter actions are counted, never logged one by one: a log line's time would date them.
  const reporterCounts = new ReporterRequestCounts(logger);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops);
  app.set('etag', false);
  app.use(assignRequestId());
  app.use(securityHeaders({ onionOrigin: config.onionOrigin }));
  app.use([...REPORTER_API_PREFIXES], markReporterRequest());
  const errorHandler = handleErrors(logger, reporterCounts);
  // Every request arrives within a fixed total, onion ones plus their wait in line; attachment
  // parts are timed by their progress instead (platform/request-timeouts.ts).
  app.use(
    boundRequestTime({
      totalSeconds: config.requestTimeouts.totalSeconds,
      extraSeconds: (req) => (arrivedOverOnion(req) ? config.onion.queueSeconds : 0),
      handleErrors: errorHandler,
    }),
  );
  app.use(healthRoutes(connection, lifecycle, () => directoryExpiry.expiry()));
  app.use(openApiRoutes());
  app.use(directoryRoutes(directoryService));
  app.use(
    intakeRoutes(intakeService, {
      maxBodyBytes: config.intake.maxBodyBytes,
      rateLimiter: limitByListener({
        clearnet: limitRequestsPerAddress({
          store: intakeLimitStore,
          addressHashKey: config.addressHashKey,
          limit: config.intake.rateLimit.limit,
          windowSeconds: config.intake.rateLimit.windowSeconds,
        }),
        onion: onionQueues.waitForTurn('intake'),
      }),
    }),
  );
  app.use(
    receiptsRoutes(receiptsService, {
      maxBodyBytes: config.intake.maxBodyBytes,
      // Onion look-ups are never locked out (verifiers are 256 bits): their cost is bounded by
      // the onion queue, not a failed-lookup bucket every onion reporter would share.
      failedLookupLimiter: limitByListener({
        clearnet: limitRequestsPerAddress({
          store: receiptLookupStore,
          addressHashKey: config.addressHashKey,
          limit: config.receipts.failedLookupLimit,
          windowSeconds: config.receipts.windowSeconds,
          countFailuresOnly: true,
        }),
        onion: onionQueues.waitForTurn('receipts'),
      }),
      followUpLimiter: limitByListener({
        clearnet: limitRequestsPerAddress({
          store: followUpStore,
          addressHashKey: config.addressHashKey,
          limit: config.receipts.followUpLimit,
          windowSeconds: config.receipts.windowSeconds,
        }),
        // Writes, with a budget of their own: a flood of look-ups cannot hold them up, nor
        // they the look-ups.
        onion: onionQueues.waitForTurn('followUps'),
      }),
    }),
  );
  app.use(
    attachmentsRoutes(attachmentsService, {
      maxPartBytes: config.attachments.maxPartBytes,
      pace: config.requestTimeouts.upload,
      uploads: new ConcurrentUploads(config.attachments.concurrentUploads),
      rateLimiter: limitByListener({
        clearnet: limitRequestsPerAddress({
          store: attachmentStore,
          addressHashKey: config.addressHashKey,
          limit: config.attachments.rateLimit,
          windowSeconds: config.receipts.windowSeconds,
        }),
        onion: onionQueues.waitForTurn('attachments'),
      }),
    }),
  );
  // Onion sign-in steps wait in line (argon2 per attempt); clearnet ones are counted per address
  // by the login throttle, which keeps onion attempts apart (login-throttle.ts).
  // Middleware, not a route: the security tests walk every route the app registers.
  const onionSignInTurn = limitByListener({ onion: onionQueues.waitForTurn('signIn') });
  app.use('/api/auth', (req, res, next) => {
    if (req.method === 'POST') onionSignInTurn(req, res, next);
    else next();
  });
  app.use(
    ['/api/auth', '/api/me', '/api/admin', '/api/cases', '/api/stats'],
    loadSession(sessionsService),
  );
  app.use(
    signInRoutes(signInService, {
      publicOrigin: config.publicOrigin,
      addressHashKey: config.addressHashKey,
    }),
  );
  app.use(ownKeyRoutes({ ...staffDeps, keys: caseworkerKeysService }));
  app.use(
    staffAdminRoutes({ ...staffDeps, accounts: accountsService, keys: caseworkerKeysService }),
  );
  app.use(
    caseworkRoutes({
      ...staffDeps,
      casework: caseworkService,
      replyKeyConfirmations,
      triage: triageService,
      plaintextLimits: {
        reportBytes: config.intake.maxBodyBytes,
        attachmentPartBytes: config.attachments.maxPartBytes,
      },
    }),
  );
  app.use(statsRoutes({ ...staffDeps, stats: statsService }));
  app.use(reporterSiteRoutes(config.publicDir));
  app.use(staffSiteRoutes(config.publicDir));
  app.use(handleNotFound());
  app.use(errorHandler);

  return {
    app,
    onionListener: onionRequestListener(app),
    prepare: async () => {
      await expiry.declare(await engineOf(connection));
      await reportRepository.ensureIndexes();
      await auditLogRepository.ensureIndexes();
      await caseMessagesRepository.ensureIndexes();
      await attachmentPartsRepository.ensureIndexes();
      for (const store of limitStores) await store.prepare();
      await accountsRepository.ensureIndexes();
      await caseworkerKeysRepository.ensureIndexes();
      await casesRepository.prepare();
      await sessionsRepository.ensureIndexes();
      await factorsRepository.ensureIndexes();
      await statsPartnersRepository.ensureIndexes();
      await storageWatermark.start();
      reporterCounts.start();
      await directoryExpiry.start();
    },
    runRetention: () => retentionService.deleteExpiredCases(),
    openMissingCases: () => intakeService.openMissingCases(),
    needsExpirySweep: () => expiry.needsSweeping,
    sweepExpired: () => expiry.sweep(),
    releaseOnionQueues: () => onionQueues.release(),
    writeReporterCounts: () => reporterCounts.write(),
    checkDirectoryExpiry: () => directoryExpiry.check(),
    close: () => {
      onionQueues.release();
      reporterCounts.stop();
      directoryExpiry.stop();
      storageWatermark.stop();
    },
  };
}
