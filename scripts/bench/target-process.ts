/**
 * Starts a benchmark target (intake-server.ts) in a child process and stops it again.
 * The child runs TypeScript through tsx's loader (`node --import tsx`), like `npm run dev`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { TargetMessage, TargetSpec } from './intake-server';

const SERVER_ENTRY = join(__dirname, 'intake-server.ts');
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;

export interface TargetProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startTargetProcess(
  spec: TargetSpec,
  repoRoot: string,
): Promise<TargetProcess> {
  const child = fork(SERVER_ENTRY, [], {
    cwd: repoRoot,
    // Only the loader: the parent's own execArgv (tsx's CLI flags) are not meant to be inherited.
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await waitForPort(child, spec);
    return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child, exited) };
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
}

function waitForPort(child: ChildProcess, spec: TargetSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.kind} target did not start within 60 s`)),
      START_TIMEOUT_MS,
    );
    child.once('message', (message: TargetMessage) => {
      clearTimeout(timer);
      if ('port' in message) resolve(message.port);
      else reject(new Error(`${spec.kind} target failed to start: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${spec.kind} target exited with code ${code} before listening`));
    });
    child.send(spec);
  });
}

/** Asks the child to shut down cleanly; kills it if it has not exited after a grace period. */
async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  if (child.connected) child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
