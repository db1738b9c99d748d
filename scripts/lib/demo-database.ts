/**
 * The demo's database: always one the demo starts and manages itself, on loopback under
 * .data/demo-db. Never the server at MONGODB_URI: with a deployment's MONGODB_URI in the shell the
 * demo would otherwise create active DEMO accounts (their passwords and authenticator secrets in
 * files), DEMO keys, a DEMO directory and an admin invitation on that deployment's data.
 */
import { startLocalDatabase, type LocalDatabase } from '../local-db/local-db';

type Env = Readonly<Record<string, string | undefined>>;

/** The database name the demo keeps its data under. */
export const DEMO_DATABASE_NAME = 'amanat_demo';

/** Refuses an environment naming a database: the demo never runs against one it did not start. */
export function refuseEnvironmentDatabase(env: Env): void {
  const named = ['MONGODB_URI', 'MONGODB_URI_FILE'].filter((name) => env[name]);
  if (named.length > 0) {
    throw new Error(
      `The demo runs only on its own local database; unset ${named.join(' and ')} and run it again.`,
    );
  }
}

/** The demo database's URI on a server: its database name set, any query kept. */
export function demoDatabaseUri(serverUri: string): string {
  const uri = new URL(serverUri);
  uri.pathname = `/${DEMO_DATABASE_NAME}`;
  return uri.toString();
}

export interface DemoDatabase {
  readonly server: LocalDatabase;
  readonly uri: string;
}

/** Starts (or restarts) the demo's own database server; refused when the environment names one. */
export async function startDemoDatabase(env: Env, dataDir: string): Promise<DemoDatabase> {
  refuseEnvironmentDatabase(env);
  const server = await startLocalDatabase({ dataDir, requireManaged: true });
  return { server, uri: demoDatabaseUri(server.uri) };
}
