/**
 * Provides a real MongoDB-compatible server on loopback for development, tests and benchmarks.
 *
 * Order of preference:
 *   1. MONGODB_URI, if set: an existing server; we neither start nor stop it.
 *   2. `mongod` on PATH: started with its data under the given directory.
 *   3. FerretDB v1.24.2, built once with Go and cached under ~/.cache/amanat, on a private
 *      PostgreSQL cluster (Debian's `postgresql`: see postgresql-cluster.ts) where PostgreSQL is
 *      installed, else on SQLite. AMANAT_FERRETDB_BACKEND=sqlite|postgresql chooses explicitly.
 * Every managed server listens on 127.0.0.1 only, on a free port, with telemetry disabled.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  cpSync,
  chmodSync,
  writeFileSync,
  rmSync,
  renameSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  findPostgresqlBinaries,
  startPostgresqlCluster,
  type PostgresqlCluster,
} from './postgresql-cluster';
import { stopperOf } from './stop-process';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

export type LocalDatabaseKind = 'external' | 'mongod' | 'ferretdb';
export type FerretDbBackend = 'postgresql' | 'sqlite';

export interface LocalDatabase {
  readonly kind: LocalDatabaseKind;
  /** For people and reports: e.g. "FerretDB v1.24.2 on PostgreSQL". */
  readonly engine: string;
  readonly uri: string;
  /** Stops a managed server (SIGTERM, then SIGKILL after a grace period). No-op for external servers. */
  stop(): Promise<void>;
  /** Kills a managed server without letting it shut down cleanly: for crash-durability tests. */
  kill(): Promise<void>;
  /** Deletes every file the managed server kept (call after stop); the data directory included. */
  remove(): void;
}

export interface StartOptions {
  /** Where the server keeps its files; created if missing. */
  readonly dataDir: string;
  /** Ignore MONGODB_URI and start a server of our own (tests that restart the database need this). */
  readonly requireManaged?: boolean;
  /** Fixed port, e.g. to restart on the same address; a free one is picked otherwise. */
  readonly port?: number;
  readonly log?: (line: string) => void;
}

export class LocalDatabaseUnavailableError extends Error {
  override readonly name = 'LocalDatabaseUnavailableError';
}

export async function startLocalDatabase(options: StartOptions): Promise<LocalDatabase> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[local-db] ${line}\n`));
  const externalUri = process.env['MONGODB_URI'];
  if (externalUri && !options.requireManaged) {
    return {
      kind: 'external',
      engine: 'the server at MONGODB_URI',
      uri: externalUri,
      stop: async () => {},
      kill: async () => {},
      remove: () => {},
    };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  const mongod = findOnPath('mongod');
  if (mongod) {
    const dbPath = join(options.dataDir, 'mongod');
    mkdirSync(dbPath, { recursive: true });
    const child = spawn(
      mongod,
      ['--dbpath', dbPath, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const server = await waitUntilReady('mongod', child, `mongodb://127.0.0.1:${port}/`, log);
    return { ...server, engine: 'mongod', remove: () => removeDir(options.dataDir) };
  }
  return await startFerretDb(options.dataDir, port, chooseBackend(), log);
}

/** PostgreSQL where Debian's postgresql is installed, SQLite otherwise, unless told. */
function chooseBackend(): FerretDbBackend {
  const chosen = process.env['AMANAT_FERRETDB_BACKEND'];
  if (chosen === 'sqlite' || chosen === 'postgresql') return chosen;
  if (chosen) {
    throw new LocalDatabaseUnavailableError(
      `AMANAT_FERRETDB_BACKEND must be 'postgresql' or 'sqlite', not '${chosen}'.`,
    );
  }
  return findPostgresqlBinaries() ? 'postgresql' : 'sqlite';
}

