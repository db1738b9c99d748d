/**
 * Stopping a database server this tool started: `signal` first, then SIGKILL if it has not
 * exited 10 s later, so a server that ignores SIGTERM cannot keep a test run or a developer
 * waiting. Resolves once it has exited; at once if it already had.
 */
import type { ChildProcess } from 'node:child_process';

const KILL_AFTER_MS = 10_000;

export function stopperOf(
  child: ChildProcess,
  exited: Promise<unknown>,
): (signal: NodeJS.Signals) => Promise<void> {
  return async (signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  };
}
