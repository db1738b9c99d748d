/**
 * The "zero lost or duplicated reports" checks of the intake and mixed-load benchmarks.
 *
 * The ledger keeps every response intake gave for every body sent. After the run, a body that
 * never got a 201 (a timeout or dropped connection leaves its fate unknown) is re-sent, as a
 * reporter's browser would. Then the client's view and the database must agree: one stored report
 * per body sent, under the caseId every 201 for it named, and nothing else.
 *
 * For the mixed load (two instances, attachments) two more checks: every attachment part answered
 * 201 is stored once, as sent, under its report (AttachmentPartLedger); and no report is
 * half-stored: each stored report is the one sent and has its triage record, and nothing refers to
 * a report that is not there (checkStoredReportsComplete).
 */
import type { Connection } from 'mongoose';
import type { PrebuiltBody } from './intake-fixture';
import type { Reply, Slot } from './load';

interface Answer {
  readonly retry: boolean;
  readonly status: number;
  readonly replayed: boolean;
  readonly caseId: string | undefined;
}

export class ReportLedger {
  private readonly answers = new Map<number, Answer[]>();
  private readonly sent = new Set<number>();
  private retriesSent = 0;

  constructor(private readonly bodies: readonly PrebuiltBody[]) {}

  /** Marks every slot of a schedule that was sent in full (each slot exactly once). */
  markSent(schedule: readonly Pick<Slot, 'bodyIndex' | 'retry'>[]): void {
    for (const slot of schedule) {
      this.sent.add(slot.bodyIndex);
      if (slot.retry) this.retriesSent += 1;
    }
  }

  record(slot: Pick<Slot, 'bodyIndex' | 'retry'>, reply: Reply): void {
    const list = this.answers.get(slot.bodyIndex) ?? [];
    list.push({
      retry: slot.retry,
      status: reply.status,
      replayed: reply.replayed,
      caseId: caseIdOf(reply),
    });
    this.answers.set(slot.bodyIndex, list);
  }

  /** Bodies sent that have no 201 yet. */
  unaccepted(): number[] {
    return [...this.sent].filter((index) => !this.accepted(index));
  }

  body(index: number): PrebuiltBody {
    const body = this.bodies[index];
    if (!body) throw new Error(`no pre-built body ${index}`);
    return body;
  }

  private accepted(index: number): boolean {
    return (this.answers.get(index) ?? []).some((answer) => answer.status === 201);
  }

  /** Compares the ledger with the `reports` collection. */
  async verify(connection: Connection, recoveries: number): Promise<ExactlyOnceReport> {
    const stored = await storedReports(connection);
    const client = this.checkClientView();
    const database = this.checkAgainstDatabase(stored);
    const retries = this.checkRetries();
    const problems = [
      ...describe(client.lost, 'lost: sent but never answered 201 (even after one re-send)'),
      ...describe(client.conflictingCaseIds, 'answered 201 with different caseIds'),
      ...describe(
        client.multipleFreshAccepts,
        'answered 201 without idempotent-replayed more than once',
      ),
      ...describe(database.missing, 'answered 201 but not in the database'),
      ...describe(database.duplicated, 'stored more than once'),
      ...describe(database.caseIdMismatches, 'stored under a caseId other than the one answered'),
      ...describe(database.unexpected, 'stored although never sent by this bench'),
      ...describe(retries.notAccepted, 'retries not answered 201'),
      ...describe(
        retries.badPairs,
        'original + retry not answered as exactly one new report and one replay',
      ),
    ];
    if (stored.length !== client.acceptedBodies) {
      problems.push(
        `reports in database ${stored.length} != bodies answered 201 ${client.acceptedBodies}`,
      );
    }
    return {
      pass: problems.length === 0,
      problems,
      bodiesSent: this.sent.size,
      bodiesAccepted: client.acceptedBodies,
      reportsInDatabase: stored.length,
      retriesSent: this.retriesSent,
      retriesAnswered: retries.answered,
      retriesReplayed: retries.replayed,
      recoveries,
    };
  }

