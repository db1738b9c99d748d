/**
 * Real GnuPG (the offline, air-gapped decryption path) in a throwaway GNUPGHOME.
 */
import { execFileSync, spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

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

  /** Generates a Curve25519 key (GnuPG's `future-default`) without passphrase; returns its fingerprint. */
  generateKey(userId: string, algorithm = 'future-default', expiry = '1y'): string {
    this.run([
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--quick-gen-key',
      userId,
      algorithm,
      'default',
      expiry,
    ]);
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
    this.run(
      ['--pinentry-mode', 'loopback', '--passphrase', passphrase, '--import'],
      armoredSecretKey,
    );
  }

  /**
   * `gpg --list-packets`: every packet with its times, as a caseworker's GnuPG shows it. With an
   * imported secret key (and its passphrase), an encrypted message's inner packets are listed too.
   */
  listPackets(input: Buffer | string, passphrase = ''): string {
    return this.run(
      ['--pinentry-mode', 'loopback', '--passphrase', passphrase, '--list-packets'],
      input,
    ).toString('utf8');
  }

  decryptFile(path: string, passphrase = ''): Buffer {
    return this.run(['--pinentry-mode', 'loopback', '--passphrase', passphrase, '--decrypt', path]);
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
        '--pinentry-mode',
        'loopback',
        '--passphrase',
        passphrase,
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
