/**
 * The production path (scripts/lib/production-path.ts: Debian's Caddy with deploy/caddy/Caddyfile
 * in front of two server/main.ts processes) for tests: requests over real TLS, trusting only the
 * run's own Caddy CA, and Caddy's health-check events to wait on.
 */
import { request } from 'node:https';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import {
  startProductionPath,
  type AppInstance,
  type ProductionPath,
} from '../../scripts/lib/production-path';
import { prepareOrganisation, type FaultOrganisation } from './fault-harness';
import { testDatabaseUri } from './database';
import { rawResponseOf, type RawResponse } from './raw-get';

export { startProductionPath, type AppInstance, type ProductionPath };

/**
 * A TEST-ONLY organisation with a published directory in a database of its own, and the
 * production path serving it. `env` adds to (or overrides) the instances' environment.
 */
export async function startProductionPathFor(
  label: string,
  env: Readonly<Record<string, string>> = {},
): Promise<{ path: ProductionPath; organisation: FaultOrganisation; databaseUri: string }> {
  const databaseUri = testDatabaseUri(label);
  const organisation = await prepareOrganisation(label, databaseUri);
  const path = await startProductionPath({
    appEnv: {
      ...organisation.env,
      NODE_ENV: 'production',
      MONGODB_URI: databaseUri,
      DIRECTORY_MIN_VERSION: '1',
      ...env,
    },
  });
  return { path, organisation, databaseUri };
}

/**
 * Makes this process's fetch() trust the run's Caddy CA (besides the usual roots), as a browser
 * that was given it would; returns what undoes it.
 */
export function trustProxyCa(path: ProductionPath): () => void {
  const before = getCACertificates('default');
  setDefaultCACertificates([...before, path.rootCertificate]);
  return () => setDefaultCACertificates(before);
}

export interface ProxyRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** The client's own address (any 127.x.y.z): what Caddy must hand on as X-Forwarded-For. */
  readonly localAddress?: string;
}

/** One HTTPS request to Caddy, trusting only the run's CA; the answer exactly as sent. */
export function sendThroughProxy(path: ProductionPath, sent: ProxyRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: '127.0.0.1',
        port: path.httpsPort,
        servername: 'localhost',
        ca: path.rootCertificate,
        method: sent.method ?? 'GET',
        path: sent.path,
        headers: { Host: `localhost:${path.httpsPort}`, ...sent.headers },
        localAddress: sent.localAddress,
        agent: false,
      },
      (response) => {
        rawResponseOf(response).then(resolve, reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(sent.body);
  });
}

/** What Caddy's active health checker logs about one upstream (Caddy 2.6 wording). */
export type UpstreamEvent = 'unexpected status code' | 'host is up';

/** How far Caddy's log has come: events are looked for after such a mark. */
export function logMark(path: ProductionPath): number {
  return path.proxyLog().length;
}

/** Waits until Caddy logged `event` for `app` after `mark` (a condition, not a duration). */
export async function waitForUpstreamEvent(
  path: ProductionPath,
  app: AppInstance,
  event: UpstreamEvent,
  mark: number,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = path
      .proxyLog()
      .slice(mark)
      .split('\n')
      .some((line) => {
        try {
          const entry = JSON.parse(line) as { logger?: string; msg?: string; host?: string };
          return (
            entry.logger === 'http.handlers.reverse_proxy.health_checker.active' &&
            entry.msg === event &&
            entry.host === app.upstream
          );
        } catch {
          return false;
        }
      });
    if (seen) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Caddy did not log "${event}" for ${app.name}:\n${path.proxyLog().slice(mark)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
