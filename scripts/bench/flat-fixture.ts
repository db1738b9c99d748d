/**
 * BENCH ONLY cases for bench:flat, written with insertMany in the shapes the app stores them, so
 * one database grows from a thousand cases to a hundred thousand in minutes: per case its report
 * (opened), triage record and audit history (inbox-fixture.ts), for some a thread (follow-ups
 * with their slots, replies, notes) and attachments (one to three parts, with their owner claim
 * and file and byte slots). Reports, messages and parts come from small pools of real ciphertext;
 * parts are 2-8 KiB (real ones reach 8 MiB: tens of gigabytes, for the same indexed read).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  armorBinaryMessage,
  encryptForDirectory,
  type VerifiedDirectory,
} from '../../client/crypto';
import { BYTE_SLOT_SIZE } from '../../server/features/attachments/report-allowance';
import { hashReceiptVerifier } from '../../server/features/intake';
import { dayOf } from '../../server/platform/days';
import { inspectEncryptedMessage } from '../../server/platform/openpgp';
import {
  encryptReportPool,
  planCases,
  seedAuditHistory,
  triageRecordOf,
  type CasePlan,
  type EncryptedReport,
} from './inbox-fixture';
import { buildPartPool, type PrebuiltPart } from './mixed-load-traffic';
import { insertInBatches } from './kit/database';
import { sharedReplyKey } from './kit/organisation';
import { weighted, type Random } from './kit/random';
import { secondsSince } from './kit/stats';

/** Cases generated and written at a time (documents of every collection for them). */
const CHUNK_CASES = 5000;
/** Documents per insertMany. */
const INSERT_BATCH = 1000;
const PART_POOL = { poolSize: 16, minBytes: 2 * 1024, maxBytes: 8 * 1024 };
// prettier-ignore
const THREAD_LENGTHS = [[0, 5], [1, 2], [2, 2], [4, 1]] as const;
// prettier-ignore
const ATTACHMENT_COUNTS = [[0, 6], [1, 3], [2, 1]] as const;
/** Parts per seeded attachment: 1-3 (an attachment may have 4, so one more can be uploaded). */
const MAX_SEEDED_PARTS = 3;

export interface FlatPools {
  readonly reports: readonly EncryptedReport[];
  /** Armored (what a follow-up request carries) and binary (what is stored). */
  readonly messages: readonly { armored: string; bytes: Buffer; recipientKeyIds: string[] }[];
  readonly parts: readonly PrebuiltPart[];
  readonly replyKey: { readonly armored: string; readonly keyIds: readonly string[] };
}

/** What the bench needs to know of a seeded case to send requests about it. */
export interface SeededCase {
  readonly caseId: string;
  readonly receiptVerifier: string;
  readonly priority: string;
  /** Each attachment's id and how many parts are stored. */
  readonly attachments: readonly { readonly attachmentId: string; readonly parts: number }[];
}

export async function buildPools(
  directory: VerifiedDirectory,
  distinctReports: number,
  random: Random,
): Promise<FlatPools> {
  const reports = await encryptReportPool(directory, distinctReports, random);
  const messages: FlatPools['messages'][number][] = [];
  for (let i = 0; i < 8; i++) {
    const text = `BENCH ONLY follow-up ${i}: ${'more details about what happened. '.repeat(8 + i * 6)}`;
    const bytes = await encryptForDirectory(new TextEncoder().encode(text), directory);
    const { recipientKeyIds } = await inspectEncryptedMessage(bytes);
    const armored = armorBinaryMessage(bytes);
    messages.push({ armored, bytes: Buffer.from(bytes), recipientKeyIds: [...recipientKeyIds] });
  }
  const parts = await buildPartPool(directory, PART_POOL, random);
  return { reports, messages, parts, replyKey: await sharedReplyKey() };
}

export interface GrowthTimes {
  cases: number;
  seconds: number;
  /** Seconds spent writing each collection. */
  perCollection: Record<string, number>;
  documents: Record<string, number>;
}

/**
 * Adds `count` cases (and everything stored with them) in chunks; returns them and where the time
 * went. `actorId` is the caseworker the audit history names; `assignees` the accounts cases are
 * assigned to.
 */
