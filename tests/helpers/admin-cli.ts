/** Runs the admin CLI as an admin does (`npm run admin -- …`): a separate process, exit code, output. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { testDatabaseUri } from './database';
import { TEST_PASSPHRASE } from './keys';
import { dropDatabaseAt } from './raw-snapshot';

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

/** The organisation key and its passphrase, as files: what `backup:restore` opens a backup with. */
export interface RestoreKeyFiles {
  readonly orgKey: string;
  readonly passphrase: string;
}

/** Where org:init leaves the two files in `dir`. */
export function restoreKeyFilesIn(dir: string): RestoreKeyFiles {
  return { orgKey: join(dir, 'org.asc'), passphrase: join(dir, 'passphrase') };
}

/** Writes the organisation's secret key and the test passphrase, readable by the owner only. */
export function writeRestoreKeyFiles(keys: RestoreKeyFiles, armoredSecretKey: string): void {
  writeFileSync(keys.orgKey, armoredSecretKey, { mode: 0o600 });
  writeFileSync(keys.passphrase, `${TEST_PASSPHRASE}\n`, { mode: 0o600 });
}

/** Where a backup test backs up from and restores to. */
export interface BackupWorkspace {
  /** A scratch folder, removed after the tests. */
  readonly work: string;
  readonly sourceUri: string;
  /** A database of its own that the backup is restored into, dropped after the tests. */
  readonly restoredUri: string;
  readonly backupFile: string;
  /** Where the organisation key and its passphrase go (writeRestoreKeyFiles). */
  readonly keys: RestoreKeyFiles;
  /** Another empty database to restore into (named by `label`), dropped after the tests. */
  readonly freshTarget: (label: string) => string;
}

/** A backup test's workspace, with the afterAll that clears it registered in the calling block. */
export function useBackupWorkspace(label: string): BackupWorkspace {
  const work = mkdtempSync(join(tmpdir(), `amanat-${label}-`));
  const restoredUri = testDatabaseUri(`${label}-restored`);
  const freshTargets: string[] = [];
  afterAll(async () => {
    await dropDatabaseAt(restoredUri);
    for (const uri of freshTargets) await dropDatabaseAt(uri).catch(() => {});
    rmSync(work, { recursive: true, force: true });
  });
  return {
    work,
    sourceUri: testDatabaseUri(`${label}-source`),
    restoredUri,
    backupFile: join(work, 'amanat.backup'),
    keys: restoreKeyFilesIn(work),
    freshTarget: (target) => {
      const uri = testDatabaseUri(target);
      freshTargets.push(uri);
      return uri;
    },
  };
}

/**
 * `backup:create` of the database at `uri` into `out`, encrypted to the organisation's public
 * key as the server holds it (no secret key in reach); it must succeed. Returns the run, whose
 * output names the archive's SHA-256.
 */
export function createBackup(
  uri: string,
  out: string,
  organisation: { readonly fingerprint: string; readonly armoredPublicKey: string },
): CliRun {
  const publicKeyFile = join(dirname(out), 'org.asc.pub');
  writeFileSync(publicKeyFile, organisation.armoredPublicKey);
  const created = runCli(['backup:create', '--out', out, '--org-public-key', publicKeyFile], {
    MONGODB_URI: uri,
    ORG_FINGERPRINT: organisation.fingerprint,
  });
  expect([created.status, created.stderr]).toEqual([0, '']);
  return created;
}

/**
 * `audit:verify` on the database `env` names passes: the hash chain is whole, and holds
 * `entries` entries where a test knows how many.
 */
export function expectAuditLogIntact(env: Record<string, string>, entries?: number): void {
  const verified = runCli(['audit:verify'], env);
  expect([verified.status, verified.stderr]).toEqual([0, '']);
  expect(verified.stdout).toContain(
    entries === undefined ? 'Audit log intact' : `Audit log intact: ${entries} entries.`,
  );
}

/** `backup:restore --in <file>` into the database at `uri`; `extra`: more options (--drop-existing). */
export function restoreBackup(
  file: string,
  keys: RestoreKeyFiles,
  uri: string,
  extra: readonly string[] = [],
): CliRun {
  return runCli(
    [
      'backup:restore',
      '--in',
      file,
      '--org-key',
      keys.orgKey,
      '--passphrase-file',
      keys.passphrase,
      ...extra,
    ],
    { MONGODB_URI: uri },
  );
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
