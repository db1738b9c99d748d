/**
 * Real GnuPG (the offline, air-gapped decryption path) in a throwaway GNUPGHOME.
 */
import { execFileSync, spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** The options that let batch-mode gpg unlock a secret key with `passphrase`, without a pinentry. */
export function withPassphrase(passphrase: string): string[] {
  return ['--pinentry-mode', 'loopback', '--passphrase', passphrase];
}

export class GnuPG {
  readonly home = mkdtempSync(join(tmpdir(), 'amanat-gnupg-'));

  run(args: readonly string[], input?: Buffer | string): Buffer {
    return execFileSync(
      'gpg',
      ['--batch', '--no-tty', '--quiet', '--homedir', this.home, ...args],
      {
        input,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
  }

  /** Like run, but returns the exit status and stderr instead of throwing. */
  tryRun(
    args: readonly string[],
    input?: Buffer | string,
  ): { status: number | null; stdout: Buffer; stderr: string } {
    const result = spawnSync('gpg', ['--batch', '--no-tty', '--homedir', this.home, ...args], {
      input,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
  }

  /**
   * Generates a key (by default Curve25519, GnuPG's `future-default`, for its default usage,
   * without passphrase); returns its fingerprint.
   */
  generateKey(
    userId: string,
    algorithm = 'future-default',
    expiry = '1y',
    { usage = 'default', passphrase = '' } = {},
  ): string {
    this.run([...withPassphrase(passphrase), '--quick-gen-key', userId, algorithm, usage, expiry]);
    return this.fingerprintOf(userId);
  }

  fingerprintOf(userId: string): string {
    const listing = this.run(['--with-colons', '--list-keys', userId]).toString('utf8');
    const fpr = listing.split('\n').find((line) => line.startsWith('fpr:'));
    if (!fpr) throw new Error(`no key for ${userId}`);
    return fpr.split(':')[9]!.toLowerCase();
  }

  exportPublicKey(userId: string): string {
    return this.run(['--armor', '--export', userId]).toString('utf8');
  }

  /**
   * Secret keys (or, with `--export-secret-subkeys`, only their subkeys) exported armored, as a
   * caseworker takes a key out of GnuPG.
   */
  exportSecretKey(
    ids: string | readonly string[],
    passphrase: string,
    command: '--export-secret-keys' | '--export-secret-subkeys' = '--export-secret-keys',
  ): string {
    const names = typeof ids === 'string' ? [ids] : ids;
    return this.run([...withPassphrase(passphrase), '--armor', command, ...names]).toString('utf8');
  }

  /**
   * A key made the way people often set one up by hand: an Ed25519 primary key that only signs,
   * and a Curve25519 subkey for encryption, protected by `passphrase`. Returns its fingerprint.
   */
  generateSigningKeyWithEncryptionSubkey(userId: string, passphrase: string): string {
    const fingerprint = this.generateKey(userId, 'ed25519', '1y', { usage: 'sign', passphrase });
    this.run([
      ...withPassphrase(passphrase),
      '--quick-add-key',
      fingerprint,
      'cv25519',
      'encr',
      '1y',
    ]);
    return fingerprint;
  }

  encryptTo(
    recipients: readonly string[],
    plaintext: Buffer | string,
    extra: readonly string[] = [],
  ): string {
    const args = ['--trust-model', 'always', '--armor', '--encrypt', ...extra];
    for (const recipient of recipients) args.push('--recipient', recipient);
    return this.run(args, plaintext).toString('utf8');
  }

  importSecretKey(armoredSecretKey: string, passphrase: string): void {
    this.run([...withPassphrase(passphrase), '--import'], armoredSecretKey);
  }

  /**
   * `gpg --list-packets`: every packet with its times, as a caseworker's GnuPG shows it. With an
   * imported secret key (and its passphrase), an encrypted message's inner packets are listed too.
   */
  listPackets(input: Buffer | string, passphrase = ''): string {
    return this.run([...withPassphrase(passphrase), '--list-packets'], input).toString('utf8');
  }

  decryptFile(path: string, passphrase = ''): Buffer {
    return this.run([...withPassphrase(passphrase), '--decrypt', path]);
  }

  /** `gpg --output <out> --decrypt <path>`: the plaintext written to a file, as the offline admin does. */
  decryptFileTo(path: string, out: string, passphrase: string): void {
    this.run([...withPassphrase(passphrase), '--output', out, '--decrypt', path]);
  }

  /**
   * Signs `file` armored with the secret key `signer`, as the offline machine does: `--sign`
   * (inline, which gpg compresses) or `--clearsign`. Writes `out` (gpg's own default name unless
   * given) and returns its path.
   */
  signFile(
    file: string,
    signer: string,
    passphrase: string,
    {
      mode = '--sign',
      out = `${file}.asc`,
    }: { mode?: '--sign' | '--clearsign'; out?: string } = {},
  ): string {
    this.run([
      ...withPassphrase(passphrase),
      '--local-user',
      signer,
      '--armor',
      '--output',
      out,
      mode,
      file,
    ]);
    return out;
  }

  /** `gpg --decrypt <path>` as a running process, its plaintext on stdout for a pipeline. */
  spawnDecrypt(path: string, passphrase = ''): ChildProcessByStdio<null, Readable, Readable> {
    return spawn(
      'gpg',
      [
        '--batch',
        '--no-tty',
        '--quiet',
        '--homedir',
        this.home,
        ...withPassphrase(passphrase),
        '--decrypt',
        path,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
  }

  dispose(): void {
    spawnSync('gpgconf', ['--homedir', this.home, '--kill', 'all']);
    rmSync(this.home, { recursive: true, force: true });
  }
}

/**
 * For the calling block: a GnuPG home and a scratch folder (named from `prefix`) for the files
 * passed to and from gpg, both removed after the block.
 */
export function useGnuPG(prefix: string): { readonly gpg: GnuPG; readonly scratch: string } {
  const gpg = new GnuPG();
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => {
    gpg.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });
  return { gpg, scratch };
}
