/**
 * A BENCH ONLY inbox (bench:inbox, and any bench that needs one, see seedInbox): the real server,
 * a signed-in caseworker, and cases as an inbox holds them: a pool of realistic encrypted
 * reports, triage spread over a year, the same every run (seeded), written straight into the
 * database rather than through intake: reports through ReportRepository.insert, triage records
 * and audit entries in batches, in the shapes CasesRepository.ensure + update and
 * AuditLogRepository.insert write (see seedCases for why not through those calls).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  createSubmissionId,
  encryptForDirectory,
  type VerifiedDirectory,
} from '../../client/crypto';
import { caseRefOf, GENESIS_HASH, hashEntry } from '../../server/features/audit';
import { deriveCaseId } from '../../server/features/intake/intake.service';
import { CASE_OUTCOMES, INCIDENT_CATEGORIES } from '../../server/features/cases';
import {
  inboxFieldsOf,
  type CaseDocument,
  type InboxFields,
} from '../../server/features/cases/case.model';
import { dayOf } from '../../server/platform/days';
import { inspectEncryptedMessage } from '../../server/platform/openpgp';
import { buildCoreServices } from '../../server/services';
import { pick, seededRandom, weighted, type Random } from './kit/random';
import { insertInBatches } from './kit/database';
import { sharedReplyKey } from './kit/organisation';
import type { Kit } from './kit/run';
import { staffedApp } from './kit/staff';
import { secondsSince } from './kit/stats';

/** Fixed, so every run seeds the same cases (case ids and ciphertexts differ; shapes do not). */
export const SEED = 20_260_505;
/** Closed cases are kept this long after closing (below the server's default of 180 days). */
const RETAINED_CLOSED_DAYS = 170;
/** Triage records and audit entries are written this many to an insertMany. */
const CASE_BATCH = 500;
const AUDIT_BATCH = 1000;
const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export interface InboxOptions {
  readonly cases: number;
  readonly distinctReports: number;
  readonly seedConcurrency: number;
  readonly auditHistory: boolean;
}

/**
 * The staffed app (kit/staff.ts) with four invited colleagues that cases are assigned to;
 * `cases` cases from `distinctReports` encrypted reports, with the audit history triage would
 * have written (unless `auditHistory` is false).
 */
export async function seedInbox(kit: Kit, o: InboxOptions) {
  const staffed = await staffedApp(kit, { colleagues: 4 });
  const { connection, caseworker } = staffed;
  const random = seededRandom(SEED);
  let started = performance.now();
  const pool = await encryptReportPool(staffed.directory, o.distinctReports, random);
  const encryptSeconds = secondsSince(started);

  const today = dayOf(new Date());
  const assignees = [caseworker.accountId, ...staffed.colleagues];
  const plans = planCases(o.cases, today, assignees, pool.length, random);
  kit.log(`seeding ${plans.length} cases (${o.seedConcurrency} at a time)`);
  started = performance.now();
  const seeded = await seedCases(connection, plans, pool, o.seedConcurrency, kit.log);
  const seedSeconds = secondsSince(started);
  started = performance.now();
  const auditEntries = o.auditHistory
    ? await seedAuditHistory(connection, plans, caseworker.accountId)
    : 0;
  const auditSeconds = secondsSince(started);
  const sizes = pool.map((report) => report.plaintextBytes);
  const open = plans.filter((plan) => plan.status !== 'closed');
  const seed = {
    cases: plans.length,
    distinctReports: pool.length,
    reportBytes: {
      min: Math.min(...sizes),
      max: Math.max(...sizes),
      mean: sizes.reduce((a, b) => a + b) / sizes.length,
    },
    ...{ encryptSeconds, seedSeconds, ...seeded, auditEntries, auditSeconds },
    /** Open, urgent cases: what the inbox's usual filter (new or acknowledged, urgent) shows. */
    urgentNew: plans.filter(
      (plan) => ['new', 'acknowledged'].includes(plan.status) && plan.priority === 'urgent',
    ).length,
    open: open.length,
    overdue: open.filter((plan) => plan.deadline !== null && plan.deadline < today).length,
    assigned: plans.filter((plan) => plan.assigneeId !== null).length,
  };
  return { ...staffed, plans, seed };
}

export type InboxSeed = Awaited<ReturnType<typeof seedInbox>>['seed'];

