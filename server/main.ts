/**
 * loadConfig → connectDb → buildApp → listen, and a graceful shutdown on SIGTERM/SIGINT:
 * readiness fails first (load balancers drain), the listener closes, in-flight requests finish,
 * then the database disconnects.
 */
import { createServer, type Server } from 'node:http';
import { buildApp, type BuiltApp } from './app';
import { loadConfig, type Config } from './config';
import { connectDb } from './platform/db';
import type { Logger } from './platform/logger';
import { runPeriodically, type PeriodicTask } from './platform/periodic';
import { applyServerTimeouts } from './platform/request-timeouts';
import { runProcess } from './run-process';

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  /** The onion listener (ONION_PORT), or null when there is none. */
  readonly onionServer: Server | null;
  shutdown(): Promise<void>;
}

/** How often an instance looks for reports without a case, and sweeps expired documents. */
const REPAIR_AND_SWEEP_EVERY_MS = 60_000;

/**
 * The background work of every instance; each task is idempotent (and retention audited once),
 * so instances need no coordination:
 *   - retention: closed cases past their period, first a minute after start;
 *   - reports stored without their case (the app died between the two writes): at start, then
 *     every minute, so such a case reaches the inbox without its reporter sending again;
 *   - expired documents, only where the engine has no TTL indexes (expiry.ts).
 */
function schedulePeriodicWork(built: BuiltApp, config: Config, logger: Logger): { stop(): void } {
  const tasks: PeriodicTask[] = [
    {
      name: 'intake.case_repair',
      doneEvent: 'intake.cases_opened',
      firstAfterMs: 0,
      everyMs: REPAIR_AND_SWEEP_EVERY_MS,
      run: () => built.openMissingCases(),
    },
  ];
  if (config.retention.sweepMinutes > 0) {
    tasks.push({
      name: 'retention',
      doneEvent: 'retention.cases_deleted',
      firstAfterMs: 60_000,
      everyMs: config.retention.sweepMinutes * 60_000,
      run: async () => (await built.runRetention()).deleted,
    });
  }
  if (built.needsExpirySweep()) {
    tasks.push({
      name: 'expiry.sweep',
      doneEvent: 'expiry.documents_deleted',
      firstAfterMs: REPAIR_AND_SWEEP_EVERY_MS,
      everyMs: REPAIR_AND_SWEEP_EVERY_MS,
      run: () => built.sweepExpired(),
    });
  }
  const running = tasks.map((task) => runPeriodically(task, logger));
  return { stop: () => running.forEach((task) => task.stop()) };
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const connection = await connectDb(config.mongodbUri);
  let shuttingDown = false;
  const built = buildApp({
    config,
    connection,
    logger,
    lifecycle: { isShuttingDown: () => shuttingDown },
  });
  await built.prepare();
  const server = createServer(built.app);
  // Bounded waits for slow clients: headers and a backstop here, the per-request rules in the
  // app (a fixed total, or progress for attachment parts), so a stalled upload cannot hold a socket.
  applyServerTimeouts(server, config.requestTimeouts, config.attachments.maxPartBytes);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ event: 'server.listening', port });
  const onionServer = await startOnionListener(built, server, config);

  const periodicWork = schedulePeriodicWork(built, config, logger);

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      shuttingDown = true;
      periodicWork.stop();
      logger.info({ event: 'server.draining', durationMs: config.shutdownDrainMs });
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      // Queued onion requests would hold the shutdown for up to ONION_QUEUE_SECONDS: they are
      // answered 503 onion_busy now and retry (tor may pick another instance).
      built.releaseOnionQueues();
      const closing = [server, ...(onionServer ? [onionServer] : [])].map(
        (listening) =>
          new Promise<void>((resolve) => {
            listening.close(() => resolve());
            listening.closeIdleConnections();
          }),
      );
      await Promise.all(closing);
      built.close();
      await connection.close();
      logger.info({ event: 'server.stopped' });
    })();
    return shutdownPromise;
  };
  return { server, port, onionServer, shutdown };
}

/**
 * The onion listener (ONION_PORT): the same app, every request on it marked as an onion request
 * (onion-listener.ts). Only the tor daemon reaches it (deploy/tor/torrc, docker-compose.yml). Its
 * requests may wait up to ONION_QUEUE_SECONDS for their turn before their body is read, so they
 * get that much longer to arrive in full.
 */
async function startOnionListener(
  built: BuiltApp,
  clearnet: Server,
  config: Config,
): Promise<Server | null> {
  const listener = config.onion.listener;
  if (listener === null) return null;
  const onionServer = createServer(built.onionListener);
  onionServer.requestTimeout = clearnet.requestTimeout + config.onion.queueSeconds * 1000;
  onionServer.headersTimeout = clearnet.headersTimeout;
  await new Promise<void>((resolve, reject) => {
    onionServer.once('error', reject);
    onionServer.listen(listener.port, listener.host, resolve);
  });
  return onionServer;
}

if (require.main === module) {
  runProcess(
    loadConfig,
    async (config, logger) => {
      const running = await startServer(config, logger);
      return { stop: () => running.shutdown() };
    },
    'Amanat failed to start (is the database reachable at MONGODB_URI?)',
  );
}
