/**
 * How each long-running process starts (the app, server/main.ts; the notifier,
 * server/notifier/main.ts): its configuration loaded and validated first (a problem is printed,
 * without values, and the process exits 78, EX_CONFIG), then its logger; an unhandled rejection
 * or uncaught exception is logged by name only and ends the process (70), so the supervisor
 * restarts it instead of it running on in an unknown state; SIGTERM/SIGINT stop it gracefully.
 */
import { ConfigError } from './config';
import { createLogger, type Logger, type LogLevel } from './platform/logger';

export interface RunningProcess {
  /** Finishes what is in progress and lets go of the database. */
  stop(): Promise<void>;
}

export function runProcess<C extends { readonly logLevel: LogLevel }>(
  loadConfig: () => C,
  start: (config: C, logger: Logger) => Promise<RunningProcess>,
  /** Printed when it cannot start (the configuration was valid). */
  startFailure: string,
): void {
  const main = async (): Promise<void> => {
    let config: C;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(78); // EX_CONFIG
      }
      throw error;
    }
    const logger = createLogger(config.logLevel);
    process.on('unhandledRejection', () => {
      logger.error({ event: 'process.unhandled_rejection' });
      process.exit(70);
    });
    process.on('uncaughtException', (error) => {
      logger.error({ event: 'process.uncaught_exception', code: error.name });
      process.exit(70);
    });
    const running = await start(config, logger);
    const stop = (): void => {
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  };
  main().catch(() => {
    process.stderr.write(`${startFailure}\n`);
    process.exit(1);
  });
}
