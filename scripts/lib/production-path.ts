/**
 * The production path, run on this machine: Debian's Caddy with the repository's own Caddyfile
 * (deploy/caddy/Caddyfile, unchanged) in front of two app instances (server/main.ts, configured
 * as compose configures app1 and app2: NODE_ENV=production, TRUST_PROXY=1, SHUTDOWN_DRAIN_MS
 * 10 s). TLS is real: Caddy serves `localhost` with a certificate from its own CA, kept in a
 * private data directory (XDG_DATA_HOME) whose root certificate clients are given to trust.
 * Used by the test suite (tests/production) and by hand:
 *
 *   MONGODB_URI=… ORG_FINGERPRINT=… DIRECTORY_MIN_VERSION=… ADDRESS_HASH_KEY=… \
 *   FACTOR_ENCRYPTION_KEY=… npx tsx scripts/lib/production-path.ts [--https-port 8443]
 *
 * (a database with a published directory first: npm run db, org:init, caseworker keys,
 * directory:sign). It prints the origin and the CA root for `curl --cacert`; Ctrl-C stops it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../local-db/local-db';
import { startServerProcess, type ServerProcess } from './app-process';

const ROOT = join(__dirname, '..', '..');
export const CADDYFILE = join(ROOT, 'deploy', 'caddy', 'Caddyfile');
const CADDY = process.env['CADDY_PATH'] ?? 'caddy';
/** The host name Caddy serves; `localhost` makes it use its own CA instead of ACME. */
const PUBLIC_HOST = 'localhost';
const START_TIMEOUT_MS = 30_000;

export interface ProductionPathOptions {
  /**
   * Both instances' environment: the deployment's (MONGODB_URI, ORG_FINGERPRINT,
   * DIRECTORY_MIN_VERSION, ADDRESS_HASH_KEY, FACTOR_ENCRYPTION_KEY, …); it may override the
   * compose settings this adds (NODE_ENV, TRUST_PROXY, SHUTDOWN_DRAIN_MS, PUBLIC_ORIGIN).
   */
  readonly appEnv: Readonly<Record<string, string>>;
  readonly httpsPort?: number | undefined;
  readonly httpPort?: number | undefined;
}

/** One app instance on a fixed port, so Caddy finds it again after a restart. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class AppInstance {
  private process: ServerProcess | undefined;

  constructor(
    readonly name: 'app1' | 'app2',
    readonly port: number,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** The address Caddy proxies to (APP1_UPSTREAM / APP2_UPSTREAM). */
  get upstream(): string {
    return `127.0.0.1:${this.port}`;
  }

  get isRunning(): boolean {
    return this.process !== undefined;
  }

  /** Starts the instance; resolves once it answers /healthz. */
  async start(): Promise<void> {
    if (this.process) throw new Error(`${this.name} is running already`);
    this.process = await startServerProcess({ ...this.env, PORT: String(this.port) });
  }

  /** SIGTERM, as `docker compose stop` sends: /readyz answers 503 for SHUTDOWN_DRAIN_MS, then it closes. */
  async stop(): Promise<Exit> {
    return await this.end('SIGTERM');
  }

  /** SIGKILL: gone at once, requests in flight included. */
  async kill(): Promise<Exit> {
    return await this.end('SIGKILL');
  }

  output(): string {
    return this.process?.output() ?? '';
  }

  private async end(signal: NodeJS.Signals): Promise<Exit> {
    const running = this.process;
    if (!running) throw new Error(`${this.name} is not running`);
    running.child.kill(signal);
    const exit = await running.exited;
    this.process = undefined;
    return exit;
  }
}

export interface ProductionPath {
  /** https://localhost:<port>, the PUBLIC_ORIGIN of both instances. */
  readonly origin: string;
  readonly httpsPort: number;
  /** Caddy's plain-HTTP port: it only redirects to HTTPS. */
  readonly httpPort: number;
  /** Caddy's local CA root (PEM): what a client trusts to reach `origin`. */
  readonly rootCertificate: string;
  readonly rootCertificateFile: string;
  readonly apps: readonly [AppInstance, AppInstance];
  /** Caddy's log so far (JSON lines, filtered by the Caddyfile's own log settings). */
  proxyLog(): string;
  /** Stops Caddy and both instances at once (SIGKILL for the apps: they hold no state). */
  stop(): Promise<void>;
}

