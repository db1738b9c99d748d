/**
 * Running the retention job from a test, as production runs it: the app's daily run (buildApp's
 * runRetention), or the job as the admin CLI builds it (buildCoreServices) on a later clock.
 * TEST ONLY.
 */
import type { Connection } from 'mongoose';
import { buildApp } from '../../server/app';
import type { RetentionService } from '../../server/features/retention';
import { createLogger } from '../../server/platform/logger';
import { buildCoreServices, type CoreServices } from '../../server/services';
import type { TestApp } from './test-app';

const DAY_MS = 86_400_000;

/** One run of the app's daily retention job, on the app's configuration, database and clock. */
export async function runRetention(t: TestApp): Promise<{ deleted: number }> {
  const built = buildApp({
    config: t.config,
    connection: t.connection,
    logger: createLogger('silent'),
    clock: t.clock.now,
  });
  try {
    return await built.runRetention();
  } finally {
    built.close();
  }
}

/**
 * The retention job as the admin CLI builds it, on `connection`, running the day after
 * `closedDays` have passed while the app's own clock stays (the staff sessions a test drives stay
 * valid). `core.repositories` are the job's own, for a race test to wrap.
 */
export function retentionLater(
  connection: Connection,
  closedDays: number,
): { readonly core: CoreServices; readonly retention: RetentionService } {
  const core = buildCoreServices({
    connection,
    clock: () => new Date(Date.now() + (closedDays + 1) * DAY_MS),
  });
  return { core, retention: core.retentionAfter(closedDays) };
}