async function startFerretDb(
  dataDir: string,
  port: number,
  backend: FerretDbBackend,
  log: (line: string) => void,
): Promise<LocalDatabase> {
  const ferretdb = ensureFerretDbBinary(log);
  const stateDir = join(dataDir, 'state');
  // A fresh data directory means a fresh database, wherever the backend keeps its files.
  const fresh = !existsSync(stateDir);
  mkdirSync(stateDir, { recursive: true });
  let cluster: PostgresqlCluster | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    `--state-dir=${resolve(stateDir)}`,
    '--telemetry=disable',
    '--log-level=error',
  ];
  if (backend === 'postgresql') {
    const binaries = findPostgresqlBinaries();
    if (!binaries) {
      throw new LocalDatabaseUnavailableError(
        'PostgreSQL is not installed (Debian: apt-get install postgresql); set AMANAT_FERRETDB_BACKEND=sqlite to use SQLite.',
      );
    }
    cluster = await startPostgresqlCluster(binaries, dataDir, await findFreePort(), fresh);
    args.push('--handler=postgresql');
    // In the environment, not the arguments: other local users can read a process's arguments.
    env['FERRETDB_POSTGRESQL_URL'] = cluster.url;
  } else {
    const sqliteDir = join(dataDir, 'sqlite');
    mkdirSync(sqliteDir, { recursive: true });
    args.push('--handler=sqlite', `--sqlite-url=file:${resolve(sqliteDir)}/`);
  }
  const child = spawn(ferretdb, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let server: Omit<LocalDatabase, 'engine' | 'remove'>;
  try {
    server = await waitUntilReady('ferretdb', child, `mongodb://127.0.0.1:${port}/`, log);
  } catch (error) {
    await cluster?.kill();
    throw error;
  }
  return {
    ...server,
    engine: `FerretDB ${FERRETDB_VERSION} on ${backend === 'postgresql' ? 'PostgreSQL' : 'SQLite'}`,
    stop: async () => {
      await server.stop();
      await cluster?.stop();
    },
    kill: async () => {
      await server.kill();
      await cluster?.kill();
    },
    remove: () => {
      cluster?.remove();
      removeDir(dataDir);
    },
  };
}

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Returns the path of a cached FerretDB binary, building it with Go on first use. */
export function ensureFerretDbBinary(log: (line: string) => void): string {
  const cacheDir = join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'amanat');
  const binary = join(cacheDir, `ferretdb-${FERRETDB_VERSION}`);
  if (existsSync(binary)) return binary;
  const go =
    findOnPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) {
    throw new LocalDatabaseUnavailableError(
      'No MongoDB-compatible server is available. Do one of: set MONGODB_URI to a running server; ' +
        'put `mongod` (MongoDB 7 or 8) on PATH; or put Go 1.24 or newer on PATH, which FerretDB ' +
        `${FERRETDB_VERSION}'s go.mod asks for (scripts/test.sh sets it up: Debian's golang-go, and ` +
        "the go1.24.3 toolchain FerretDB's go.mod names where Debian's Go is older).",
    );
  }
  log(`building FerretDB ${FERRETDB_VERSION} with Go (first run only, about 2 minutes)...`);
  const download = spawnSync(
    go,
    ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
    {
      encoding: 'utf8',
      cwd: tmpdir(),
      env: { ...process.env, GOFLAGS: '-mod=mod' },
    },
  );
  if (download.status !== 0) {
    throw new LocalDatabaseUnavailableError(
      `go mod download of FerretDB failed:\n${download.stderr}`,
    );
  }
  const moduleDir = (JSON.parse(download.stdout) as { Dir?: string }).Dir;
  if (!moduleDir)
    throw new LocalDatabaseUnavailableError('go mod download did not report a module directory');
  // `go install module@version` yields a binary that panics at start because the release's
  // build/version/version.txt is generated, not committed. Build from a writable copy instead.
  const sourceDir = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    cpSync(moduleDir, sourceDir, { recursive: true });
    makeWritable(sourceDir);
    writeFileSync(join(sourceDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${binary}.partial-${process.pid}`;
    const build = spawnSync(go, ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], {
      cwd: sourceDir,
      encoding: 'utf8',
    });
    if (build.status !== 0)
      throw new LocalDatabaseUnavailableError(`building FerretDB failed:\n${build.stderr}`);
    renameSync(partial, binary); // atomic: a concurrent or interrupted build never leaves half a binary
  } finally {
    rmSync(sourceDir, { recursive: true, force: true });
  }
  log(`FerretDB cached at ${binary}`);
  return binary;
}

function makeWritable(dir: string): void {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  chmodSync(dir, 0o755);
}

function findOnPath(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = result.stdout.trim();
  return result.status === 0 && path ? path : undefined;
}

export async function findFreePort(): Promise<number> {
  return await new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntilReady(
  kind: 'mongod' | 'ferretdb',
  child: ChildProcess,
  uri: string,
  log: (line: string) => void,
): Promise<Omit<LocalDatabase, 'engine' | 'remove'>> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new LocalDatabaseUnavailableError(
        `${kind} exited with code ${child.exitCode}:\n${stderr}`,
      );
    }
    if (await canPing(uri)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new LocalDatabaseUnavailableError(
        `${kind} did not accept connections within 30 s:\n${stderr}`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  log(`${kind} ready at ${uri}`);
  const stopWith = stopperOf(child, exited);
  return { kind, uri, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}

async function canPing(uri: string): Promise<boolean> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}
