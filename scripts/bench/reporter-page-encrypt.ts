/**
 * Browser entry of `npm run bench:reporter` (bundled by reporter.ts, never shipped): encrypts the
 * same random bytes exactly as the reporter page does (client/crypto encryptForDirectory: binary,
 * SEIPD v1, AES-256, uncompressed, to 2 recipients) and, as the baseline, with plain WebCrypto
 * AES-CBC-256 (the closest WebCrypto primitive to OpenPGP's CFB); AES-GCM-256 and SHA-1 (the MDC
 * that SEIPD v1 adds to CFB) for reference. The keys are throwaway; nothing leaves the page.
 */
import { encryptForDirectory, generateProtectedKeyPair } from '../../client/crypto';
import { randomBytes, timeRuns } from './kit/in-page';
import { timed } from './kit/stats';

export interface EncryptPageInput {
  readonly bytes: number;
  readonly warmups: number;
  readonly runs: number;
}

/** Milliseconds per timed run (warm-ups excluded), and the last run's output size. */
export interface TimedRuns {
  readonly ms: number[];
  readonly outputBytes: number;
}

/** The timed runs of one way to process the bytes, and the size of what it made. */
async function runs(input: EncryptPageInput, once: () => Promise<number>): Promise<TimedRuns> {
  const { ms, last } = await timeRuns(input.warmups, input.runs, once);
  return { ms, outputBytes: last ?? 0 };
}

async function encryptBench(input: EncryptPageInput) {
  const keygen = () => generateProtectedKeyPair('BENCH ONLY', 'bench-only passphrase');
  const { ms: keygenMs, value: keys } = await timed(() => Promise.all([keygen(), keygen()]));
  const directory = {
    version: 1,
    expiresAt: new Date(Date.now() + 86_400_000),
    demo: false,
    recipients: keys.map((key, index) => ({
      fingerprint: key.fingerprint.toLowerCase(),
      label: `bench recipient ${index + 1}`,
      publicKey: key.armoredPublicKey,
    })),
    retired: [],
  };
  const plaintext = randomBytes(input.bytes);
  const aes = async (name: 'AES-CBC' | 'AES-GCM', ivBytes: number): Promise<TimedRuns> => {
    const key = await crypto.subtle.generateKey({ name, length: 256 }, false, ['encrypt']);
    return await runs(input, async () => {
      const iv = randomBytes(ivBytes);
      return (await crypto.subtle.encrypt({ name, iv }, key, plaintext)).byteLength;
    });
  };
  return {
    keygenMs,
    openpgp: await runs(
      input,
      async () => (await encryptForDirectory(plaintext, directory)).length,
    ),
    aesCbc: await aes('AES-CBC', 16),
    aesGcm: await aes('AES-GCM', 12),
    sha1: await runs(
      input,
      async () => (await crypto.subtle.digest('SHA-1', plaintext)).byteLength,
    ),
  };
}

export type EncryptBench = typeof encryptBench;
(window as unknown as { reporterEncryptBench?: EncryptBench }).reporterEncryptBench = encryptBench;