  private checkClientView(): {
    acceptedBodies: number;
    lost: number;
    conflictingCaseIds: number;
    multipleFreshAccepts: number;
  } {
    let acceptedBodies = 0;
    let lost = 0;
    let conflictingCaseIds = 0;
    let multipleFreshAccepts = 0;
    for (const index of this.sent) {
      const accepts = (this.answers.get(index) ?? []).filter((answer) => answer.status === 201);
      if (accepts.length === 0) lost += 1;
      else acceptedBodies += 1;
      if (new Set(accepts.map((answer) => answer.caseId)).size > 1) conflictingCaseIds += 1;
      if (accepts.filter((answer) => !answer.replayed).length > 1) multipleFreshAccepts += 1;
    }
    return { acceptedBodies, lost, conflictingCaseIds, multipleFreshAccepts };
  }

  private checkAgainstDatabase(stored: readonly StoredPair[]): {
    missing: number;
    duplicated: number;
    caseIdMismatches: number;
    unexpected: number;
  } {
    const caseIdsBySubmission = new Map<string, string[]>();
    for (const { submissionId, caseId } of stored) {
      caseIdsBySubmission.set(submissionId, [
        ...(caseIdsBySubmission.get(submissionId) ?? []),
        caseId,
      ]);
    }
    let missing = 0;
    let duplicated = 0;
    let caseIdMismatches = 0;
    const sentSubmissionIds = new Set<string>();
    for (const index of this.sent) {
      const submissionId = this.body(index).submissionId;
      sentSubmissionIds.add(submissionId);
      const caseIds = caseIdsBySubmission.get(submissionId) ?? [];
      const answered = (this.answers.get(index) ?? []).find(
        (answer) => answer.status === 201,
      )?.caseId;
      if (caseIds.length === 0 && answered !== undefined) missing += 1;
      if (caseIds.length > 1) duplicated += 1;
      if (answered !== undefined && caseIds.length === 1 && caseIds[0] !== answered)
        caseIdMismatches += 1;
    }
    const unexpected = stored.filter((pair) => !sentSubmissionIds.has(pair.submissionId)).length;
    return { missing, duplicated, caseIdMismatches, unexpected };
  }

  /**
   * A retry is sent well after its original, so normally the original is the new report and the
   * retry the replay. If they did overlap, either may win: what must hold is one of each.
   */
  private checkRetries(): {
    answered: number;
    notAccepted: number;
    badPairs: number;
    replayed: number;
  } {
    let answered = 0;
    let notAccepted = 0;
    let badPairs = 0;
    let replayed = 0;
    for (const answers of this.answers.values()) {
      const retries = answers.filter((answer) => answer.retry);
      if (retries.length === 0) continue;
      answered += retries.length;
      notAccepted += retries.filter((answer) => answer.status !== 201).length;
      replayed += retries.filter((answer) => answer.status === 201 && answer.replayed).length;
      const allAnswered = answers.every((answer) => answer.status === 201);
      const fresh = answers.filter((answer) => !answer.replayed).length;
      if (allAnswered && fresh !== 1) badPairs += 1;
    }
    return { answered, notAccepted, badPairs, replayed };
  }
}

export interface ExactlyOnceReport {
  readonly pass: boolean;
  readonly problems: readonly string[];
  readonly bodiesSent: number;
  readonly bodiesAccepted: number;
  readonly reportsInDatabase: number;
  readonly retriesSent: number;
  /** Retries answered at all (one in flight when a phase is cut at its deadline is not). */
  readonly retriesAnswered: number;
  /** Retries answered 201 with `Idempotent-Replayed: true`. */
  readonly retriesReplayed: number;
  /** Bodies re-sent after the run because their first answer never came or was not 201. */
  readonly recoveries: number;
}

interface StoredPair {
  readonly submissionId: string;
  readonly caseId: string;
}

/** Reads ids only: a few thousand small documents, portable to FerretDB (no aggregation needed). */
async function storedReports(connection: Connection): Promise<StoredPair[]> {
  const documents = await connection
    .db!.collection<{ _id: string; submissionId: string }>('reports')
    .find({}, { projection: { _id: 1, submissionId: 1 } })
    .toArray();
  return documents.map((document) => ({
    submissionId: document.submissionId,
    caseId: document._id,
  }));
}

