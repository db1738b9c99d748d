/**
 * The "zero lost or duplicated" audits of bench:intake and bench:load. ReportLedger keeps every
 * answer to every body sent; a body that never got a 201 is re-sent, as a browser would; then
 * the client's view and the database must agree: one stored report per body sent, under the
 * caseId every 201 for it named, and nothing else. For the mixed load also: every attachment part
 * answered 201 is stored once, as sent (AttachmentPartLedger), and no report is half-stored
 * (checkStoredReportsComplete).
 */
import type { Connection } from 'mongoose';
import type { PrebuiltBody } from './report-bodies';

export interface Reply {
  readonly status: number;
  readonly replayed: boolean;
  /** The response body as text (intake answers { caseId, receivedOn }); '' where not read. */
  readonly body: string;
}

type Answer = Omit<Reply, 'body'> & {
  readonly retry: boolean;
  readonly caseId?: string | undefined;
};

const count = <T>(items: Iterable<T>, test: (item: T) => boolean): number => {
  let n = 0;
  for (const item of items) if (test(item)) n += 1;
  return n;
};
const accepted = (answer: Answer): boolean => answer.status === 201;
const fresh = (answer: Answer): boolean => !answer.replayed;
const replayed = (answer: Answer): boolean => answer.status === 201 && answer.replayed;

