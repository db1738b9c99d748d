/**
 * `npm run db`: starts the local MongoDB-compatible server in the foreground until Ctrl-C.
 * Prints the URI to stdout so other shells can use it as MONGODB_URI.
 */
import { join } from 'node:path';
import { startLocalDatabase, LocalDatabaseUnavailableError } from './local-db';

async function main(): Promise<void> {
  const database = await startLocalDatabase({ dataDir: join(process.cwd(), '.data', 'db') });
  process.stdout.write(`${database.uri}\n`);
  const stop = (): void => {
    void database.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof LocalDatabaseUnavailableError ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
