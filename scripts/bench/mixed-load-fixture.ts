/**
 * BENCH-ONLY set-up for `npm run bench:load`: the organisation and caseworker key (as
 * bench:inbox), report submissions pre-built as bench:intake does, and a pool of encrypted
 * attachment parts. Nothing here is timed as part of the measurement.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { encryptForDirectory, type VerifiedDirectory } from '../../client/crypto';
import { deriveCaseId } from '../../server/features/intake/intake.service';
import { seededRandom, setUpOrganisation, type InboxOrganisation } from './inbox-fixture';
import { createBodyFactory, type BodyFactory, type PrebuiltBody } from './intake-fixture';

const KIB = 1024;
/** Fixed, so every run plans the same mix of attachments (ciphertexts differ). */
const SEED = 20_260_707;

export interface LoadFixture {
  readonly organisation: InboxOrganisation;
  readonly factory: BodyFactory;
  readonly parts: readonly PrebuiltPart[];
}

/** One encrypted attachment part (a complete OpenPGP message), as the reporter page uploads it. */
export interface PrebuiltPart {
  readonly bytes: Buffer;
  readonly sha256: string;
}

export interface PartSettings {
  /** Distinct encrypted parts; each planned part is one of them (see planReports). */
  readonly poolSize: number;
  readonly minBytes: number;
  readonly maxBytes: number;
}

export async function setUpLoadFixture(
  connection: Connection,
  messageBytes: number,
  partSettings: PartSettings,
): Promise<LoadFixture> {
  const organisation = await setUpOrganisation(connection);
  const factory = await createBodyFactory(organisation.directory, messageBytes);
  const parts = await buildPartPool(organisation.directory, partSettings);
  return { organisation, factory, parts };
}

/**
 * Parts of random plaintext sized so the ciphertext lands between minBytes and maxBytes (the
 * OpenPGP overhead to one caseworker is a few hundred bytes).
 */
async function buildPartPool(
  directory: VerifiedDirectory,
  settings: PartSettings,
): Promise<PrebuiltPart[]> {
  const random = seededRandom(SEED);
  const overhead = KIB;
  const pool: PrebuiltPart[] = [];
  for (let i = 0; i < settings.poolSize; i++) {
    const target =
      settings.minBytes + Math.floor(random() * (settings.maxBytes - settings.minBytes));
    const bytes = Buffer.from(
      await encryptForDirectory(randomBytes(Math.max(1, target - overhead)), directory),
    );
    pool.push({ bytes, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  return pool;
}

/** One planned attachment part of a report: uploaded once the report has its 201. */
export interface PlannedPart {
  readonly attachmentId: string;
  readonly index: number;
  readonly part: PrebuiltPart;
}

/** A pre-built report and what the reporter's browser will do with it after the 201. */
export interface LoadReport {
  readonly bodyIndex: number;
  readonly body: PrebuiltBody;
  readonly caseId: string;
  /** Capability for receipt look-ups and part uploads (from the body itself). */
  readonly receiptVerifier: string;
  readonly parts: readonly PlannedPart[];
}

export interface AttachmentMix {
  /** Share of reports that carry one attachment. */
  readonly reportsWithAttachment: number;
  /** Parts per attachment: 1 to this many, evenly. */
  readonly maxParts: number;
}

/**
 * Plans attachments for bodies numbered from `firstIndex`: a share of the reports get one
 * attachment of 1 to maxParts parts, each drawn from the pool. Several attachments may reuse a
 * pooled ciphertext (encrypting fresh megabytes per report would dominate set-up); the server
 * keys parts by attachment id and index, so reuse changes nothing it checks.
 */
export function planReports(
  bodies: readonly PrebuiltBody[],
  firstIndex: number,
  pool: readonly PrebuiltPart[],
  mix: AttachmentMix,
  random: () => number,
): LoadReport[] {
  return bodies.map((body, offset) => {
    const { receiptVerifier } = JSON.parse(body.json.toString('utf8')) as {
      receiptVerifier: string;
    };
    const parts: PlannedPart[] = [];
    if (random() < mix.reportsWithAttachment) {
      const attachmentId = randomBytes(16).toString('hex');
      const count = 1 + Math.floor(random() * mix.maxParts);
      for (let index = 0; index < count; index++) {
        parts.push({ attachmentId, index, part: pool[Math.floor(random() * pool.length)]! });
      }
    }
    return {
      bodyIndex: firstIndex + offset,
      body,
      caseId: deriveCaseId(body.submissionId),
      receiptVerifier,
      parts,
    };
  });
}

export { seededRandom };
