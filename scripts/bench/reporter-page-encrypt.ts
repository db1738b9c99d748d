/**
 * Browser entry for `npm run bench:reporter` (bundled by scripts/bench/reporter.ts, never shipped):
 * encrypts 20 MiB exactly as the reporter page does (client/crypto encryptForDirectory: binary,
 * SEIPD v1, AES-256, uncompressed, to 2 recipients) and, on the same bytes, plain WebCrypto
 * AES-CBC-256 (the closest WebCrypto primitive to OpenPGP's CFB), and AES-GCM-256 and SHA-1 (the
 * MDC that SEIPD v1 adds to CFB) for reference.
 * The keys are throwaway bench keys generated here; nothing leaves the page.
 */
import { encryptForDirectory, generateProtectedKeyPair } from '../../client/crypto';

export interface EncryptBenchOptions {
  readonly bytes: number;
  readonly warmups: number;
  readonly runs: number;
}

export interface EncryptBenchResult {
  readonly bytes: number;
  readonly keygenMs: number;
  readonly randomMs: number;
  /** Milliseconds per timed run (warm-ups excluded). */
  readonly openpgpMs: number[];
  readonly aesCbcMs: number[];
  readonly aesGcmMs: number[];
  /** WebCrypto SHA-1 over the same bytes: the MDC part of SEIPD v1, for reference. */
  readonly sha1Ms: number[];
  /** Output sizes of the last run, as a sanity check that the whole input was processed. */
  readonly openpgpOutputBytes: number;
  readonly aesCbcOutputBytes: number;
  readonly aesGcmOutputBytes: number;
}

/** crypto.getRandomValues fills at most 64 KiB per call. */
const RANDOM_PIECE = 64 * 1024;

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += RANDOM_PIECE) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + RANDOM_PIECE, length)));
  }
  return bytes;
}

async function timeRuns(
  warmups: number,
  runs: number,
  once: () => Promise<number>,
): Promise<{ ms: number[]; outputBytes: number }> {
  let outputBytes = 0;
  for (let i = 0; i < warmups; i += 1) outputBytes = await once();
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    outputBytes = await once();
    ms.push(performance.now() - started);
  }
  return { ms, outputBytes };
}

async function runEncryptBench(options: EncryptBenchOptions): Promise<EncryptBenchResult> {
  const keygenStarted = performance.now();
  const keys = await Promise.all([
    generateProtectedKeyPair('BENCH ONLY', 'bench-only passphrase'),
    generateProtectedKeyPair('BENCH ONLY', 'bench-only passphrase'),
  ]);
  const keygenMs = performance.now() - keygenStarted;
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

  const randomStarted = performance.now();
  const plaintext = randomBytes(options.bytes);
  const randomMs = performance.now() - randomStarted;

  const openpgp = await timeRuns(options.warmups, options.runs, async () => {
    const message = await encryptForDirectory(plaintext, directory);
    return message.length;
  });

  const cbcKey = await crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, false, [
    'encrypt',
  ]);
  const aesCbc = await timeRuns(options.warmups, options.runs, async () => {
    const iv = randomBytes(16);
    const out = await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, cbcKey, plaintext);
    return out.byteLength;
  });

  const gcmKey = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
  ]);
  const aesGcm = await timeRuns(options.warmups, options.runs, async () => {
    const iv = randomBytes(12);
    const out = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, gcmKey, plaintext);
    return out.byteLength;
  });

  const sha1 = await timeRuns(options.warmups, options.runs, async () => {
    const digest = await crypto.subtle.digest('SHA-1', plaintext);
    return digest.byteLength;
  });

  return {
    bytes: options.bytes,
    keygenMs,
    randomMs,
    openpgpMs: openpgp.ms,
    aesCbcMs: aesCbc.ms,
    aesGcmMs: aesGcm.ms,
    sha1Ms: sha1.ms,
    openpgpOutputBytes: openpgp.outputBytes,
    aesCbcOutputBytes: aesCbc.outputBytes,
    aesGcmOutputBytes: aesGcm.outputBytes,
  };
}

(window as unknown as { amanatReporterBench?: typeof runEncryptBench }).amanatReporterBench =
  runEncryptBench;