export async function addCases(
  connection: Connection,
  pools: FlatPools,
  count: number,
  people: { actorId: string; assignees: string[] },
  random: Random,
  log: (line: string) => void,
): Promise<{ cases: SeededCase[]; times: GrowthTimes }> {
  const started = performance.now();
  const times: GrowthTimes = { cases: count, seconds: 0, perCollection: {}, documents: {} };
  const took = (name: string, writeStarted: number, documents: number): void => {
    times.perCollection[name] = (times.perCollection[name] ?? 0) + secondsSince(writeStarted);
    times.documents[name] = (times.documents[name] ?? 0) + documents;
  };
  const write = async (name: string, documents: object[]): Promise<void> => {
    const writeStarted = performance.now();
    await insertInBatches(connection, name, documents, INSERT_BATCH, false);
    took(name, writeStarted, documents.length);
  };
  const cases: SeededCase[] = [];
  const today = dayOf(new Date());
  for (let done = 0; done < count; done += CHUNK_CASES) {
    const size = Math.min(CHUNK_CASES, count - done);
    const plans = planCases(size, today, people.assignees, pools.reports.length, random);
    const chunk = documentsOf(plans, pools, random);
    await write('reports', chunk.reports);
    await write('cases', plans.map(triageRecordOf));
    await write('case_messages', chunk.messages);
    await write('attachment_parts', chunk.parts);
    await write('attachment_owners', chunk.owners);
    await write('attachment_reservations', chunk.reservations);
    const auditStarted = performance.now();
    took('audit_log', auditStarted, await seedAuditHistory(connection, plans, people.actorId));
    cases.push(...chunk.cases);
    log(`seeded ${done + size} of ${count} cases (${secondsSince(started).toFixed(0)} s)`);
  }
  times.seconds = secondsSince(started);
  return { cases, times };
}

function documentsOf(plans: readonly CasePlan[], pools: FlatPools, random: Random) {
  const reports: object[] = [];
  const messages: object[] = [];
  const parts: object[] = [];
  const owners: object[] = [];
  const reservations: object[] = [];
  const cases: SeededCase[] = [];
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
  for (const plan of plans) {
    const caseId = plan._id;
    const receiptVerifier = randomBytes(32).toString('base64url');
    const report = pools.reports[plan.reportIndex]!;
    // As ReportRepository.insert writes it, once its case is opened.
    reports.push({
      _id: caseId,
      submissionId: plan.submissionId,
      requestDigest: createHash('sha256').update(plan.submissionId).digest('hex'),
      message: Buffer.from(report.message),
      recipientKeyIds: [...report.recipientKeyIds],
      directoryVersion: 1,
      replyKey: pools.replyKey.armored,
      replyKeyIds: [...pools.replyKey.keyIds],
      receiptVerifierHash: hashReceiptVerifier(receiptVerifier),
      receivedOn: plan.receivedOn,
      caseOpened: true,
    });
    const slot = (kind: string, index: number, holder: string, claimedOn: string) => ({
      _id: `${caseId}:${kind}:${index}`,
      ...{ caseId, kind, holder, claimedOn },
    });
    // The thread: follow-ups (each holding a follow-up slot), replies and notes, in turn.
    const length = weighted(random, THREAD_LENGTHS);
    let followUps = 0;
    for (let seq = 1; seq <= length; seq++) {
      const { bytes, recipientKeyIds } = pools.messages[seq % pools.messages.length]!;
      // A follow-up, a reply, a note, a follow-up …
      const author = seq % 3 === 1 ? 'reporter' : 'caseworker';
      const internal = seq % 3 === 0;
      const _id = hex(16);
      const sentOn = plan.receivedOn;
      messages.push({
        _id,
        caseId,
        seq,
        author,
        internal,
        message: bytes,
        recipientKeyIds,
        sentOn,
      });
      if (author === 'reporter') reservations.push(slot('follow-ups', followUps++, _id, sentOn));
    }
    // Attachments: an owner claim, a file slot, and per part its byte slots.
    const attachments: { attachmentId: string; parts: number }[] = [];
    let byteSlot = 0;
    const files = weighted(random, ATTACHMENT_COUNTS);
    for (let file = 0; file < files; file++) {
      const attachmentId = hex(16);
      const count = 1 + Math.floor(random() * MAX_SEEDED_PARTS);
      owners.push({ _id: attachmentId, caseId });
      reservations.push(slot('files', file, attachmentId, plan.receivedOn));
      for (let index = 0; index < count; index++) {
        const part = pools.parts[Math.floor(random() * pools.parts.length)]!;
        const reservation = hex(16);
        parts.push({
          _id: `${attachmentId}:${index}`,
          ...{ caseId, attachmentId, index, message: part.bytes, size: part.bytes.length },
          ...{ sha256: part.sha256, recipientKeyIds: part.recipientKeyIds, reservation },
        });
        for (let n = 0; n < Math.ceil(part.bytes.length / BYTE_SLOT_SIZE); n++)
          reservations.push(slot('bytes', byteSlot++, reservation, plan.receivedOn));
      }
      attachments.push({ attachmentId, parts: count });
    }
    cases.push({ caseId, receiptVerifier, priority: plan.priority, attachments });
  }
  return { reports, messages, parts, owners, reservations, cases };
}
