/**
 * What `npm run bench:load` sends next, and what each answer unlocks: the reporter's and the
 * caseworker's side of the service at once.
 *
 * - report: a pre-built submission, each sent once as new; a 201 makes its receipt usable for
 *   look-ups and queues its attachment parts, as the reporter page uploads them after the 201.
 * - report retry: the same body again, either after its 201 (a lost answer, retried) or at once
 *   beside the original (a double click; the two often land on different instances).
 * - part / part retry: PUT of an encrypted attachment part with the X-Receipt-Verifier header;
 *   a few are sent twice.
 * - receipt / receipt (wrong): POST /api/receipts/case with the verifier of an accepted report,
 *   or with a random one (404, counted by the failed-look-up limit).
 * - inbox: GET /api/cases?pageSize=50 with the caseworker's session cookie.
 * Every report and part answer goes into the ledgers of exactly-once.ts.
 */
import { randomBytes } from 'node:crypto';
import type { AttachmentPartLedger, ReportLedger, SentPart } from './exactly-once';
import type { LoadReport, PlannedPart } from './mixed-load-fixture';
import type { Reply } from './load';

export const REQUEST_KINDS = [
  'report',
  'report-retry',
  'part',
  'part-retry',
  'receipt',
  'receipt-wrong',
  'inbox',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const KIND_LABELS: Record<RequestKind, string> = {
  report: 'report submission',
  'report-retry': 'report retry',
  part: 'attachment part',
  'part-retry': 'part retry',
  receipt: 'receipt look-up',
  'receipt-wrong': 'receipt (wrong)',
  inbox: 'inbox page',
};

/** The one status each kind must get; anything else is reported as unexpected. */
export const EXPECTED_STATUS: Record<RequestKind, number> = {
  report: 201,
  'report-retry': 201,
  part: 201,
  'part-retry': 201,
  receipt: 200,
  'receipt-wrong': 404,
  inbox: 200,
};

export const INBOX_PATH = '/api/cases?pageSize=50';

export interface OutgoingRequest {
  readonly kind: RequestKind;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** Whether the answer's body is needed (a report's caseId); other bodies are read and dropped. */
  readonly wantsBody: boolean;
  /** Called once with the answer; status 0 when none came (connection error or timeout). */
  answered(reply: Reply): void;
}

/** Relative weights of the kinds picked freely (retries are decided by the shares below). */
export interface TrafficMix {
  readonly report: number;
  readonly part: number;
  readonly receipt: number;
  readonly receiptWrong: number;
  readonly inbox: number;
  /** Share of accepted reports sent once more after their 201. */
  readonly retryAfterAccept: number;
  /** Share of new reports sent twice at once. */
  readonly retryAtOnce: number;
  /** Share of accepted parts sent once more. */
  readonly partRetry: number;
}

export const DEFAULT_MIX: TrafficMix = {
  report: 40,
  part: 30,
  receipt: 12,
  receiptWrong: 3,
  inbox: 10,
  retryAfterAccept: 0.03,
  retryAtOnce: 0.02,
  partRetry: 0.05,
};

interface QueuedPart {
  readonly report: LoadReport;
  readonly planned: PlannedPart;
}

export class MixedTraffic {
  private readonly supply: LoadReport[] = [];
  private readonly byBodyIndex = new Map<number, LoadReport>();
  private readonly accepted: LoadReport[] = [];
  private readonly acceptedIndexes = new Set<number>();
  private readonly reportRetries: { report: LoadReport }[] = [];
  private readonly pendingParts: QueuedPart[] = [];
  private readonly partRetries: QueuedPart[] = [];
  private readonly sentParts = new Map<string, QueuedPart>();
  /** Once the run is over, answers no longer unlock anything (re-sends only settle fates). */
  private closed = false;

  constructor(
    private readonly ledger: ReportLedger,
    private readonly partLedger: AttachmentPartLedger,
    private readonly cookieHeader: string,
    private readonly mix: TrafficMix,
    private readonly random: () => number,
  ) {}

  /** Reports to send from now on, in order. */
  addReports(reports: readonly LoadReport[]): void {
    for (const report of reports) {
      this.supply.push(report);
      this.byBodyIndex.set(report.bodyIndex, report);
    }
  }

  get reportsLeft(): number {
    return this.supply.length;
  }

  get reportsAccepted(): number {
    return this.accepted.length;
  }

  get partsQueued(): number {
    return this.pendingParts.length;
  }

  close(): void {
    this.closed = true;
  }