/** The audit's verdict: a problem line "<n> <what>" for each kind of problem found. */
function verdict(counts: Record<string, number>): { pass: boolean; problems: string[] } {
  const problems = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`);
  return { pass: problems.length === 0, problems };
}

/** Appends to the list under `key`. */
const add = <K, V>(map: Map<K, V[]>, key: K, value: V) =>
  map.set(key, [...(map.get(key) ?? []), value]);

function caseIdOf(reply: Reply): string | undefined {
  try {
    return (JSON.parse(reply.body) as { caseId?: string }).caseId;
  } catch {
    return undefined;
  }
}

export class ReportLedger {
  private readonly answers = new Map<number, Answer[]>();
  private readonly sent = new Set<number>();
  private retriesSent = 0;

  constructor(private readonly bodies: readonly PrebuiltBody[]) {}

  /** Marks slots as sent (each exactly once). */
  markSent(slots: readonly { bodyIndex: number; retry: boolean }[]): void {
    for (const slot of slots) {
      this.sent.add(slot.bodyIndex);
      if (slot.retry) this.retriesSent += 1;
    }
  }

  record({ bodyIndex, retry }: { bodyIndex: number; retry: boolean }, reply: Reply): void {
    const caseId = reply.status === 201 ? caseIdOf(reply) : undefined;
    add(this.answers, bodyIndex, { retry, status: reply.status, replayed: reply.replayed, caseId });
  }

  private accepts(index: number): Answer[] {
    return (this.answers.get(index) ?? []).filter(accepted);
  }

  /** Bodies sent that have no 201 yet. */
  unaccepted(): number[] {
    return [...this.sent].filter((index) => this.accepts(index).length === 0);
  }

  private body(index: number): PrebuiltBody {
    const body = this.bodies[index];
    if (!body) throw new Error(`no pre-built body ${index}`);
    return body;
  }

  /**
   * Re-sends to `url`, once and all at once, each body whose fate is unknown (no answer before the
   * deadline cut, a timeout, or a non-201), as a browser would; returns how many. The server may
   * still be working on the first attempt, so this also exercises the concurrent-retry path.
   */
  async resendUnaccepted(url: string): Promise<number> {
    const pending = this.unaccepted();
    const resend = async (bodyIndex: number): Promise<void> => {
      const body = this.body(bodyIndex).json.toString('utf8');
      const headers = { 'content-type': 'application/json' };
      const response = await fetch(`${url}/api/reports`, { method: 'POST', headers, body });
      const replayed = response.headers.get('idempotent-replayed') === 'true';
      const reply = { status: response.status, replayed, body: await response.text() };
      this.record({ bodyIndex, retry: false }, reply);
    };
    await Promise.all(pending.map(resend));
    return pending.length;
  }

  /** Compares the ledger with the `reports` collection. */
  async verify(connection: Connection, recoveries: number) {
    const stored = await connection
      .db!.collection<{ _id: string; submissionId: string }>('reports')
      .find({}, { projection: { _id: 1, submissionId: 1 } })
      .toArray();
    const caseIdsBySubmission = new Map<string, string[]>();
    for (const { submissionId, _id } of stored) add(caseIdsBySubmission, submissionId, _id);
    const sent = [...this.sent].map((index) => {
      const accepts = this.accepts(index);
      const copies = caseIdsBySubmission.get(this.body(index).submissionId) ?? [];
      const answered = accepts[0]?.caseId;
      return {
        lost: accepts.length === 0,
        conflicting: new Set(accepts.map((answer) => answer.caseId)).size > 1,
        newTwice: count(accepts, fresh) > 1,
        missing: copies.length === 0 && answered !== undefined,
        duplicated: copies.length > 1,
        misfiled: answered !== undefined && copies.length === 1 && copies[0] !== answered,
      };
    });
    const sentIds = new Set([...this.sent].map((index) => this.body(index).submissionId));
    // A retry is sent well after its original, so normally the original is the new report and
    // the retry the replay. If they did overlap, either may win: what must hold is one of each.
    const retried = [...this.answers.values()].filter((answers) => answers.some((a) => a.retry));
    const retries = retried.flatMap((answers) => answers.filter((answer) => answer.retry));
    const bodiesAccepted = count(sent, (s) => !s.lost);
    const n = (key: keyof (typeof sent)[number]) => count(sent, (s) => s[key]);
    const { pass, problems } = verdict({
      'lost: sent but never answered 201 (even after one re-send)': n('lost'),
      'answered 201 with different caseIds': n('conflicting'),
      'answered 201 without idempotent-replayed more than once': n('newTwice'),
      'answered 201 but not in the database': n('missing'),
      'stored more than once': n('duplicated'),
      'stored under a caseId other than the one answered': n('misfiled'),
      'stored although never sent by this bench': count(
        stored,
        (r) => !sentIds.has(r.submissionId),
      ),
      'retries not answered 201': count(retries, (answer) => !accepted(answer)),
      'original + retry not answered as exactly one new report and one replay': count(
        retried,
        (answers) => answers.every(accepted) && count(answers, fresh) !== 1,
      ),
    });
    const mismatch = `reports in database ${stored.length} != bodies answered 201 ${bodiesAccepted}`;
    if (stored.length !== bodiesAccepted) problems.push(mismatch);
    return {
      pass: pass && stored.length === bodiesAccepted,
      problems,
      bodiesSent: this.sent.size,
      bodiesAccepted,
      reportsInDatabase: stored.length,
      retriesSent: this.retriesSent,
      /** Retries answered at all (one in flight when a phase is cut at its deadline is not). */
      retriesAnswered: retries.length,
      /** Retries answered 201 with `Idempotent-Replayed: true`. */
      retriesReplayed: count(retries, replayed),
      /** Bodies re-sent after the run because their first answer never came or was not 201. */
      recoveries,
    };
  }
}

/** One attachment part as the bench sent it; keyed as the server keys it, attachmentId:index. */
export interface SentPart {
  readonly caseId: string;
  readonly attachmentId: string;
  readonly index: number;
  readonly sha256: string;
}

const partKey = (part: SentPart): string => `${part.attachmentId}:${part.index}`;

/** Every answer to every attachment part sent, to compare with `attachment_parts` after the run. */
export class AttachmentPartLedger {
  private readonly parts = new Map<string, { part: SentPart; answers: Answer[] }>();

  record(part: SentPart, retry: boolean, { status, replayed }: Reply): void {
    const entry = this.parts.get(partKey(part)) ?? { part, answers: [] };
    entry.answers.push({ retry, status, replayed });
    this.parts.set(partKey(part), entry);
  }

  /** Parts sent that have no 201 yet. */
  unaccepted(): SentPart[] {
    return [...this.parts.values()].filter((e) => !e.answers.some(accepted)).map((e) => e.part);
  }

  async verify(connection: Connection, recoveries: number) {
    const stored = await connection
      .db!.collection<SentPart & { _id: string }>('attachment_parts')
      .find({}, { projection: { _id: 1, caseId: 1, attachmentId: 1, index: 1, sha256: 1 } })
      .toArray();
    const storedByKey = new Map<string, SentPart[]>();
    for (const copy of stored) add(storedByKey, partKey(copy), copy);
    const sent = [...this.parts.entries()].map(([key, { part, answers }]) => {
      const [accepts, copies] = [answers.filter(accepted), storedByKey.get(key) ?? []];
      const other = (copy: SentPart) => copy.caseId !== part.caseId || copy.sha256 !== part.sha256;
      return {
        lost: accepts.length === 0,
        newTwice: count(accepts, fresh) > 1,
        missing: accepts.length > 0 && copies.length === 0,
        duplicated: copies.length > 1,
        others: count(copies, other),
      };
    });
    const retries = [...this.parts.values()].flatMap((e) => e.answers.filter((a) => a.retry));
    const n = (key: 'lost' | 'newTwice' | 'missing' | 'duplicated') => count(sent, (s) => s[key]);
    const others = sent.reduce((total, s) => total + s.others, 0);
    return {
      ...verdict({
        'attachment parts sent but never answered 201 (even after re-sending)': n('lost'),
        'attachment parts answered 201 as new more than once': n('newTwice'),
        'attachment parts answered 201 but not in the database': n('missing'),
        'attachment parts stored more than once': n('duplicated'),
        'attachment parts stored with other bytes or under another case': others,
        'attachment parts stored although never sent by this bench': count(
          storedByKey.keys(),
          (key) => !this.parts.has(key),
        ),
      }),
      /** Distinct parts (attachment id + index) sent at least once. */
      partsSent: this.parts.size,
      partsAccepted: count(sent, (s) => !s.lost),
      partsInDatabase: stored.length,
      /** Deliberate re-sends of a part already answered 201, and those answered as replays. */
      retriesSent: retries.length,
      retriesReplayed: count(retries, replayed),
      /** Parts re-sent after the run because they had no 201. */
      recoveries,
    };
  }
}

/** What a report the bench sent must look like once stored. */
export interface ExpectedReport {
  readonly caseId: string;
  readonly submissionId: string;
  readonly receiptVerifierHash: string;
}

type StoredReport = { _id: string } & Partial<
  Record<'submissionId' | 'requestDigest' | 'receiptVerifierHash' | 'receivedOn', string>
> & { directoryVersion?: number };

/**
 * "No report is half-stored": intake writes a report, then its triage record (a retry repairs a
 * missing one), then answers 201. After the final re-send every stored report must be complete
 * (the document sent, whole, and its triage record on the same day), whether or not its client
 * saw a 201; and no triage record or attachment part may refer to a report that is not stored.
 */
export async function checkStoredReportsComplete(
  connection: Connection,
  expected: readonly ExpectedReport[],
) {
  const read = <T>(name: string, fields: readonly string[]) =>
    connection
      .db!.collection<T & { _id: string }>(name)
      .find({}, { projection: Object.fromEntries(['_id', ...fields].map((f) => [f, 1])) })
      .toArray() as Promise<(T & { _id: string })[]>;
  const reportFields = ['submissionId', 'requestDigest', 'receiptVerifierHash', 'receivedOn'];
  const reports = await read<StoredReport>('reports', [...reportFields, 'directoryVersion']);
  const triage = await read<{ receivedOn?: string }>('cases', ['receivedOn']);
  const partCases = await read<{ caseId: string }>('attachment_parts', ['caseId']);
  const expectedByCase = new Map(expected.map((report) => [report.caseId, report]));
  const triageByCase = new Map(triage.map((record) => [record._id, record]));
  const reportCases = new Set(reports.map((report) => report._id));
  const checked = reports.map((report) => {
    const record = triageByCase.get(report._id);
    const sent = expectedByCase.get(report._id);
    const whole =
      typeof report.requestDigest === 'string' &&
      typeof report.receivedOn === 'string' &&
      typeof report.directoryVersion === 'number' &&
      sent !== undefined &&
      report.submissionId === sent.submissionId &&
      report.receiptVerifierHash === sent.receiptVerifierHash;
    return { record, sameDay: record?.receivedOn === report.receivedOn, whole };
  });
  return {
    ...verdict({
      'reports stored without their triage record (half-stored)': count(checked, (c) => !c.record),
      'reports whose triage record names another day received': count(
        checked,
        (c) => c.record !== undefined && !c.sameDay,
      ),
      'reports stored incomplete or other than sent': count(checked, (c) => !c.whole),
      'triage records without a stored report': count(triage, (t) => !reportCases.has(t._id)),
      'attachment parts of a report that is not stored': count(
        partCases,
        (part) => !reportCases.has(part.caseId),
      ),
    }),
    reportsInDatabase: reports.length,
    triageRecordsInDatabase: triage.length,
    /** Stored reports that are whole: the one sent, every field present, with a triage record. */
    completeReports: count(checked, (c) => c.record !== undefined && c.sameDay && c.whole),
  };
}
