/**
 * The notifier process (`npm run notifier`, compose service `notifier`): loadNotifierConfig →
 * connectDb → every NOTIFIER_POLL_SECONDS fan out closed windows and send what is due, every hour
 * the operational checks. Stops on SIGTERM/SIGINT after the pass in progress; a delivery cut
 * short is sent again by the next start (an alert may then arrive twice, never not at all).
 */
import { ConfigError, loadNotifierConfig, type NotifierConfig } from '../config';
import { connectDb } from '../platform/db';
import { createLogger } from '../platform/logger';
import { runPeriodically } from '../platform/periodic';
import { Notifier } from './notifier';

const CHECKS_EVERY_MS = 3_600_000;

async function main(): Promise<void> {
  let config: NotifierConfig;
  try {
    config = loadNotifierConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const connection = await connectDb(config.mongodbUri);
  const notifier = new Notifier({ connection, config, logger });
  if (!config.smtp) logger.warn({ event: 'notifier.smtp_not_configured' });
  const tasks = [
    runPeriodically(
      {
        name: 'notifier.deliver',
        doneEvent: 'notifier.alerts_sent',
        firstAfterMs: 0,
        everyMs: config.pollSeconds * 1000,
        run: async () => (await notifier.deliver()).sent,
      },
      logger,
    ),
    runPeriodically(
      {
        name: 'notifier.checks',
        doneEvent: 'notifier.checks_done',
        firstAfterMs: 0,
        everyMs: CHECKS_EVERY_MS,
        run: async () => {
          await notifier.runChecks();
          return 0;
        },
      },
      logger,
    ),
  ];
  logger.info({ event: 'notifier.started' });
  // The timers do not keep the process alive; this does, until a signal.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const stop = (): void => {
    clearInterval(keepAlive);
    tasks.forEach((task) => task.stop());
    notifier.close();
    connection.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch(() => {
    process.stderr.write(
      'The notifier failed to start (is the database reachable at MONGODB_URI?)\n',
    );
    process.exit(1);
  });
}
