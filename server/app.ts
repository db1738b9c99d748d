/**
 * buildApp(deps): the whole HTTP surface, without listen(), so tests drive it in-process.
 * Order matters: request id and security headers first, limits before parsing, errors last.
 */
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import type { Config } from './config';
import { handleErrors, handleNotFound } from './platform/error-handler';
import { healthRoutes, type Lifecycle } from './platform/health.routes';
import { openApiRoutes } from './platform/openapi.routes';
import { arrivedOverOnion, onionRequestListener } from './platform/onion-listener';
import { OnionQueues } from './platform/onion-queue';
import {
  limitByListener,
  limitRequestsPerAddress,
  MongoRateLimitStore,
} from './platform/rate-limits';
import { markReporterRequests, ReporterRequestCounts } from './platform/reporter-requests';
import { assignRequestId } from './platform/request-id';
import { boundRequestTime } from './platform/request-timeouts';
import { securityHeaders } from './platform/security-headers';
import { DirectoryExpiryWatch, directoryRoutes } from './features/directory';
import { intakeRoutes } from './features/intake';
import { noJsFormsRoutes } from './features/no-js-forms';
import { reporterSiteRoutes } from './features/reporter-site';
import { staffSiteRoutes } from './features/staff-site';
import { receiptsRoutes } from './features/receipts';
import { attachmentsRoutes, ConcurrentUploads } from './features/attachments';
import { ownKeyRoutes } from './features/caseworkers';
import { loadSession } from './features/sessions';
import { signInRoutes } from './features/sign-in';
import { staffAdminRoutes } from './features/staff-admin';
import { caseworkRoutes } from './features/casework';
import { caseLinksRoutes } from './features/case-links';
import { statsRoutes } from './features/stats';
import { alertsRoutes } from './features/alerts';
import { engineOf } from './platform/engine';
import { Expiry } from './platform/expiry';
import { buildServices, type Services, type ServicesDeps } from './services';

/** What the services are built from (server/services.ts), and the app's own settings. */
/** The app makes its own reporter-request counts and hands them to the services. */
export interface AppDeps extends Omit<ServicesDeps, 'reporterCounts'> {
  readonly config: Config;
  readonly lifecycle?: Lifecycle;
}

export interface BuiltApp {
  readonly app: Express;
  /** The repositories and services the app serves (server/services.ts). */
  readonly services: Services;
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
  const clock = deps.clock ?? (() => new Date());
  // Reporter actions are counted, never logged one by one: a log line's time would date them.
  const reporterCounts = new ReporterRequestCounts(logger);
  const services = buildServices({ ...deps, clock, reporterCounts });
  const { repositories, storageWatermark } = services;
  const directoryExpiry = new DirectoryExpiryWatch({
    directory: services.directory,
    warningDays: config.directoryExpiryWarningDays,
    logger,
    clock,
  });
  const intakeLimitStore = new MongoRateLimitStore(connection, 'intake');
  const receiptLookupStore = new MongoRateLimitStore(connection, 'receipt');
  const followUpStore = new MongoRateLimitStore(connection, 'follow-up');
  const attachmentStore = new MongoRateLimitStore(connection, 'attachment');
  const limitStores = [intakeLimitStore, receiptLookupStore, followUpStore, attachmentStore];
  const expiry = new Expiry(connection);
  const onionQueues = new OnionQueues(config.onion);

