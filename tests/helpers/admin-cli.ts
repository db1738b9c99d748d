/** Runs the admin CLI as an admin does (`npm run admin -- …`): a separate process, exit code, output. */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

const ROOT = join(__dirname, '..', '..');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `input`: what the command reads on its standard input (a pipe), as `… | npm run admin`. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  input?: Buffer,
): CliRun {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'admin-cli.ts'), ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      encoding: 'utf8',
      input,
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same, without blocking this process: for tests that keep the app busy while it runs.
 * `stdin`: another process's output, piped in as a shell pipeline would (`gpg --decrypt … |`).
 */
export function runCliInBackground(
  args: readonly string[],
  env: Record<string, string>,
  stdin: Readable | 'ignore' = 'ignore',
): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts', 'admin-cli.ts'), ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: [stdin, 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('close', (status) => resolve({ status, stdout, stderr })),
  );
}