function caseIdOf(reply: Reply): string | undefined {
  if (reply.status !== 201) return undefined;
  try {
    const parsed = JSON.parse(reply.body) as { caseId?: unknown };
    return typeof parsed.caseId === 'string' ? parsed.caseId : undefined;
  } catch {
    return undefined;
  }
}

function describe(count: number, what: string): string[] {
  return count > 0 ? [`${count} ${what}`] : [];
}

// ---------------------------------------------------------------------------------------------
// Attachment parts (bench:load)

/** One attachment part as the bench sent it. */
export interface SentPart {
  readonly caseId: string;
  readonly attachmentId: string;
  readonly index: number;
  readonly sha256: string;
}

interface PartAnswer {
  readonly retry: boolean;
  readonly status: number;
  readonly replayed: boolean;
}

/** Parts are keyed as the server keys them: `${attachmentId}:${index}`. */
function partKey(part: Pick<SentPart, 'attachmentId' | 'index'>): string {
  return `${part.attachmentId}:${part.index}`;
}

/** Every answer to every attachment part sent, to compare with `attachment_parts` after the run. */
export class AttachmentPartLedger {
  private readonly parts = new Map<string, { part: SentPart; answers: PartAnswer[] }>();

  record(part: SentPart, retry: boolean, reply: Pick<Reply, 'status' | 'replayed'>): void {
    const key = partKey(part);
    const entry = this.parts.get(key) ?? { part, answers: [] };
    entry.answers.push({ retry, status: reply.status, replayed: reply.replayed });
    this.parts.set(key, entry);
  }

  /** Parts sent that have no 201 yet. */
  unaccepted(): SentPart[] {
    return [...this.parts.values()]
      .filter((entry) => !entry.answers.some((answer) => answer.status === 201))
      .map((entry) => entry.part);
  }

  async verify(connection: Connection, recoveries: number): Promise<PartsReport> {
    const stored = await connection
      .db!.collection<{
        _id: string;
        caseId: string;
        attachmentId: string;
        index: number;
        sha256: string;
      }>('attachment_parts')
      .find({}, { projection: { _id: 1, caseId: 1, attachmentId: 1, index: 1, sha256: 1 } })
      .toArray();
    const storedByKey = new Map<string, typeof stored>();
    for (const document of stored) {
      const key = partKey(document);
      storedByKey.set(key, [...(storedByKey.get(key) ?? []), document]);
    }
    let accepted = 0;
    let lost = 0;
    let multipleFreshAccepts = 0;
    let missing = 0;
    let duplicated = 0;
    let mismatched = 0;
    let retriesSent = 0;
    let retriesReplayed = 0;
    for (const [key, { part, answers }] of this.parts) {
      const accepts = answers.filter((answer) => answer.status === 201);
      const copies = storedByKey.get(key) ?? [];
      if (accepts.length === 0) lost += 1;
      else accepted += 1;
      if (accepts.filter((answer) => !answer.replayed).length > 1) multipleFreshAccepts += 1;
      if (accepts.length > 0 && copies.length === 0) missing += 1;
      if (copies.length > 1) duplicated += 1;
      mismatched += copies.filter(
        (copy) => copy.caseId !== part.caseId || copy.sha256 !== part.sha256,
      ).length;
      retriesSent += answers.filter((answer) => answer.retry).length;
      retriesReplayed += answers.filter(
        (answer) => answer.retry && answer.status === 201 && answer.replayed,
      ).length;
    }
    const unexpected = [...storedByKey.keys()].filter((key) => !this.parts.has(key)).length;
    const problems = [
      ...describe(lost, 'attachment parts sent but never answered 201 (even after re-sending)'),
      ...describe(multipleFreshAccepts, 'attachment parts answered 201 as new more than once'),
      ...describe(missing, 'attachment parts answered 201 but not in the database'),
      ...describe(duplicated, 'attachment parts stored more than once'),
      ...describe(mismatched, 'attachment parts stored with other bytes or under another case'),
      ...describe(unexpected, 'attachment parts stored although never sent by this bench'),
    ];
    return {
      pass: problems.length === 0,
      problems,
      partsSent: this.parts.size,
      partsAccepted: accepted,
      partsInDatabase: stored.length,
      retriesSent,
      retriesReplayed,
      recoveries,
    };
  }
}

