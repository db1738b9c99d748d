/**
 * What a bench sends requests to: the real server, started exactly as server/main.ts starts it,
 * or a baseline endpoint. Each is a "target": a function exported from some module that listens
 * on a free loopback port. A target runs in a child process of its own (`node --import tsx`, see
 * serveForParent below), so the load generator never shares its event loop, or in this process
 * where a bench times requests one at a time. A bench adds a baseline of its own by exporting
 * another target function from its file and naming it in a TargetSpec.
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

/** A started target, as a bench holds it. */
export interface StartedTarget extends RunningTarget {
  /**
   * CPU time used so far by the process the target runs in (process.cpuUsage there); for a
   * target started `here`, this process's, load generator included.
   */
  cpuUsage(): Promise<NodeJS.CpuUsage>;
}

/** A target function: `module`'s export `start`, called with `arg` (anything IPC can carry). */
export interface TargetSpec {
  readonly label: string;
  readonly module: string;
  readonly start: string;
  readonly arg?: unknown;
}

export interface Target {
  readonly label: string;
  readonly url: string;
  stop(): Promise<void>;
  cpuUsage(): Promise<NodeJS.CpuUsage>;
}

/** The app's configuration: what a deployment sets, with throwaway secrets, plus `extra`. */
export function appEnv(
  mongodbUri: string,
  orgFingerprint: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    MONGODB_URI: mongodbUri,
    ORG_FINGERPRINT: orgFingerprint,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    FACTOR_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
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

/**
 * Express 5 + express.json answering 201 without doing anything: the ceiling this machine and
 * this client reach for the same bodies, to divide intake's figures by.
 */
export const bareExpressTarget: TargetSpec = {
  label: 'bare express',
  module: __filename,
  start: 'startBareExpress',
};

export async function startBareExpress(): Promise<RunningTarget> {
  const app = express();
  // Same app-level settings as buildApp, so the difference measured is intake's own work.
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/api/reports', express.json({ limit: '512kb' }), (_req, res) => {
    res.status(201).json({ ok: true });
  });
  return await listen(createServer(app));
}

/** Listens on a free loopback port; 20 s for headers, 60 s for a request (none of ours nears them). */
export async function listen(server: ReturnType<typeof createServer>): Promise<RunningTarget> {
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

export async function startTargetHere(spec: TargetSpec): Promise<StartedTarget> {
  const module = (await import(spec.module)) as Record<
    string,
    (arg: unknown) => Promise<RunningTarget>
  >;
  const start = module[spec.start];
  if (!start) throw new Error(`${spec.module} exports no target ${spec.start}`);
  const running = await start(spec.arg);
  return { ...running, cpuUsage: () => Promise.resolve(process.cpuUsage()) };
}

const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

/** Starts the target in a child process; resolves once it listens. */
export async function startTargetProcess(spec: TargetSpec, cwd: string): Promise<StartedTarget> {
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
      const timer = setTimeout(
        () => reject(new Error(`${spec.label} did not start in 60 s`)),
        START_TIMEOUT_MS,
      );
      child.once('message', (message: { port: number } | { error: string }) => {
        clearTimeout(timer);
        if ('port' in message) resolve(message.port);
        else reject(new Error(`${spec.label} failed to start: ${message.error}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${spec.label} exited with code ${code} before listening`));
      });
      child.send(spec);
    });
    return { port, stop, cpuUsage };
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
  process.once('message', (spec: TargetSpec) => {
    startTargetHere(spec).then(
      (target) => {
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
      },
      (error: unknown) => {
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        // A half-started server may hold a database connection open: exit, do not wait for it.
        void reply({ error: text }).then(() => process.exit(1));
      },
    );
  });
}

if (require.main === module) serveForParent();
