/**
 * Browser entry of `npm run bench:inbox` (bundled by inbox.ts, never shipped): what the dashboard
 * does to show an inbox page. Unlocks the caseworker key once (unlockCaseworkerKey), then
 * decrypts the page's reports one after another (decryptWithCaseworkerKey, as
 * client/dashboard/cases does); as the baseline, WebCrypto AES-GCM-256 decrypts the same number
 * of messages of the same sizes, one after another. Nothing leaves the page but timings and sizes.
 */
import {
  decryptWithCaseworkerKey,
  lockCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
  unlockCaseworkerKey,
} from '../../client/crypto';
import { randomBytes, timeRuns } from './kit/in-page';
import { timed } from './kit/stats';

export interface DecryptPageInput {
  readonly protectedSecretKey: string;
  readonly keyPassphrase: string;
  readonly fingerprint: string;
  /** The `report` fields of an inbox page, base64 as the staff API sends them. */
  readonly reports: readonly string[];
  readonly warmups: number;
  readonly runs: number;
}

/** Standard base64 to bytes, as client/dashboard/cases/base64.ts does. */
function bytesFromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function decryptBench(input: DecryptPageInput) {
  const { protectedSecretKey, keyPassphrase, fingerprint } = input;
  const unlock = () => unlockCaseworkerKey(protectedSecretKey, keyPassphrase, fingerprint);
  const { ms: unlockMs, value: key } = await timed(unlock);
  const { ms: base64Ms, value: messages } = await timed(() => input.reports.map(bytesFromBase64));
  const decrypt = (message: Uint8Array): Promise<Uint8Array> =>
    decryptWithCaseworkerKey(key, message, MAX_PLAINTEXT_BYTES.report);

  // Cold: the first pass, as when the inbox first opens after unlocking.
  const plaintexts: Uint8Array[] = [];
  const { ms: openpgpColdMs } = await timed(async () => {
    for (const message of messages) plaintexts.push(await decrypt(message));
  });
  const { ms: openpgpMs } = await timeRuns(input.warmups, input.runs, async () => {
    for (const message of messages) await decrypt(message);
  });
  lockCaseworkerKey(key);

  // Baseline: one AES-GCM message per report, each exactly as long as that report's message
  // (the 16-byte tag makes up the difference).
  const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  const sealed: { iv: Uint8Array<ArrayBuffer>; ciphertext: ArrayBuffer }[] = [];
  for (const message of messages) {
    const iv = randomBytes(12);
    const plaintext = randomBytes(Math.max(0, message.length - 16));
    sealed.push({
      iv,
      ciphertext: await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, plaintext),
    });
  }
  const { ms: aesGcmMs } = await timeRuns(input.warmups, input.runs, async () => {
    for (const { iv, ciphertext } of sealed)
      await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aes, ciphertext);
  });

  const decoder = new TextDecoder();
  return {
    unlockMs,
    /** Decoding all the page's base64 to bytes, once. */
    base64Ms,
    /** The first pass after unlocking: OpenPGP.js loads its lazily imported algorithm code here. */
    openpgpColdMs,
    /** Each timed pass over all messages (warm-ups excluded). */
    openpgpMs,
    aesGcmMs,
    messageBytes: messages.reduce((sum, message) => sum + message.length, 0),
    plaintextBytes: plaintexts.reduce((sum, plaintext) => sum + plaintext.length, 0),
    /** Every plaintext parsed as an amanat-report/v1 document (checked outside timing). */
    allReportsParsed: plaintexts.every(
      (plaintext) =>
        (JSON.parse(decoder.decode(plaintext)) as { schema?: unknown }).schema ===
        'amanat-report/v1',
    ),
  };
}

export type DecryptBench = typeof decryptBench;
(window as unknown as { inboxDecryptBench?: DecryptBench }).inboxDecryptBench = decryptBench;