  /** The next request to send; there is always one (look-ups and inbox pages need no supply). */
  next(): OutgoingRequest {
    const retry = this.reportRetries.shift();
    if (retry) return this.reportRequest(retry.report, 'report-retry');
    const partRetry = this.partRetries.shift();
    if (partRetry) return this.partRequest(partRetry, 'part-retry');

    const choices: [() => OutgoingRequest, number][] = [
      [() => this.inboxRequest(), this.mix.inbox],
      [
        () => this.receiptRequest(randomBytes(32).toString('base64url'), true),
        this.mix.receiptWrong,
      ],
    ];
    if (this.supply.length > 0) choices.push([() => this.newReportRequest(), this.mix.report]);
    if (this.pendingParts.length > 0) {
      choices.push([() => this.partRequest(this.pendingParts.shift()!, 'part'), this.mix.part]);
    }
    if (this.accepted.length > 0) {
      const report = this.accepted[Math.floor(this.random() * this.accepted.length)]!;
      choices.push([() => this.receiptRequest(report.receiptVerifier, false), this.mix.receipt]);
    }
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.random() * total;
    for (const [make, weight] of choices) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return choices[0]![0]();
  }

  /** After the run: each report sent without a 201 yet, once more (what a browser would do). */
  reportRecoveries(): OutgoingRequest[] {
    return this.ledger
      .unaccepted()
      .map((bodyIndex) => this.reportRequest(this.reportOf(bodyIndex), 'report'));
  }

  /** After the run: each part sent without a 201 yet, once more. */
  partRecoveries(): OutgoingRequest[] {
    return this.partLedger.unaccepted().map((part) => {
      const queued = this.sentParts.get(`${part.attachmentId}:${part.index}`);
      if (!queued) throw new Error(`part ${part.attachmentId}:${part.index} was never queued`);
      return this.partRequest(queued, 'part');
    });
  }

  private reportOf(bodyIndex: number): LoadReport {
    const report = this.byBodyIndex.get(bodyIndex);
    if (!report) throw new Error(`no planned report for body ${bodyIndex}`);
    return report;
  }

  private newReportRequest(): OutgoingRequest {
    const report = this.supply.shift()!;
    if (this.random() < this.mix.retryAtOnce) this.reportRetries.push({ report });
    return this.reportRequest(report, 'report');
  }

  private reportRequest(report: LoadReport, kind: 'report' | 'report-retry'): OutgoingRequest {
    const retry = kind === 'report-retry';
    this.ledger.markSent([{ bodyIndex: report.bodyIndex, retry }]);
    return {
      kind,
      method: 'POST',
      path: '/api/reports',
      headers: { 'content-type': 'application/json' },
      body: report.body.json,
      wantsBody: true,
      answered: (reply) => {
        this.ledger.record({ bodyIndex: report.bodyIndex, retry }, reply);
        if (reply.status !== 201 || this.acceptedIndexes.has(report.bodyIndex)) return;
        this.acceptedIndexes.add(report.bodyIndex);
        if (this.closed) return;
        this.accepted.push(report);
        for (const planned of report.parts) this.pendingParts.push({ report, planned });
        if (!retry && this.random() < this.mix.retryAfterAccept) {
          this.reportRetries.push({ report });
        }
      },
    };
  }

  private partRequest(queued: QueuedPart, kind: 'part' | 'part-retry'): OutgoingRequest {
    const { report, planned } = queued;
    const sent: SentPart = {
      caseId: report.caseId,
      attachmentId: planned.attachmentId,
      index: planned.index,
      sha256: planned.part.sha256,
    };
    this.sentParts.set(`${planned.attachmentId}:${planned.index}`, queued);
    const retry = kind === 'part-retry';
    return {
      kind,
      method: 'PUT',
      path: `/api/attachments/${planned.attachmentId}/parts/${planned.index}`,
      headers: {
        'content-type': 'application/octet-stream',
        'x-receipt-verifier': report.receiptVerifier,
      },
      body: planned.part.bytes,
      wantsBody: false,
      answered: (reply) => {
        this.partLedger.record(sent, retry, reply);
        if (this.closed || retry || reply.status !== 201) return;
        if (this.random() < this.mix.partRetry) this.partRetries.push(queued);
      },
    };
  }

  private receiptRequest(receiptVerifier: string, wrong: boolean): OutgoingRequest {
    return {
      kind: wrong ? 'receipt-wrong' : 'receipt',
      method: 'POST',
      path: '/api/receipts/case',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify({ receiptVerifier })),
      wantsBody: false,
      answered: () => {},
    };
  }

  private inboxRequest(): OutgoingRequest {
    return {
      kind: 'inbox',
      method: 'GET',
      path: INBOX_PATH,
      headers: { cookie: this.cookieHeader, 'sec-fetch-site': 'same-origin' },
      wantsBody: false,
      answered: () => {},
    };
  }
}
