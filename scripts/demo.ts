/**
 * `bash scripts/demo.sh`: the DEMO deployment (scripts/lib/demo-deployment.ts) on the demo's own
 * local database (refused when MONGODB_URI is set: see demo-database.ts), then the server on
 * loopback and a walk-through of what to try. The server's settings come from the environment,
 * as in production; the demo only supplies what it made.
 * Refused when NODE_ENV=production.
 */
import { join } from 'node:path';
import { loadNodeEnv } from '../server/config';
import { startServer } from '../server/main';
import { createLogger } from '../server/platform/logger';
import { startDemoDatabase } from './lib/demo-database';
import { DEMO_DIR, demoFiles, writeSecret } from './lib/demo-keys';
import { prepareDemo } from './lib/demo-deployment';
import { demoWalkThrough } from './lib/demo-walk-through';

async function main(): Promise<void> {
  if (loadNodeEnv() === 'production')
    throw new Error('The demo is refused when NODE_ENV=production.');
  const database = await startDemoDatabase(process.env, join(process.cwd(), '.data', 'demo-db'));
  const demo = await prepareDemo({ dataDir: DEMO_DIR, mongodbUri: database.uri, env: process.env });
  const running = await startServer(demo.config, createLogger(demo.config.logLevel));
  // For `npm run demo:report` and the admin CLI.
  const files = demoFiles(DEMO_DIR);
  writeSecret(files.databaseUri, database.uri);
  writeSecret(files.serverUrl, demo.config.publicOrigin);
  const walkThrough = demoWalkThrough(demo, {
    dataDir: DEMO_DIR,
    database: `${database.server.engine} on 127.0.0.1 (its address in ${files.databaseUri})`,
  });
  process.stdout.write(`${walkThrough.join('\n')}\n`);

  const stop = (): void => {
    void running
      .shutdown()
      .then(() => database.server.stop())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
