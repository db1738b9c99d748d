/**
 * The notifier process (`npm run notifier`, compose service `notifier`): loadNotifierConfig →
 * connectDb → every NOTIFIER_POLL_SECONDS fan out closed windows and send what is due, every hour
 * the operational checks. Stops on SIGTERM/SIGINT at once: no new pass starts and the database
 * connection closes, cutting a pass in progress short; a fan-out cut short is redone whole by the
 * next start (deliveries have fixed ids), and a delivery cut short is sent again (an alert may
 * then arrive twice, never not at all).
 * Starts, fails and stops like the app (server/run-process.ts).
 */
import { loadNotifierConfig, type NotifierConfig } from '../config';
import { connectDb } from '../platform/db';
import type { Logger } from '../platform/logger';
import { runPeriodically } from '../platform/periodic';
import { runProcess, type RunningProcess } from '../run-process';
import { Notifier } from './notifier';

const CHECKS_EVERY_MS = 3_600_000;

/** Connects, schedules the delivery passes and the checks; stopping ends both and disconnects. */
async function startNotifier(config: NotifierConfig, logger: Logger): Promise<RunningProcess> {
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
  // The timers do not keep the process alive; this does, until it is stopped.
  const keepAlive = setInterval(() => {}, 1 << 30);
  return {
    stop: async () => {
      clearInterval(keepAlive);
      tasks.forEach((task) => task.stop());
      notifier.close();
      await connection.close();
    },
  };
}

if (require.main === module) {
  runProcess(
    loadNotifierConfig,
    startNotifier,
    'The notifier failed to start (is the database reachable at MONGODB_URI?)',
  );
}
