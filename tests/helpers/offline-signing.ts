/**
 * The organisation's offline signing through the admin CLI, as an admin does it: key files as
 * org:init writes them, the exported draft signed on the "offline machine" (the CLI with no
 * database and no server configuration), each in a scratch directory of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from './admin-cli';
import { TEST_PASSPHRASE } from './keys';

/** The command succeeded and wrote nothing to stderr; returns what it printed. */
export function expectSuccess(run: CliRun): string {
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return run.stdout;
}

/** The command failed (exit 1) with this message. */
export function expectRefusal(run: CliRun, message: string | RegExp): void {
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(message);
}

export class OfflineSigningDesk {
  private readonly work = mkdtempSync(join(tmpdir(), 'amanat-directory-'));
  private fileCounter = 0;
  /** TEST_PASSPHRASE, as --passphrase-file reads it. */
  readonly passphraseFile = join(this.work, 'passphrase');

  constructor() {
    writeFileSync(this.passphraseFile, `${TEST_PASSPHRASE}\n`, { mode: 0o600 });
  }

  /** A path no earlier call returned (the CLI never overwrites a file). */
  scratch(name: string): string {
    return join(this.work, `${++this.fileCounter}-${name}`);
  }

  /** Writes an organisation key pair as org:init does: `<file>` (secret) and `<file>.pub`. */
  writeOrganisationFiles(organisation: {
    readonly armoredSecretKey: string;
    readonly armoredPublicKey: string;
  }): string {
    const file = this.scratch('org.asc');
    writeFileSync(file, organisation.armoredSecretKey, { mode: 0o600 });
    writeFileSync(`${file}.pub`, organisation.armoredPublicKey);
    return file;
  }

  /** directory:sign-offline of a draft with an organisation key file, as it ran. */
  runSignOffline(draftFile: string, orgKeyFile: string): { run: CliRun; out: string } {
    const out = this.scratch('signed.asc');
    const args = ['directory:sign-offline', '--in', draftFile, '--org-key', orgKeyFile];
    const run = runCli([...args, '--passphrase-file', this.passphraseFile, '--out', out], {});
    return { run, out };
  }

  /** The same, which must succeed; returns the signed file. */
  signOffline(draftFile: string, orgKeyFile: string): string {
    const { run, out } = this.runSignOffline(draftFile, orgKeyFile);
    expectSuccess(run);
    return out;
  }

  dispose(): void {
    rmSync(this.work, { recursive: true, force: true });
  }
}
