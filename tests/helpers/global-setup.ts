/**
 * Starts the real local MongoDB-compatible server once for the whole run (scripts/local-db):
 * MONGODB_URI if set, else mongod, else FerretDB. Workers inherit the URI through the environment.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalDatabase, type LocalDatabase } from '../../scripts/local-db/local-db';

declare global {
  var __amanatTestDatabase: LocalDatabase | undefined;
  var __amanatTestDataDir: string | undefined;
}

export default async function globalSetup(): Promise<void> {
  // One directory per run: two jest runs in one checkout must not delete each other's data.
  const dataDir = join(__dirname, '..', '..', '.data', `test-db-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  globalThis.__amanatTestDataDir = dataDir;
  const database = await startLocalDatabase({ dataDir, log: () => {} });
  globalThis.__amanatTestDatabase = database;
  process.env['AMANAT_TEST_MONGODB_URI'] = database.uri;
  process.env['AMANAT_TEST_DATABASE_KIND'] = database.kind;
}
