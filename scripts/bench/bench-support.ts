/**
 * What every database-backed bench needs: progress on stderr (stdout carries only results),
 * cleanup steps that all run, and a private FerretDB with a fresh database.
 */
import { rmSync } from 'node:fs';
import type { Connection } from 'mongoose';
import { connectDb } from '../../server/platform/db';
import { startLocalDatabase, type LocalDatabase } from '../local-db/local-db';

/** Progress goes to stderr, so stdout carries only the results. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Cleanup steps, run in reverse order of registration, each even if an earlier one failed. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  async runAll(): Promise<void> {
    for (const step of this.steps.reverse()) {
      await step
        .run()
        .catch((error: unknown) => progress(`cleanup: ${step.name} failed: ${String(error)}`));
    }
  }
}

/** A private FerretDB in `dataDir` (emptied first and removed at cleanup). */
export async function startBenchDatabase(
  dataDir: string,
  cleanup: Cleanup,
): Promise<LocalDatabase> {
  rmSync(dataDir, { recursive: true, force: true });
  const database = await startLocalDatabase({ dataDir, log: progress });
  cleanup.add('stop database', async () => {
    await database.stop();
    database.remove();
  });
  return database;
}

export function benchUri(serverUri: string, databaseName: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** Connects to an emptied database, dropped again at cleanup. */
export async function connectBenchDatabase(uri: string, cleanup: Cleanup): Promise<Connection> {
  const connection = await connectDb(uri);
  await connection.dropDatabase();
  cleanup.add('drop bench database', async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  return connection;
}
