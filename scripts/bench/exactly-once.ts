/**
 * The "zero lost or duplicated reports" check of the intake benchmark.
 *
 * The ledger keeps every response intake gave for every body sent. After the run, a body that
 * never got a 201 (a timeout or dropped connection leaves its fate unknown) is re-sent once, as a
 * reporter's browser would. Then the client's view and the database must agree: one stored report
 * per body sent, under the caseId every 201 for it named, and nothing else.
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
  markSent(schedule: readonly Slot[]): void {
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
