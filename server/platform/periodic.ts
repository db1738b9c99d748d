/**
 * Background work each instance repeats (retention, opening cases a crash left unopened, the
 * expiry sweep where the engine has no TTL indexes). Every task is idempotent, so instances need
 * no coordination; a run never overlaps the previous one, and the timers never keep the process
 * alive.
 */
import type { Logger } from './logger';

export interface PeriodicTask {
  /** Names the task in its failure log line, e.g. `retention` → `retention.failed`. */
  readonly name: string;
  /** The event logged with the count when a run did something, e.g. `retention.cases_deleted`. */
  readonly doneEvent: string;
  readonly firstAfterMs: number;
  readonly everyMs: number;
  /** Returns how many things it did. */
  run(): Promise<number>;
}

export function runPeriodically(task: PeriodicTask, logger: Logger): { stop(): void } {
  let running = false;
  const runOnce = (): void => {
    if (running) return;
    running = true;
    task
      .run()
      .then(
        (count) => {
          if (count > 0) logger.info({ event: task.doneEvent, count });
        },
        () => logger.error({ event: `${task.name}.failed` }),
      )
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(runOnce, task.firstAfterMs);
  const timer = setInterval(runOnce, task.everyMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