export interface PartsReport {
  readonly pass: boolean;
  readonly problems: readonly string[];
  /** Distinct parts (attachment id + index) sent at least once. */
  readonly partsSent: number;
  readonly partsAccepted: number;
  readonly partsInDatabase: number;
  /** Deliberate re-sends of a part already answered 201, and how many were answered as replays. */
  readonly retriesSent: number;
  readonly retriesReplayed: number;
  /** Parts re-sent after the run because they had no 201. */
  readonly recoveries: number;
}

// ---------------------------------------------------------------------------------------------
// Half-stored reports (bench:load)

/** What a report the bench sent must look like once stored. */
export interface ExpectedReport {
  readonly caseId: string;
  readonly submissionId: string;
  readonly receiptVerifierHash: string;
}

export interface CompletenessReport {
  readonly pass: boolean;
  readonly problems: readonly string[];
  readonly reportsInDatabase: number;
  readonly triageRecordsInDatabase: number;
  /** Stored reports that are whole: the one sent, every field present, with a triage record. */
  readonly completeReports: number;
}

/**
 * "No report is half-stored": intake writes a report, then its triage record (a retry repairs a
 * missing one), then answers 201. After the final re-send every stored report must be complete
 * (the document sent, whole, and its triage record on the same day), whether or not its client
 * saw a 201; and no triage record or attachment part may refer to a report that is not stored.
 */
export async function checkStoredReportsComplete(
  connection: Connection,
  expected: readonly ExpectedReport[],
): Promise<CompletenessReport> {
  const db = connection.db!;
  const reports = await db
    .collection<{
      _id: string;
      submissionId?: string;
      requestDigest?: string;
      receiptVerifierHash?: string;
      receivedOn?: string;
      directoryVersion?: number;
    }>('reports')
    .find(
      {},
      {
        projection: {
          _id: 1,
          submissionId: 1,
          requestDigest: 1,
          receiptVerifierHash: 1,
          receivedOn: 1,
          directoryVersion: 1,
        },
      },
    )
    .toArray();
  const triage = await db
    .collection<{ _id: string; receivedOn?: string }>('cases')
    .find({}, { projection: { _id: 1, receivedOn: 1 } })
    .toArray();
  const partCases = await db
    .collection<{ _id: string; caseId: string }>('attachment_parts')
    .find({}, { projection: { _id: 1, caseId: 1 } })
    .toArray();

  const expectedByCase = new Map(expected.map((report) => [report.caseId, report]));
  const triageByCase = new Map(triage.map((record) => [record._id, record]));
  const reportCases = new Set(reports.map((report) => report._id));
  let withoutTriage = 0;
  let wrongDay = 0;
  let notAsSent = 0;
  let complete = 0;
  for (const report of reports) {
    const record = triageByCase.get(report._id);
    const sent = expectedByCase.get(report._id);
    const whole =
      typeof report.requestDigest === 'string' &&
      typeof report.receivedOn === 'string' &&
      typeof report.directoryVersion === 'number';
    const asSent =
      sent !== undefined &&
      report.submissionId === sent.submissionId &&
      report.receiptVerifierHash === sent.receiptVerifierHash;
    if (!record) withoutTriage += 1;
    else if (record.receivedOn !== report.receivedOn) wrongDay += 1;
    if (!whole || !asSent) notAsSent += 1;
    if (record && record.receivedOn === report.receivedOn && whole && asSent) complete += 1;
  }
  const triageWithoutReport = triage.filter((record) => !reportCases.has(record._id)).length;
  const orphanParts = partCases.filter((part) => !reportCases.has(part.caseId)).length;
  const problems = [
    ...describe(withoutTriage, 'reports stored without their triage record (half-stored)'),
    ...describe(wrongDay, 'reports whose triage record names another day received'),
    ...describe(notAsSent, 'reports stored incomplete or other than sent'),
    ...describe(triageWithoutReport, 'triage records without a stored report'),
    ...describe(orphanParts, 'attachment parts of a report that is not stored'),
  ];
  return {
    pass: problems.length === 0,
    problems,
    reportsInDatabase: reports.length,
    triageRecordsInDatabase: triage.length,
    completeReports: complete,
  };
}
