/**
 * BENCH-ONLY set-up for `npm run bench:inbox`: an organisation key, one caseworker key in a signed
 * recipient directory, a pool of encrypted reports, and 10,000 cases written straight into the
 * database rather than through intake: reports through ReportRepository.insert, triage records
 * and audit entries in batches, in the shapes CasesRepository.ensure + update and
 * AuditLogRepository.insert write (see seedCases for why not through those calls).
 * Nothing here is timed as part of the measurement; seeding time is printed for information.
 */
import { createHash, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import {
  createSubmissionId,
  encryptForDirectory,
  generateCaseworkerKey,
  generateProtectedKeyPair,
  generateReplyKey,
  verifyRecipientDirectory,
  type GeneratedKeyPair,
  type ProtectedCaseworkerKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import {
  AuditLogRepository,
  caseRefOf,
  GENESIS_HASH,
  hashEntry,
  type AuditEntry,
} from '../../server/features/audit';
import { CaseworkerKeysRepository, CaseworkerKeysService } from '../../server/features/caseworkers';
import { ReportRepository } from '../../server/features/intake';
import { deriveCaseId } from '../../server/features/intake/intake.service';
import { caseModel, type CaseDocument } from '../../server/features/triage/case.model';
import { DURABLE_WRITE } from '../../server/platform/db';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  INCIDENT_CATEGORIES,
  type CaseOutcome,
  type CasePriority,
  type CaseStatus,
  type IncidentCategory,
} from '../../server/features/triage';
import { inspectEncryptedMessage, inspectPublicKey } from '../../server/platform/openpgp';
import { publishDirectory } from '../admin/publish-directory';

/** These keys protect nothing: they live for one bench run in a database that is dropped after. */
export const BENCH_PASSPHRASE = 'bench-only passphrase, protects nothing';
/** The caseworker's key passphrase (not the login password), typed into the page to unlock. */
export const BENCH_KEY_PASSPHRASE = 'bench-only key passphrase, protects nothing';

export interface InboxOrganisation {
  readonly organisation: GeneratedKeyPair;
  readonly caseworkerKey: ProtectedCaseworkerKey;
  readonly directory: VerifiedDirectory;
}

/** The organisation key, one caseworker key (as the dashboard generates it) and its directory. */
export async function setUpOrganisation(connection: Connection): Promise<InboxOrganisation> {
  const organisation = await generateProtectedKeyPair('BENCH ONLY organisation', BENCH_PASSPHRASE);
  const caseworkerKey = await generateCaseworkerKey(BENCH_KEY_PASSPHRASE);
  const keys = new CaseworkerKeysService(new CaseworkerKeysRepository(connection));
  await keys.addCaseworkerKey(caseworkerKey.armoredPublicKey, 'BENCH ONLY caseworker');
  const { signedDirectory } = await publishDirectory(
    connection,
    { ...organisation, passphrase: BENCH_PASSPHRASE },
    { orgFingerprint: organisation.fingerprint, validDays: 30, demo: false },
  );
  const directory = await verifyRecipientDirectory(
    signedDirectory,
    organisation.armoredPublicKey,
    organisation.fingerprint,
  );
  return { organisation, caseworkerKey, directory };
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: the same cases every run, so runs compare.

export type Random = () => number;

/** mulberry32: small, fast, good enough to spread synthetic cases. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of table) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return table[table.length - 1]![0];
}

const DAY_MS = 86_400_000;
/** Closed cases are kept this long after closing (below the server's default of 180 days). */
const RETAINED_CLOSED_DAYS = 170;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Reports: realistic JSON documents (the reporter form's shape), 1-4 KB, encrypted once each.

const SENTENCES = [
  'BENCH ONLY synthetic text: my brother called from home and said officers visited our parents again.',
  'They asked where I live now, who I meet at the community centre and whether I still post online.',
  'A man I did not know approached me after Friday prayers and said he had a message from the embassy.',
  'He said my passport would not be renewed unless I agreed to tell them about the association.',
  'My mother was told that she would lose her pension if I kept speaking to journalists.',
  'Since March I receive calls from unknown numbers at night; nobody speaks when I answer.',
  'Someone created a fake profile with my photos and sent messages to my contacts in my name.',
  'The consulate refused to issue a certificate I need for my residence permit application.',
  'My cousin was detained for two days and questioned about my work with the refugee network.',
  'I was asked to return home for a short visit to sort out a family matter and I am afraid to go.',
  'A car with the same plates has been parked outside my building several times this month.',
  'My asylum interview is soon and I do not know whether I can mention these threats.',
  'My landlord said that people came asking about me and showed him a photograph.',
  'I have screenshots of the messages and the numbers that called me; I can send them later.',
  'I do not want my name used anywhere; please only contact me through this site.',
  'The person who contacted me knew details about my children’s school that only family knows.',
];

const CITIES = ['Istanbul', 'Almaty', 'Munich', 'Amsterdam', 'Stockholm', 'Toronto', 'Dubai'];
const COUNTRIES = ['TR', 'KZ', 'KG', 'DE', 'NL', 'SE', 'CA', 'AE', 'US', 'GB', 'FR', 'JP'];

/** A report as the reporter page builds it (client/reporter/report-document.ts). */
function syntheticReport(random: Random, index: number, targetBytes: number): object {
  const month = `202${5 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`;
  const attachmentCount = weighted(random, [
    [0, 6],
    [1, 3],
    [2, 1],
  ]);
  const attachments = Array.from({ length: attachmentCount }, (_, i) => ({
    attachmentId: randomBytes(16).toString('base64url'),
    name: `screenshot-${index}-${i + 1}.png`,
    type: 'image/png',
    size: 40_000 + Math.floor(random() * 2_000_000),
    sha256: randomBytes(32).toString('hex'),
    parts: 1 + Math.floor(random() * 3),
    cleaned: true,
    removedMetadata: ['exif'],
    originalSha256: randomBytes(32).toString('hex'),
  }));
  const document = {
    schema: 'amanat-report/v1',
    locale: pick(random, ['en', 'ug', 'tr', 'ru']),
    attachments,
    answers: {
      incidentType: pick(random, INCIDENT_CATEGORIES),
      month,
      country: pick(random, COUNTRIES),
      city: random() < 0.5 ? pick(random, CITIES) : null,
      whatHappened: '',
      involved: random() < 0.5 ? 'Two men, one of them said he works for the consulate.' : null,
      relativesAffected: pick(random, ['yes', 'no', 'unsaid', null] as const),
      deadline:
        random() < 0.3
          ? { date: `2026-0${1 + Math.floor(random() * 9)}-15`, details: 'Asylum hearing' }
          : { date: null, details: null },
      contact: { method: 'site', details: null },
      consents: { caseworkersMayRead: true, statistics: random() < 0.7 },
    },
  };
  // Grow the free text until the whole document reaches its target size.
  const sentences: string[] = [];
  while (JSON.stringify(document).length + sentences.join(' ').length < targetBytes) {
    sentences.push(pick(random, SENTENCES));
  }
  document.answers.whatHappened = sentences.join(' ');
  return document;
}

export interface EncryptedReport {
  /** The binary OpenPGP message, exactly as intake stores it. */
  readonly message: Uint8Array;
  readonly recipientKeyIds: readonly string[];
  readonly plaintextBytes: number;
}

/** `count` distinct report documents of 1-4 KB, each encrypted to the directory once. */
export async function encryptReportPool(
  directory: VerifiedDirectory,
  count: number,
  random: Random,
): Promise<EncryptedReport[]> {
  const pool: EncryptedReport[] = [];
  for (let i = 0; i < count; i++) {
    const targetBytes = 1000 + Math.floor(random() * 3000);
    const plaintext = new TextEncoder().encode(
      JSON.stringify(syntheticReport(random, i, targetBytes)),
    );
    const message = await encryptForDirectory(plaintext, directory);
    const { recipientKeyIds } = await inspectEncryptedMessage(message);
    pool.push({ message, recipientKeyIds, plaintextBytes: plaintext.length });
  }
  return pool;
}

// ---------------------------------------------------------------------------------------------
// Triage plans

export interface CasePlan {
  readonly caseId: string;
  readonly submissionId: string;
  readonly receivedOn: string;
  readonly status: CaseStatus;
  readonly outcome: CaseOutcome | null;
  readonly priority: CasePriority;
  readonly deadline: string | null;
  readonly assigneeId: string | null;
  readonly labels: string[];
  readonly incidentCategory: IncidentCategory | null;
  readonly hostCountry: string | null;
  readonly incidentMonth: string | null;
  readonly legalHold: boolean;
  readonly closedOn: string | null;
  /** Which report of the pool this case stores. */
  readonly reportIndex: number;
}

const LABELS = [
  'needs-lawyer',
  'interpreter',
  'family-pressure',
  'follow-up',
  'visa',
  'media',
  'police-report',
  'safe-house',
  'minor-involved',
  'documents',
  'online',
  'repeat-reporter',
];

/** Status mix by age: new cases are mostly open, old ones mostly closed, with a stale backlog. */
const STATUS_BY_AGE: readonly { maxAgeDays: number; table: [CaseStatus, number][] }[] = [
  {
    maxAgeDays: 14,
    table: [
      ['new', 35],
      ['acknowledged', 25],
      ['in_progress', 25],
      ['waiting_for_reporter', 10],
      ['referred', 3],
      ['closed', 2],
    ],
  },
  {
    maxAgeDays: 90,
    table: [
      ['new', 8],
      ['acknowledged', 12],
      ['in_progress', 32],
      ['waiting_for_reporter', 15],
      ['referred', 8],
      ['closed', 25],
    ],
  },
  {
    maxAgeDays: Infinity,
    table: [
      ['new', 4],
      ['acknowledged', 5],
      ['in_progress', 15],
      ['waiting_for_reporter', 8],
      ['referred', 6],
      ['closed', 62],
    ],
  },
];

export function planCases(options: {
  count: number;
  today: string;
  assigneeIds: readonly string[];
  poolSize: number;
  random: Random;
}): CasePlan[] {
  const { random, today } = options;
  return Array.from({ length: options.count }, (_, index) => {
    const ageDays = Math.floor(random() * 365);
    const receivedOn = addDays(today, -ageDays);
    const status = weighted(random, STATUS_BY_AGE.find((row) => ageDays <= row.maxAgeDays)!.table);
    const priority = weighted<CasePriority>(random, [
      ['urgent', 9],
      ['high', 18],
      ['normal', 53],
      ['low', 20],
    ]);
    const closed = status === 'closed';
    const deadline =
      random() < (priority === 'urgent' ? 0.7 : 0.3)
        ? addDays(receivedOn, 3 + Math.floor(random() * 120))
        : null;
    const assigneeId =
      random() < (status === 'new' ? 0.3 : 0.9) ? pick(random, options.assigneeIds) : null;
    const labels = [
      ...new Set(
        Array.from(
          {
            length: weighted(random, [
              [0, 4],
              [1, 3],
              [2, 2],
              [3, 1],
            ]),
          },
          () => pick(random, LABELS),
        ),
      ),
    ];
    const coded = random() < 0.7;
    const submissionId = createSubmissionId();
    return {
      caseId: deriveCaseId(submissionId),
      submissionId,
      receivedOn,
      status,
      outcome: closed ? pick(random, CASE_OUTCOMES) : null,
      priority,
      deadline,
      assigneeId,
      labels,
      incidentCategory: coded ? pick(random, INCIDENT_CATEGORIES) : null,
      hostCountry: coded && random() < 0.85 ? pick(random, COUNTRIES) : null,
      incidentMonth: coded && random() < 0.7 ? receivedOn.slice(0, 7) : null,
      legalHold: random() < 0.02,
      closedOn: closed ? closingDay(random, ageDays, today) : null,
      reportIndex: index % options.poolSize,
    };
  });
}

/**
 * A closing day between receipt and today, within the retention period: the server deletes cases
 * closed longer ago (RETENTION_CLOSED_DAYS, 180 by default), so a real inbox holds none.
 */
function closingDay(random: Random, ageDays: number, today: string): string {
  const earliestAgo = Math.min(ageDays, RETAINED_CLOSED_DAYS);
  return addDays(today, -Math.floor(random() * (earliestAgo + 1)));
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** Runs `work` for every item with at most `concurrency` in flight. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) await work(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Triage records and audit entries are written this many to an insertMany. */
const CASE_BATCH = 500;
const AUDIT_BATCH = 1000;

/**
 * Every case as intake + triage would leave it. Reports go through ReportRepository.insert, as
 * intake stores them (shared reply key; unique submission id, digest and receipt verifier hash).
 * Triage records are inserted whole, in batches, in the shape CasesRepository.ensure + update
 * leave them: on FerretDB v1 (SQLite) an update by _id scans the whole collection (about 15 ms
 * per 1,000 cases), so ensure + update per case would make seeding quadratic: about 13 minutes
 * for 8,000 cases on 2 cores.
 */
export async function seedCases(
  connection: Connection,
  plans: readonly CasePlan[],
  pool: readonly EncryptedReport[],
  concurrency: number,
  onProgress: (line: string) => void,
): Promise<{ reportsSeconds: number; casesSeconds: number }> {
  const reports = new ReportRepository(connection);
  const replyKey = await generateReplyKey('bench-only shared reply key');
  const inspectedReplyKey = await inspectPublicKey(replyKey.armoredPublicKey);
  const reportsStarted = performance.now();
  let done = 0;
  await forEachConcurrently(plans, concurrency, async (plan) => {
    const report = pool[plan.reportIndex]!;
    const outcome = await reports.insert({
      caseId: plan.caseId,
      submissionId: plan.submissionId,
      requestDigest: createHash('sha256').update(plan.submissionId).digest('hex'),
      message: report.message,
      recipientKeyIds: report.recipientKeyIds,
      directoryVersion: 1,
      replyKey: inspectedReplyKey.armoredPublicKey,
      replyKeyIds: inspectedReplyKey.encryptionKeyIds,
      receiptVerifierHash: randomBytes(32).toString('base64url'),
      receivedOn: plan.receivedOn,
    });
    if (outcome !== 'inserted') throw new Error(`seeding: report ${plan.caseId} ${outcome}`);
    done += 1;
    if (done % 2000 === 0) onProgress(`stored ${done} reports`);
  });
  const reportsSeconds = (performance.now() - reportsStarted) / 1000;

  const casesStarted = performance.now();
  const collection = caseModel(connection).collection as unknown as Collection<CaseDocument>;
  for (let start = 0; start < plans.length; start += CASE_BATCH) {
    await collection.insertMany(plans.slice(start, start + CASE_BATCH).map(triageRecordOf), {
      writeConcern: DURABLE_WRITE,
    });
  }
  const casesSeconds = (performance.now() - casesStarted) / 1000;
  return { reportsSeconds, casesSeconds };
}

/** What CasesRepository.ensure followed by CasesRepository.update(plan's fields) stores. */
function triageRecordOf(plan: CasePlan): CaseDocument {
  return {
    _id: plan.caseId,
    receivedOn: plan.receivedOn,
    status: plan.status,
    outcome: plan.outcome,
    priority: plan.priority,
    priorityRank: CASE_PRIORITIES.indexOf(plan.priority),
    deadline: plan.deadline,
    assigneeId: plan.assigneeId,
    labels: plan.labels,
    incidentCategory: plan.incidentCategory,
    hostCountry: plan.hostCountry,
    incidentMonth: plan.incidentMonth,
    legalHold: plan.legalHold,
    closedOn: plan.closedOn,
  };
}

/**
 * The audit history the triage above would have left (TriageService.changeTriage: one
 * `case.triage_changed` entry per field that moved off its default), appended to the existing
 * hash chain. The chain is computed here in order, then inserted in batches.
 * Without it every case view would read an almost empty audit log, which a real inbox of
 * 10,000 cases never has. Returns the number of entries added.
 */
export async function seedAuditHistory(
  connection: Connection,
  plans: readonly CasePlan[],
  actorId: string,
): Promise<number> {
  const repository = new AuditLogRepository(connection);
  const last = await repository.findLast();
  let seq = last?.seq ?? 0;
  let previousHash = last?.hash ?? GENESIS_HASH;
  const entries: AuditEntry[] = [];
  const actor = `account:${actorId}`;
  // In the order the changes would have happened: by day received.
  const ordered = [...plans].sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : 1));
  for (const plan of ordered) {
    const ref = caseRefOf(plan.caseId);
    const changes: [string, string][] = [];
    if (plan.status !== 'new') changes.push(['status', plan.status]);
    if (plan.outcome) changes.push(['outcome', plan.outcome]);
    if (plan.priority !== 'normal') changes.push(['priority', plan.priority]);
    if (plan.deadline) changes.push(['deadline', plan.deadline]);
    if (plan.assigneeId) changes.push(['assigneeId', plan.assigneeId]);
    if (plan.labels.length > 0) changes.push(['labels', plan.labels.join(', ')]);
    if (plan.incidentCategory) changes.push(['incidentCategory', plan.incidentCategory]);
    for (const [i, [field, to]] of changes.entries()) {
      seq += 1;
      const at = new Date(Date.parse(`${plan.receivedOn}T09:00:00Z`) + i * 60_000);
      const entry = {
        seq,
        at,
        actor,
        event: 'case.triage_changed',
        details: { case: ref, field, from: '', to },
        previousHash,
      };
      const complete = { ...entry, hash: hashEntry(entry) };
      entries.push(complete);
      previousHash = complete.hash;
    }
  }
  // In the shape AuditLogRepository.insert writes; in batches (one insert per entry: ~2 ms each).
  const collection = connection.db!.collection<{ _id: number }>('audit_log');
  for (let start = 0; start < entries.length; start += AUDIT_BATCH) {
    await collection.insertMany(
      entries.slice(start, start + AUDIT_BATCH).map((entry) => ({
        _id: entry.seq,
        at: entry.at,
        actor: entry.actor,
        event: entry.event,
        details: { ...entry.details },
        previousHash: entry.previousHash,
        hash: entry.hash,
      })),
      { writeConcern: DURABLE_WRITE, ordered: true },
    );
  }
  return entries.length;
}
