/**
 * BENCH ONLY report submissions, pre-built before any timing as a reporter's browser builds them:
 * ready-to-send POST /api/reports bodies of a chosen armored length (bench:intake, bench:load).
 */
import {
  createReceipt,
  createSubmissionId,
  deriveReceiptVerifier,
  encryptReport,
  generateReplyKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import { count } from './kit/options';

/** Submissions are encrypted this many at a time: openpgp awaits WebCrypto, so a batch overlaps. */
const BUILD_BATCH = 16;

export interface PrebuiltBody {
  readonly submissionId: string;
  /** Capability for receipt look-ups and attachment parts. */
  readonly receiptVerifier: string;
  /** The JSON request body, encoded once so the load generator only copies bytes. */
  readonly json: Buffer;
}

export type BodyFactory = Awaited<ReturnType<typeof createBodyFactory>>;

/**
 * The options of a bench that sends pre-built bodies: how many at most (`maxReports`, its
 * default; at least `least`) and how long each armored message is.
 */
export const bodyOptions = (maxReports: number, least: number) => ({
  maxReports: count('cap on reports pre-built for measuring (~3 ms each)', maxReports, least, 1e6),
  messageBytes: count('length of the armored encrypted report', 4096, 512, 256 * 1024),
});

/**
 * Bodies whose armored message is `targetMessageBytes` long (give or take a few bytes). Each has
 * its own ciphertext, submissionId and receipt verifier (all unique indexes); the reply key is
 * shared, because generating one takes ~0.2 s and intake checks it the same way whoever uses it.
 */
export async function createBodyFactory(directory: VerifiedDirectory, targetMessageBytes: number) {
  const replyKey = (await generateReplyKey('bench-only shared reply key')).armoredPublicKey;
  const padding = await findPaddingLength(directory, targetMessageBytes);
  const buildOne = async (
    sequence: number,
  ): Promise<{ body: PrebuiltBody; messageBytes: number }> => {
    const receiptVerifier = await deriveReceiptVerifier(createReceipt());
    const submissionId = createSubmissionId();
    const message = await encryptReport(benchReport(padding, sequence), directory);
    const json = Buffer.from(JSON.stringify({ submissionId, message, replyKey, receiptVerifier }));
    return { body: { submissionId, receiptVerifier, json }, messageBytes: message.length };
  };
  return {
    /** Length of the armored `message` field of every body (they all have the same length). */
    messageBytes: (await buildOne(0)).messageBytes,
    build: async (count: number): Promise<PrebuiltBody[]> => {
      const bodies: PrebuiltBody[] = [];
      for (let start = 0; start < count; start += BUILD_BATCH) {
        const batch = Array.from({ length: Math.min(BUILD_BATCH, count - start) }, (_, i) =>
          buildOne(start + i),
        );
        for (const built of await Promise.all(batch)) bodies.push(built.body);
      }
      return bodies;
    },
  };
}

/** A report as the browser would send it; the sequence number has a fixed width so sizes match. */
function benchReport(paddingLength: number, sequence: number): object {
  const filler = 'BENCH ONLY: synthetic report text for the intake benchmark. ';
  const text = filler.repeat(Math.ceil(paddingLength / filler.length)).slice(0, paddingLength);
  return {
    locale: 'en',
    incidentType: 'pressure_through_relatives',
    whatHappened: `#${String(sequence).padStart(8, '0')} ${text}`,
  };
}

/**
 * Messages are uncompressed, so the armored length grows linearly with the plaintext: measure two
 * sizes, solve for the target, then step down to the nearest size not above it.
 */
async function findPaddingLength(
  directory: VerifiedDirectory,
  targetBytes: number,
): Promise<number> {
  const measure = async (padding: number): Promise<number> =>
    (await encryptReport(benchReport(padding, 0), directory)).length;
  const [smallBytes, largeBytes] = [await measure(0), await measure(2000)];
  const bytesPerChar = (largeBytes - smallBytes) / 2000;
  let padding = Math.max(0, Math.round((targetBytes - smallBytes) / bytesPerChar));
  while (padding > 0 && (await measure(padding)) > targetBytes) padding -= 1;
  return padding;
}
