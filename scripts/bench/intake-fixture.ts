/**
 * BENCH-ONLY set-up for the intake benchmark: an organisation key, two caseworker keys, a signed
 * recipient directory published in the bench database, and pre-built report submissions.
 * Everything here is what an admin and a reporter's browser do; none of it is timed.
 */
import type { Connection } from 'mongoose';
import {
  createReceipt,
  createSubmissionId,
  deriveReceiptVerifier,
  encryptReport,
  generateProtectedKeyPair,
  generateReplyKey,
  verifyRecipientDirectory,
  type GeneratedKeyPair,
  type VerifiedDirectory,
} from '../../client/crypto';
import { CaseworkerKeysRepository, CaseworkerKeysService } from '../../server/features/caseworkers';
import { publishDirectory } from '../admin/publish-directory';

/** These keys protect nothing: they live for one bench run in a database that is dropped after. */
const BENCH_PASSPHRASE = 'bench-only passphrase, protects nothing';
const CASEWORKER_COUNT = 2;
/** Submissions are encrypted this many at a time: openpgp awaits WebCrypto, so a batch overlaps. */
const BUILD_BATCH = 16;

export async function generateBenchOrganisation(): Promise<GeneratedKeyPair> {
  return await generateProtectedKeyPair('BENCH ONLY organisation', BENCH_PASSPHRASE);
}

/**
 * Adds two BENCH ONLY caseworker keys and publishes a directory of them signed by the organisation
 * key, as `admin-cli` would; returns the directory as a reporter's browser verifies it.
 */
export async function publishBenchDirectory(
  connection: Connection,
  organisation: GeneratedKeyPair,
): Promise<VerifiedDirectory> {
  const caseworkers = await Promise.all(
    Array.from({ length: CASEWORKER_COUNT }, (_, i) =>
      generateProtectedKeyPair(`BENCH ONLY caseworker ${i + 1}`, BENCH_PASSPHRASE),
    ),
  );
  const caseworkerKeys = new CaseworkerKeysService(new CaseworkerKeysRepository(connection));
  for (const [i, caseworker] of caseworkers.entries()) {
    await caseworkerKeys.addCaseworkerKey(
      caseworker.armoredPublicKey,
      `BENCH ONLY caseworker ${i + 1}`,
    );
  }
  const { signedDirectory } = await publishDirectory(
    connection,
    { ...organisation, passphrase: BENCH_PASSPHRASE },
    { orgFingerprint: organisation.fingerprint, validDays: 30, demo: false },
  );
  return await verifyRecipientDirectory(
    signedDirectory,
    organisation.armoredPublicKey,
    organisation.fingerprint,
  );
}

/** One ready-to-send POST /api/reports body. */
export interface PrebuiltBody {
  readonly submissionId: string;
  /** The JSON request body, encoded once so the load generator only copies bytes. */
  readonly json: Buffer;
}

export interface BodyFactory {
  /** Length of the armored `message` field of every body (they all have the same length). */
  readonly messageBytes: number;
  build(count: number): Promise<PrebuiltBody[]>;
}

/**
 * Builds submissions whose armored message is `targetMessageBytes` long (give or take a few
 * bytes). Each body has its own ciphertext, submissionId and receipt verifier (both unique
 * indexes); the reply key is shared because generating one (iterated S2K) takes ~0.2 s, and
 * intake checks a reply key the same way whoever else uses it.
 */
export async function createBodyFactory(
  directory: VerifiedDirectory,
  targetMessageBytes: number,
): Promise<BodyFactory> {
  const replyKey = (await generateReplyKey('bench-only shared reply key')).armoredPublicKey;
  const paddingLength = await findPaddingLength(directory, targetMessageBytes);
  const sample = await buildBody(directory, replyKey, paddingLength, 0);
  return {
    messageBytes: sample.messageBytes,
    build: async (count) => {
      const bodies: PrebuiltBody[] = [];
      for (let start = 0; start < count; start += BUILD_BATCH) {
        const batch = Array.from({ length: Math.min(BUILD_BATCH, count - start) }, (_, i) =>
          buildBody(directory, replyKey, paddingLength, start + i),
        );
        for (const built of await Promise.all(batch)) bodies.push(built.body);
      }
      return bodies;
    },
  };
}

async function buildBody(
  directory: VerifiedDirectory,
  replyKey: string,
  paddingLength: number,
  sequence: number,
): Promise<{ body: PrebuiltBody; messageBytes: number }> {
  const receipt = createReceipt();
  const submissionId = createSubmissionId();
  const message = await encryptReport(benchReport(paddingLength, sequence), directory);
  const json = Buffer.from(
    JSON.stringify({
      submissionId,
      message,
      replyKey,
      receiptVerifier: await deriveReceiptVerifier(receipt),
    }),
  );
  return { body: { submissionId, json }, messageBytes: message.length };
}

/** A report as the browser would send it; the sequence number has a fixed width so sizes match. */
function benchReport(paddingLength: number, sequence: number): object {
  const filler = 'BENCH ONLY: synthetic report text for the intake benchmark. ';
  return {
    locale: 'en',
    incidentType: 'pressure_through_relatives',
    whatHappened: `#${String(sequence).padStart(8, '0')} ${filler.repeat(Math.ceil(paddingLength / filler.length)).slice(0, paddingLength)}`,
  };
}

/**
 * Messages are uncompressed (OPENPGP_CONFIG), so the armored length grows linearly with the
 * plaintext: measure two sizes, solve for the target, then step to the nearest size not above it.
 */
async function findPaddingLength(
  directory: VerifiedDirectory,
  targetBytes: number,
): Promise<number> {
  const measure = async (padding: number): Promise<number> =>
    (await encryptReport(benchReport(padding, 0), directory)).length;
  const [small, large] = [0, 2000];
  const [smallBytes, largeBytes] = [await measure(small), await measure(large)];
  const bytesPerChar = (largeBytes - smallBytes) / (large - small);
  let padding = Math.max(0, Math.round(small + (targetBytes - smallBytes) / bytesPerChar));
  while (padding > 0 && (await measure(padding)) > targetBytes) padding -= 1;
  return padding;
}