/** The seeding, in two lines of output. */
export function describeSeed(s: InboxSeed): string[] {
  const { min, max, mean } = s.reportBytes;
  return [
    `seeded: ${s.cases} cases (${s.open} open, ${s.overdue} overdue, ${s.assigned} assigned; ` +
      `${s.urgentNew} match filter (a)) from ${s.distinctReports} distinct reports of ${min}-${max} ` +
      `B plaintext (mean ${mean.toFixed(0)}), ${s.auditEntries} audit entries`,
    `seeding took ${s.seedSeconds.toFixed(1)} s (${(s.cases / s.seedSeconds) | 0} cases/s): reports ` +
      `${s.reportsSeconds.toFixed(1)} s, triage records ${s.casesSeconds.toFixed(1)} s; audit history ` +
      `${s.auditSeconds.toFixed(1)} s; encrypting the ${s.distinctReports} reports ${s.encryptSeconds.toFixed(1)} s`,
  ];
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

/** A report of 1-4 KB as the reporter page builds it (client/reporter/report-document.ts). */
function syntheticReport(random: Random, index: number): object {
  const targetBytes = 1000 + Math.floor(random() * 3000);
  const month = `202${5 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`;
  // prettier-ignore
  const attachments = Array.from({ length: weighted(random, [[0, 6], [1, 3], [2, 1]]) }, (_, i) => ({
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
  const locale = pick(random, ['en', 'ug', 'tr', 'ru']);
  const answers = {
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
  };
  const document = { schema: 'amanat-report/v1', locale, attachments, answers };
  // Grow the free text until the whole document reaches its target size.
  const sentences: string[] = [];
  while (JSON.stringify(document).length + sentences.join(' ').length < targetBytes) {
    sentences.push(pick(random, SENTENCES));
  }
  answers.whatHappened = sentences.join(' ');
  return document;
}

export interface EncryptedReport {
  /** The binary OpenPGP message, exactly as intake stores it. */
  readonly message: Uint8Array;
  readonly recipientKeyIds: readonly string[];
  readonly plaintextBytes: number;
}

/** `count` distinct synthetic reports, encrypted to the directory's caseworkers. */
export async function encryptReportPool(
  directory: VerifiedDirectory,
  count: number,
  random: Random,
): Promise<EncryptedReport[]> {
  const pool: EncryptedReport[] = [];
  for (let i = 0; i < count; i++) {
    const plaintext = new TextEncoder().encode(JSON.stringify(syntheticReport(random, i)));
    const message = await encryptForDirectory(plaintext, directory);
    const { recipientKeyIds } = await inspectEncryptedMessage(message);
    pool.push({ message, recipientKeyIds, plaintextBytes: plaintext.length });
  }
  return pool;
}

// ---------------------------------------------------------------------------------------------
// Triage plans

/** A triage record as CasesRepository.ensure + update leave it, and what seeding needs besides. */
export interface CasePlan extends Omit<CaseDocument, keyof InboxFields> {
  readonly submissionId: string;
  /** Which report of the pool this case stores. */
  readonly reportIndex: number;
}

// prettier-ignore
const LABELS = [
  'needs-lawyer', 'interpreter', 'family-pressure', 'follow-up', 'visa', 'media', 'police-report',
  'safe-house', 'minor-involved', 'documents', 'online', 'repeat-reporter',
];
// prettier-ignore
const STATUSES = [
  'new', 'acknowledged', 'in_progress', 'waiting_for_reporter', 'referred', 'closed',
] as const;
/** Weights of STATUSES by age: new cases mostly open, old ones mostly closed, a stale backlog. */
const STATUS_BY_AGE = [
  { maxAgeDays: 14, weights: [35, 25, 25, 10, 3, 2] },
  { maxAgeDays: 90, weights: [8, 12, 32, 15, 8, 25] },
  { maxAgeDays: Infinity, weights: [4, 5, 15, 8, 6, 62] },
];
// prettier-ignore
const PRIORITIES = [['urgent', 9], ['high', 18], ['normal', 53], ['low', 20]] as const;
// prettier-ignore
const LABEL_COUNTS = [[0, 4], [1, 3], [2, 2], [3, 1]] as const;

export function planCases(
  count: number,
  today: string,
  assignees: string[],
  poolSize: number,
  random: Random,
): CasePlan[] {
  return Array.from({ length: count }, (_, index) => {
    const ageDays = Math.floor(random() * 365);
    const receivedOn = addDays(today, -ageDays);
    const { weights } = STATUS_BY_AGE.find((row) => ageDays <= row.maxAgeDays)!;
    const status = weighted(
      random,
      STATUSES.map((name, i) => [name, weights[i]!] as const),
    );
    const priority = weighted(random, PRIORITIES);
    const closed = status === 'closed';
    const due = random() < (priority === 'urgent' ? 0.7 : 0.3);
    const deadline = due ? addDays(receivedOn, 3 + Math.floor(random() * 120)) : null;
    const assigneeId = random() < (status === 'new' ? 0.3 : 0.9) ? pick(random, assignees) : null;
    const labelCount = weighted(random, LABEL_COUNTS);
    const labels = [...new Set(Array.from({ length: labelCount }, () => pick(random, LABELS)))];
    const coded = random() < 0.7;
    const submissionId = createSubmissionId();
    // Closed within the retention period: the server deletes cases closed longer ago.
    const closedAgo = (): number =>
      Math.floor(random() * (Math.min(ageDays, RETAINED_CLOSED_DAYS) + 1));
    return {
      _id: deriveCaseId(submissionId),
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
      closedOn: closed ? addDays(today, -closedAgo()) : null,
      reportIndex: index % poolSize,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** A plan's triage record, as CasesRepository.ensure + update leave it. */
export const triageRecordOf = ({ submissionId: _s, reportIndex: _r, ...record }: CasePlan) => ({
  ...record,
  ...inboxFieldsOf(record),
});

/**
 * Every case as intake + triage would leave it. Reports go through ReportRepository.insert, as
 * intake stores them (shared reply key; unique submission id, digest and receipt verifier hash),
 * `concurrency` at a time. Triage records are inserted whole, in batches, in the shape
 * CasesRepository.ensure + update leave them: on FerretDB v1 (SQLite) an update by _id scans the
 * whole collection (about 15 ms per 1,000 cases), so ensure + update per case would make seeding
 * quadratic: about 13 minutes for 8,000 cases on 2 cores.
 */
async function seedCases(
  connection: Connection,
  plans: readonly CasePlan[],
  pool: readonly EncryptedReport[],
  concurrency: number,
  log: (line: string) => void,
): Promise<{ reportsSeconds: number; casesSeconds: number }> {
  const { reports } = buildCoreServices({ connection }).repositories;
  const replyKey = await sharedReplyKey();
  const started = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < plans.length; index = next++) {
      const { _id: caseId, submissionId, receivedOn, reportIndex } = plans[index]!;
      const { message, recipientKeyIds } = pool[reportIndex]!;
      const outcome = await reports.insert({
        ...{ caseId, submissionId, receivedOn, message, recipientKeyIds, directoryVersion: 1 },
        requestDigest: createHash('sha256').update(submissionId).digest('hex'),
        ...{ replyKey: replyKey.armored, replyKeyIds: replyKey.keyIds },
        receiptVerifierHash: randomBytes(32).toString('base64url'),
      });
      if (outcome !== 'inserted') throw new Error(`seeding: report ${caseId} ${outcome}`);
      if ((index + 1) % 2000 === 0) log(`stored ${index + 1} reports`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plans.length) }, worker));
  const reportsSeconds = secondsSince(started);
  await insertInBatches(connection, 'cases', plans.map(triageRecordOf), CASE_BATCH);
  return { reportsSeconds, casesSeconds: secondsSince(started) - reportsSeconds };
}

/**
 * The audit history the triage above would have left (TriageService.changeTriage: one
 * `case.triage_changed` entry per field that moved off its default), appended to the existing
 * hash chain, computed here in order and inserted in batches. Without it every case view would
 * read an almost empty audit log, which a real inbox never has. Returns the entries added.
 */
export async function seedAuditHistory(
  connection: Connection,
  plans: readonly CasePlan[],
  actorId: string,
) {
  const last = await buildCoreServices({ connection }).repositories.auditLog.findLast();
  let seq = last?.seq ?? 0;
  let previousHash = last?.hash ?? GENESIS_HASH;
  const documents: ({ _id: number } & Record<string, unknown>)[] = [];
  const actor = `account:${actorId}`;
  // In the order the changes would have happened: by day received.
  for (const plan of [...plans].sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : 1))) {
    const changes = [
      ['status', plan.status !== 'new' && plan.status],
      ['outcome', plan.outcome],
      ['priority', plan.priority !== 'normal' && plan.priority],
      ['deadline', plan.deadline],
      ['assigneeId', plan.assigneeId],
      ['labels', plan.labels.length > 0 && plan.labels.join(', ')],
      ['incidentCategory', plan.incidentCategory],
    ].filter((change): change is [string, string] => typeof change[1] === 'string');
    for (const [i, [field, to]] of changes.entries()) {
      seq += 1;
      const at = new Date(Date.parse(`${plan.receivedOn}T09:00:00Z`) + i * 60_000);
      const details = { case: caseRefOf(plan._id), field, from: '', to };
      const entry = { seq, at, actor, event: 'case.triage_changed', details, previousHash };
      const hash = hashEntry(entry);
      // In the shape AuditLogRepository.insert writes.
      documents.push({ _id: seq, at, actor, event: entry.event, details, previousHash, hash });
      previousHash = hash;
    }
  }
  // In batches: one insert per entry takes ~2 ms each.
  await insertInBatches(connection, 'audit_log', documents, AUDIT_BATCH);
  return documents.length;
}
