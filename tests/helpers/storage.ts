/**
 * The storage watermark in tests: the database's size as the watermark measures it, and an
 * instance of a test app with a budget set relative to what the database holds now (the size of
 * an empty deployment differs between engines, so no fixed number would mean the same on each).
 */
import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import { buildApp } from '../../server/app';
import type { Config } from '../../server/config';
import { connectDb } from '../../server/platform/db';
import { createLogger } from '../../server/platform/logger';
import type { TestApp } from './test-app';

/** dbStats totalSize: what STORAGE_MAX_BYTES is held against (storage-usage.repository.ts). */
export async function databaseBytesOf(t: TestApp): Promise<number> {
  const stats = await t.connection.db!.command({ dbStats: 1, scale: 1 });
  const total = stats['totalSize'];
  if (typeof total !== 'number') throw new Error('the engine reports no dbStats totalSize');
  return total;
}

export interface StorageLimitedInstance {
  readonly app: Express;
  /**
   * The same app as the onion listener serves it: onion requests write nothing before the
   * watermark looks (no rate-limit counter), so what the test measures is what it sees.
   */
  readonly onionApp: RequestListener;
  close(): Promise<void>;
}

/**
 * Another instance of `t`'s app, on its database, with these storage limits, measuring on every
 * request, and onion budgets no test here reaches.
 */
export async function instanceWithStorageLimits(
  t: TestApp,
  storage: Config['storage'],
): Promise<StorageLimitedInstance> {
  const unlimited = 100_000;
  const config: Config = {
    ...t.config,
    storage,
    onion: {
      ...t.config.onion,
      perMinute: {
        intake: unlimited,
        receipts: unlimited,
        followUps: unlimited,
        attachments: unlimited,
        signIn: unlimited,
      },
    },
  };
  const connection = await connectDb(config.mongodbUri);
  const built = buildApp({
    config,
    connection,
    logger: createLogger('silent'),
    directoryCacheMs: 0,
    storageCacheMs: 0,
    clock: t.clock.now,
  });
  await built.prepare();
  return {
    app: built.app,
    onionApp: built.onionListener,
    close: async () => {
      built.close();
      await connection.close();
    },
  };
}