export async function startProductionPath(options: ProductionPathOptions): Promise<ProductionPath> {
  const httpsPort = options.httpsPort ?? (await findFreePort());
  const httpPort = options.httpPort ?? (await findFreePort());
  const origin = `https://${PUBLIC_HOST}:${httpsPort}`;
  const appEnv = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    TRUST_PROXY: '1',
    SHUTDOWN_DRAIN_MS: '10000',
    PUBLIC_ORIGIN: origin,
    ...options.appEnv,
  };
  const apps = [
    new AppInstance('app1', await findFreePort(), appEnv),
    new AppInstance('app2', await findFreePort(), appEnv),
  ] as const;
  const stateDir = mkdtempSync(join(tmpdir(), 'amanat-caddy-'));
  let caddy: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    for (const app of apps) if (app.isRunning) await app.kill();
    if (caddy && caddy.exitCode === null && caddy.signalCode === null) {
      const exited = new Promise((resolve) => caddy!.once('exit', resolve));
      caddy.kill('SIGTERM');
      await exited;
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    // Both settle before anything is stopped: no instance is left starting on its own.
    const started = await Promise.allSettled(apps.map((app) => app.start()));
    for (const outcome of started) if (outcome.status === 'rejected') throw outcome.reason;
    let log = '';
    caddy = spawn(CADDY, ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
      cwd: stateDir,
      env: {
        PATH: process.env['PATH'] ?? '',
        // Certificates, the local CA and autosaved config stay in this run's own directory.
        HOME: stateDir,
        XDG_DATA_HOME: join(stateDir, 'data'),
        XDG_CONFIG_HOME: join(stateDir, 'config'),
        PUBLIC_HOST,
        HTTP_PORT: String(httpPort),
        HTTPS_PORT: String(httpsPort),
        APP1_UPSTREAM: apps[0].upstream,
        APP2_UPSTREAM: apps[1].upstream,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.once('error', () => {}); // not installed: told below, by the missing pid
    if (caddy.pid === undefined) {
      throw new Error(`${CADDY} could not be run: scripts/lib/prerequisites.sh installs Caddy`);
    }
    caddy.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    caddy.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    const rootCertificateFile = join(
      stateDir,
      'data',
      'caddy',
      'pki',
      'authorities',
      'local',
      'root.crt',
    );
    const rootCertificate = await waitUntilServing(
      caddy,
      () => log,
      rootCertificateFile,
      httpsPort,
    );
    return {
      origin,
      httpsPort,
      httpPort,
      rootCertificate,
      rootCertificateFile,
      apps,
      proxyLog: () => log,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits until Caddy made its CA and answers /healthz over TLS with it; returns the CA root. */
async function waitUntilServing(
  caddy: ChildProcess,
  log: () => string,
  rootCertificateFile: string,
  httpsPort: number,
): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (caddy.exitCode !== null) throw new Error(`caddy exited during start:\n${log()}`);
    let root: string | undefined;
    try {
      root = readFileSync(rootCertificateFile, 'utf8');
    } catch {
      // not made yet
    }
    if (root && (await answersHealthz(httpsPort, root))) return root;
    if (Date.now() > deadline) throw new Error(`caddy did not start serving:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function answersHealthz(httpsPort: number, ca: string): Promise<boolean> {
  return new Promise((resolve) => {
    get(
      {
        host: '127.0.0.1',
        servername: PUBLIC_HOST,
        port: httpsPort,
        path: '/healthz',
        ca,
        headers: { host: `${PUBLIC_HOST}:${httpsPort}` },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    ).on('error', () => resolve(false));
  });
}

async function main(argv: readonly string[]): Promise<void> {
  const port = (flag: string): number | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : Number(argv[index + 1]);
  };
  const appEnv = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const path = await startProductionPath({
    appEnv,
    httpsPort: port('--https-port'),
    httpPort: port('--http-port'),
  });
  process.stdout.write(
    `Serving ${path.origin} through Caddy (${CADDYFILE}) to ` +
      `${path.apps.map((app) => `${app.name} ${app.upstream}`).join(' and ')}.\n` +
      `Trust its CA: curl --cacert ${path.rootCertificateFile} ${path.origin}/healthz\n` +
      'Ctrl-C stops everything.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await path.stop();
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
