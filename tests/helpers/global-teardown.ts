import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const database = globalThis.__amanatTestDatabase;
  await database?.stop();
  // The database's own files may live outside the data directory (a root-run PostgreSQL cluster).
  database?.remove();
  if (globalThis.__amanatTestDataDir) {
    rmSync(globalThis.__amanatTestDataDir, { recursive: true, force: true });
  }
}
