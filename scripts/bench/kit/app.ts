/**
 * What a bench sends requests to: the real server, started exactly as server/main.ts starts it,
 * or a baseline endpoint. Each is a "target": a function exported from some module that listens
 * on a free loopback port, run in a child process of its own (`node --import tsx`, see
 * serveForParent below), so the load generator never shares its event loop. A bench adds a
 * baseline of its own by exporting another target function and naming it in a TargetSpec.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { loadConfig } from '../../../server/config';
import { startServer } from '../../../server/main';
import { createLogger } from '../../../server/platform/logger';

export interface RunningTarget {
  readonly port: number;
  stop(): Promise<void>;
}

/** A target function: `module`'s export `start`, called with `arg` (anything IPC can carry). */
export interface TargetSpec {
  readonly label: string;
  readonly module: string;
  readonly start: string;
  readonly arg?: unknown;
}

/** A started target, as a bench holds it. */
export interface Target {
  readonly label: string;
  readonly url: string;
  stop(): Promise<void>;
  /** CPU time used so far by the target's process (process.cpuUsage there, every thread). */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
}

/** The highest limit config allows: every request of a bench comes from one address. */
export const RAISED_LIMIT = 1_000_000;
// prettier-ignore
const PER_ADDRESS_LIMITS = [
  'INTAKE_RATE_LIMIT', 'RECEIPT_FAILED_LOOKUP_LIMIT', 'RECEIPT_FOLLOW_UP_LIMIT', 'ATTACHMENT_RATE_LIMIT',
];
export const RAISED_LIMITS = Object.fromEntries(
  PER_ADDRESS_LIMITS.map((name) => [name, String(RAISED_LIMIT)]),
);

/** The app's configuration: what a deployment sets, with throwaway secrets, plus `extra`. */
export function appEnv(
  mongodbUri: string,
  orgFingerprint: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ...{ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' },
    MONGODB_URI: mongodbUri,
    ORG_FINGERPRINT: orgFingerprint,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ALERT_ADDRESS_KEY: randomBytes(32).toString('hex'),
    ...extra,
  };
}

/** The real server with this environment (see appEnv). */
export function amanatTarget(env: Record<string, string>, label = 'amanat'): TargetSpec {
  return { label, module: __filename, start: 'startAmanat', arg: env };
}

export async function startAmanat(env: Record<string, string>): Promise<RunningTarget> {
  const running = await startServer(loadConfig(env), createLogger('silent'));
  return { port: running.port, stop: () => running.shutdown() };
}

/** Express 5 with buildApp's app-level settings, so what a baseline adds to it is all it measures. */
export function benchExpress(): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  return app;
}

/**
 * Express 5 + express.json answering 201 without doing anything: the ceiling this machine and
 * this client reach for the same bodies, to divide intake's figures by.
 */
export const bareExpressTarget = {
  label: 'bare express',
  module: __filename,
  start: 'startBareExpress',
};

export async function startBareExpress(): Promise<RunningTarget> {
  const app = benchExpress();
  app.post('/api/reports', express.json({ limit: '512kb' }), (_req, res) => {
    res.status(201).json({ ok: true });
  });
  return await listen(app);
}

/** Listens on a free loopback port; 20 s for headers, 60 s for a request (none of ours nears them). */
export async function listen(app: express.Express): Promise<RunningTarget> {
  const server = createServer(app);
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** Starts the target in a child process; resolves once it listens. */
export async function startTarget(spec: TargetSpec, cwd: string): Promise<Target> {
  const child = fork(__filename, [], {
    cwd,
    // Only the loader: the parent's own execArgv (tsx's CLI flags) are not meant to be inherited.
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send('stop');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  // Answers to 'cpu-usage', in the order asked (one IPC channel, messages in order).
  const cpuAnswers: ((usage: NodeJS.CpuUsage) => void)[] = [];
  child.on('message', (message: { cpuUsage?: NodeJS.CpuUsage }) => {
    if (message.cpuUsage) cpuAnswers.shift()?.(message.cpuUsage);
  });
  const cpuUsage = () =>
    new Promise<NodeJS.CpuUsage>((resolve, reject) => {
      if (!child.connected) return reject(new Error(`${spec.label} is not running`));
      cpuAnswers.push(resolve);
      child.send('cpu-usage');
    });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const fail = (why: string) => reject(new Error(`${spec.label} ${why}`));
      const timer = setTimeout(() => fail('did not start in 60 s'), START_TIMEOUT_MS);
      child.once('message', (message: { port: number } | { error: string }) => {
        clearTimeout(timer);
        if ('port' in message) resolve(message.port);
        else fail(`failed to start: ${message.error}`);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(`exited with code ${code} before listening`);
      });
      child.send(spec);
    });
    return { label: spec.label, url: `http://127.0.0.1:${port}`, stop, cpuUsage };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * In a target's child process: the parent sends a TargetSpec; the child answers { port } once
 * listening, or { error }. 'cpu-usage' is answered { cpuUsage }; 'stop', or the parent going
 * away, shuts it down.
 */
function serveForParent(): void {
  // Resolves once the message is handed to the IPC channel, so exiting right after loses nothing.
  const reply = (message: { port: number } | { error: string } | { cpuUsage: NodeJS.CpuUsage }) =>
    new Promise((sent) => process.send?.(message, undefined, undefined, sent));
  const serve = async (spec: TargetSpec): Promise<void> => {
    try {
      const module = (await import(spec.module)) as Record<string, (arg: unknown) => unknown>;
      if (!module[spec.start]) throw new Error(`${spec.module} exports no target ${spec.start}`);
      const target = (await module[spec.start]!(spec.arg)) as RunningTarget;
      let stopping = false;
      const stop = (): void => {
        if (stopping) return;
        stopping = true;
        target.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('message', (message) => {
        if (message === 'stop') stop();
        if (message === 'cpu-usage') void reply({ cpuUsage: process.cpuUsage() });
      });
      // If the bench dies, do not linger holding a port and a database connection.
      process.once('disconnect', stop);
      void reply({ port: target.port });
    } catch (error) {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      // A half-started server may hold a database connection open: exit, do not wait for it.
      void reply({ error: text }).then(() => process.exit(1));
    }
  };
  process.once('message', (spec: TargetSpec) => void serve(spec));
}

if (require.main === module) serveForParent();
