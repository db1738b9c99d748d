/**
 * Browser entry for `npm run bench:inbox` (bundled by scripts/bench/inbox-browser.ts, never
 * shipped): what the dashboard does to show an inbox page. Unlocks the caseworker key once
 * (client/crypto unlockCaseworkerKey), then decrypts the page's reports one after another
 * (decryptWithCaseworkerKey, as client/dashboard/cases does); as the baseline, WebCrypto
 * AES-GCM-256 decrypts the same number of messages of the same sizes, one after another.
 * The keys are throwaway bench keys; nothing leaves the page but timings and sizes.
 */
import {
  decryptWithCaseworkerKey,
  lockCaseworkerKey,
  unlockCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';

export interface DecryptBenchInput {
  readonly protectedSecretKey: string;
  readonly keyPassphrase: string;
  readonly fingerprint: string;
  /** The `report` fields of an inbox page, base64 as the staff API sends them. */
  readonly reports: readonly string[];
  readonly warmups: number;
  readonly runs: number;
}

export interface DecryptBenchResult {
  readonly unlockMs: number;
  /** Decoding all the page's base64 to bytes, once. */
  readonly base64Ms: number;
  /** The first pass after unlocking: OpenPGP.js loads its lazily imported algorithm code here. */
  readonly openpgpColdMs: number;
  /** Each timed pass over all messages (warm-ups excluded). */
  readonly openpgpMs: number[];
  readonly aesGcmMs: number[];
  readonly messageBytes: number;
  readonly plaintextBytes: number;
  /** Every plaintext parsed as an amanat-report/v1 document (checked once, outside timing). */
  readonly allReportsParsed: boolean;
}

/** Standard base64 to bytes, as client/dashboard/cases/base64.ts does. */
function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65_536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(offset + 65_536, length)));
  }
  return bytes;
}

async function timePasses(
  warmups: number,
  runs: number,
  pass: () => Promise<void>,
): Promise<number[]> {
  for (let i = 0; i < warmups; i += 1) await pass();
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await pass();
    ms.push(performance.now() - started);
  }
  return ms;
}

async function runDecryptBench(input: DecryptBenchInput): Promise<DecryptBenchResult> {
  const unlockStarted = performance.now();
  const handle = await unlockCaseworkerKey(
    input.protectedSecretKey,
    input.keyPassphrase,
    input.fingerprint,
  );
  const unlockMs = performance.now() - unlockStarted;

  const base64Started = performance.now();
  const messages = input.reports.map(bytesFromBase64);
  const base64Ms = performance.now() - base64Started;
  const messageBytes = messages.reduce((sum, message) => sum + message.length, 0);

  // Cold: the first pass, as when the inbox first opens after unlocking.
  const plaintexts: Uint8Array[] = [];
  const coldStarted = performance.now();
  for (const message of messages)
    plaintexts.push(await decryptWithCaseworkerKey(handle, message, MAX_PLAINTEXT_BYTES.report));
  const openpgpColdMs = performance.now() - coldStarted;
  const decoder = new TextDecoder();
  const allReportsParsed = plaintexts.every((plaintext) => {
    const parsed = JSON.parse(decoder.decode(plaintext)) as { schema?: unknown };
    return parsed.schema === 'amanat-report/v1';
  });
  const plaintextBytes = plaintexts.reduce((sum, plaintext) => sum + plaintext.length, 0);

  const openpgpMs = await timePasses(input.warmups, input.runs, async () => {
    for (const message of messages)
      await decryptWithCaseworkerKey(handle, message, MAX_PLAINTEXT_BYTES.report);
  });
  lockCaseworkerKey(handle);

  // Baseline: one AES-GCM message per report, each exactly as long as that report's message.
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const sealed: { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }[] = [];
  for (const message of messages) {
    const iv = randomBytes(12);
    // The 16-byte tag makes the ciphertext as long as the OpenPGP message.
    const plaintext = randomBytes(Math.max(0, message.length - 16));
    sealed.push({
      iv,
      ciphertext: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plaintext),
    });
  }
  const aesGcmMs = await timePasses(input.warmups, input.runs, async () => {
    for (const { iv, ciphertext } of sealed) {
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ciphertext);
    }
  });

  return {
    unlockMs,
    base64Ms,
    openpgpColdMs,
    openpgpMs,
    aesGcmMs,
    messageBytes,
    plaintextBytes,
    allReportsParsed,
  };
}

(window as unknown as { amanatInboxBench?: typeof runDecryptBench }).amanatInboxBench =
  runDecryptBench;
