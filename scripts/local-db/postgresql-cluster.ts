/**
 * A private PostgreSQL cluster on loopback for FerretDB's PostgreSQL backend: Debian's
 * `postgresql` binaries, a cluster of our own (never the system's), a random password, and the
 * server started as a child process so it stops and dies with its owner.
 *
 * `initdb` refuses to run as root. Run as root, the cluster therefore runs as Debian's `postgres`
 * system user (created by the package) with its data under /var/tmp/amanat-postgresql/, because a
 * checkout in a private home or a `mktemp -d` folder cannot be reached by another user. Run as
 * anyone else, it runs as that user with its data under the caller's data directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { stopperOf } from './stop-process';

/** Where a root-run cluster keeps its data: reachable by the `postgres` user. */
const ROOT_CLUSTER_PARENT = '/var/tmp/amanat-postgresql';
const SERVICE_USER = 'postgres';
const DATABASE_USER = 'amanat';

export interface PostgresqlCluster {
  /** postgres:// URL of the cluster's default database, password included. */
  readonly url: string;
  readonly process: ChildProcess;
  /** Fast shutdown (SIGINT), SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): Promise<void>;
  /** Deletes the cluster's files (after stop or kill). */
  remove(): void;
}

/** The directory of Debian's PostgreSQL server binaries (highest version), or undefined. */
export function findPostgresqlBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry) && existsSync(join(root, entry, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

function serviceAccount(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = spawnSync('id', ['-u', SERVICE_USER], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', SERVICE_USER], { encoding: 'utf8' });
  if (lookup.status !== 0 || group.status !== 0) {
    throw new Error(
      `Running as root, the local PostgreSQL cluster runs as the '${SERVICE_USER}' user, which does not exist (install Debian's postgresql package).`,
    );
  }
  return { uid: Number(lookup.stdout.trim()), gid: Number(group.stdout.trim()) };
}

/** The cluster's directory for a data directory: the same one on every start (restarts reuse it). */
export function clusterDirFor(dataDir: string): string {
  if (process.getuid?.() !== 0) return join(resolve(dataDir), 'postgresql');
  const digest = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join(ROOT_CLUSTER_PARENT, digest);
}

/**
 * Starts the cluster that belongs to `dataDir`, listening on 127.0.0.1 at `port`, creating it
 * on first use and anew when `fresh` (its data directory was just created). Resolves once it
 * accepts connections.
 */
export async function startPostgresqlCluster(
  binaries: string,
  dataDir: string,
  port: number,
  fresh: boolean,
): Promise<PostgresqlCluster> {
  const runAs = serviceAccount();
  const dir = clusterDirFor(dataDir);
  const pgdata = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  const owned = { ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) };
  if (fresh || !existsSync(join(pgdata, 'PG_VERSION'))) {
    rmSync(dir, { recursive: true, force: true });
    if (runAs) {
      // The parent must be traversable by the service user; the cluster itself is private.
      mkdirSync(ROOT_CLUSTER_PARENT, { recursive: true });
      chmodSync(ROOT_CLUSTER_PARENT, 0o755);
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    writeFileSync(passwordFile, randomBytes(24).toString('hex'), { mode: 0o600 });
    if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
    const init = spawnSync(
      join(binaries, 'initdb'),
      [
        `--pgdata=${pgdata}`,
        `--username=${DATABASE_USER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
      ],
      { encoding: 'utf8', ...owned },
    );
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.stderr}`);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const child = spawn(
    join(binaries, 'postgres'),
    [
      '-D',
      pgdata,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'max_connections=200',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], ...owned },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  const deadline = Date.now() + 30_000;
  while (!isReady(binaries, port)) {
    if (child.exitCode !== null) throw new Error(`PostgreSQL exited:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostgreSQL did not accept connections within 30 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stopWith = stopperOf(child, exited);
  return {
    url: `postgres://${DATABASE_USER}:${password}@127.0.0.1:${port}/postgres`,
    process: child,
    stop: () => stopWith('SIGINT'),
    kill: () => stopWith('SIGKILL'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function isReady(binaries: string, port: number): boolean {
  const probe = spawnSync(
    join(binaries, 'pg_isready'),
    ['-h', '127.0.0.1', '-p', String(port), '-q'],
    { stdio: 'ignore' },
  );
  return probe.status === 0;
}