  const staffDeps = {
    signIn: services.signIn,
    sessions: services.sessions,
    audit: services.audit,
    publicOrigin: config.publicOrigin,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops);
  app.set('etag', false);
  app.use(assignRequestId());
  app.use(securityHeaders({ onionOrigin: config.onionOrigin }));
  app.use(markReporterRequests());
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
  app.use(directoryRoutes(services.directory));
  // One intake limiter and one failed-lookup limiter for the page with JavaScript and the
  // no-JavaScript form alike: neither way round the other's budget.
  const intakeLimiter = limitByListener({
    clearnet: limitRequestsPerAddress({
      store: intakeLimitStore,
      addressHashKey: config.addressHashKey,
      limit: config.intake.rateLimit.limit,
      windowSeconds: config.intake.rateLimit.windowSeconds,
    }),
    onion: onionQueues.waitForTurn('intake'),
  });
  // Onion look-ups are never locked out (verifiers are 256 bits): their cost is bounded by
  // the onion queue, not a failed-lookup bucket every onion reporter would share.
  const failedLookupLimiter = limitByListener({
    clearnet: limitRequestsPerAddress({
      store: receiptLookupStore,
      addressHashKey: config.addressHashKey,
      limit: config.receipts.failedLookupLimit,
      windowSeconds: config.receipts.windowSeconds,
      countFailuresOnly: true,
    }),
    onion: onionQueues.waitForTurn('receipts'),
  });
  app.use(
    intakeRoutes(services.intake, {
      maxBodyBytes: config.intake.maxBodyBytes,
      rateLimiter: intakeLimiter,
    }),
  );
  app.use(
    noJsFormsRoutes(services.noJsForms, {
      enabled: config.noJsForm,
      allowedOrigins: [config.publicOrigin, ...(config.onionOrigin ? [config.onionOrigin] : [])],
      siteDir: config.publicDir,
      maxBodyBytes: config.intake.maxBodyBytes,
      intakeLimiter,
      failedLookupLimiter,
    }),
  );
  app.use(
    receiptsRoutes(services.receipts, {
      maxBodyBytes: config.intake.maxBodyBytes,
      failedLookupLimiter,
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
    attachmentsRoutes(services.attachments, {
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
    ['/api/auth', '/api/me', '/api/admin', '/api/cases', '/api/case-links', '/api/stats'],
    loadSession(services.sessions),
  );
  app.use(
    signInRoutes(services.signIn, {
      publicOrigin: config.publicOrigin,
      addressHashKey: config.addressHashKey,
    }),
  );
  app.use(ownKeyRoutes({ ...staffDeps, keys: services.caseworkerKeys }));
  app.use(
    staffAdminRoutes({
      ...staffDeps,
      accounts: services.accounts,
      keys: services.caseworkerKeys,
    }),
  );
  app.use(
    caseworkRoutes({
      ...staffDeps,
      casework: services.casework,
      replyKeyConfirmations: services.replyKeyConfirmations,
      triage: services.triage,
      plaintextLimits: {
        reportBytes: config.intake.maxBodyBytes,
        attachmentPartBytes: config.attachments.maxPartBytes,
      },
    }),
  );
  app.use(statsRoutes({ ...staffDeps, stats: services.stats }));
  app.use(caseLinksRoutes({ ...staffDeps, caseLinks: services.caseLinks }));
  app.use(
    alertsRoutes({
      ...staffDeps,
      alerts: services.alertSettings,
      batchMinutes: config.alerts.batchMinutes,
    }),
  );
  app.use(reporterSiteRoutes(config.publicDir, { noJsForm: config.noJsForm }));
  app.use(staffSiteRoutes(config.publicDir));
  app.use(handleNotFound());
  app.use(errorHandler);

  return {
    app,
    services,
    onionListener: onionRequestListener(app),
    prepare: async () => {
      await expiry.declare(await engineOf(connection));
      await repositories.reports.ensureIndexes();
      await repositories.auditLog.ensureIndexes();
      await repositories.caseMessages.ensureIndexes();
      await repositories.caseReads.ensureIndexes();
      await repositories.attachmentParts.ensureIndexes();
      for (const store of limitStores) await store.prepare();
      await repositories.accounts.ensureIndexes();
      await repositories.caseworkerKeys.ensureIndexes();
      await repositories.cases.prepare();
      await services.casework.addMissingThreadFields();
      await repositories.sessions.ensureIndexes();
      await repositories.factors.ensureIndexes();
      await repositories.statsPartners.ensureIndexes();
      await repositories.caseLinks.ensureIndexes();
      await repositories.alertOutbox.ensureIndexes();
      await repositories.alertSettings.ensureIndexes();
      await repositories.alertDeliveries.ensureIndexes();
      const resealed = await services.alertSettings.resealEarlierAddresses();
      if (resealed > 0) logger.info({ event: 'alerts.addresses_resealed', count: resealed });
      await storageWatermark.start();
      reporterCounts.start();
      await directoryExpiry.start();
    },
    runRetention: () => services.retention.deleteExpiredCases(),
    openMissingCases: () => services.intake.openMissingCases(),
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
