/**
 * What `npm run bench:load` sends next, and what each answer unlocks: a pre-built report (its 201
 * makes its receipt usable and queues its attachment parts, as the reporter page uploads them);
 * the same report again, after its 201 (a lost answer) or at once (a double click); attachment
 * parts, a few sent twice; receipt look-ups, right or random (404); inbox pages with the
 * caseworker's session. Every report and part answer goes into the ledgers of exactly-once.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { encryptForDirectory, type VerifiedDirectory } from '../../client/crypto';
import type { Connection } from 'mongoose';
import { hashReceiptVerifier } from '../../server/features/intake';
import { deriveCaseId } from '../../server/features/intake/intake.service';
import { inspectEncryptedMessage } from '../../server/platform/openpgp';
import { AttachmentPartLedger, checkStoredReportsComplete, ReportLedger } from './exactly-once';
import type { Reply, SentPart } from './exactly-once';
import type { Random } from './kit/random';
import type { BodyFactory, PrebuiltBody } from './report-bodies';

/** Each kind: its label, and the one status it must get (anything else counts as unexpected). */
export const KINDS = {
  report: ['report submission', 201],
  'report-retry': ['report retry', 201],
  part: ['attachment part', 201],
  'part-retry': ['part retry', 201],
  receipt: ['receipt look-up', 200],
  'receipt-wrong': ['receipt (wrong)', 404],
  inbox: ['inbox page', 200],
} as const;
export type RequestKind = keyof typeof KINDS;
export const REQUEST_KINDS = Object.keys(KINDS) as RequestKind[];

export const INBOX_PATH = '/api/cases?pageSize=50';

/** Relative weights of the kinds picked freely, and the shares of retries. */
export const MIX = {
  report: 40,
  part: 30,
  receipt: 12,
  receiptWrong: 3,
  inbox: 10,
  /** Share of accepted reports sent once more after their 201. */
  retryAfterAccept: 0.03,
  /** Share of new reports sent twice at once. */
  retryAtOnce: 0.02,
  /** Share of accepted parts sent once more. */
  partRetry: 0.05,
};
/** A share of the reports get one attachment of 1 to maxParts parts. */
export const ATTACHMENTS = { reportsWithAttachment: 0.3, maxParts: 3 };

export interface OutgoingRequest {
  readonly kind: RequestKind;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
  /** Whether the answer's body is needed (a report's caseId); other bodies are read and dropped. */
  readonly wantsBody: boolean;
  /** Called once with the answer; status 0 when none came (connection error or timeout). */
  answered(reply: Reply): void;
}

/** One encrypted attachment part (a complete OpenPGP message), as the reporter page uploads it. */
export interface PrebuiltPart {
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly recipientKeyIds: string[];
}

/**
 * `poolSize` parts of random plaintext sized so the ciphertext lands between minBytes and maxBytes
 * (the OpenPGP overhead to one caseworker is a few hundred bytes).
 */
export async function buildPartPool(
  directory: VerifiedDirectory,
  pool: { poolSize: number; minBytes: number; maxBytes: number },
  random: Random,
): Promise<PrebuiltPart[]> {
  const parts: PrebuiltPart[] = [];
  for (let i = 0; i < pool.poolSize; i++) {
    const target = pool.minBytes + Math.floor(random() * (pool.maxBytes - pool.minBytes));
    const plaintext = randomBytes(Math.max(1, target - 1024));
    const bytes = Buffer.from(await encryptForDirectory(plaintext, directory));
    const { recipientKeyIds } = await inspectEncryptedMessage(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    parts.push({ bytes, sha256, recipientKeyIds: [...recipientKeyIds] });
  }
  return parts;
}

type PlannedPart = { attachmentId: string; index: number; part: PrebuiltPart };
/** A pre-built report and the attachment parts the reporter's browser uploads after its 201. */
type LoadReport = { bodyIndex: number; body: PrebuiltBody; caseId: string; parts: PlannedPart[] };
type QueuedPart = { report: LoadReport; planned: PlannedPart };

export class MixedTraffic {
  /** Every body pre-built so far, in the order the ledger numbers them. */
  readonly bodies: PrebuiltBody[] = [];
  private readonly ledger = new ReportLedger(this.bodies);
  private readonly partLedger = new AttachmentPartLedger();
  private readonly supply: LoadReport[] = [];
  private readonly planned: LoadReport[] = [];
  private readonly accepted: LoadReport[] = [];
  private readonly acceptedIndexes = new Set<number>();
  private readonly reportRetries: LoadReport[] = [];
  private readonly pendingParts: QueuedPart[] = [];
  private readonly partRetries: QueuedPart[] = [];
  private readonly sentParts = new Map<string, QueuedPart>();
  /** Once the run is over, answers no longer unlock anything (re-sends only settle fates). */
  private closed = false;

  constructor(
    private readonly factory: BodyFactory,
    private readonly cookieHeader: string,
    private readonly partPool: readonly PrebuiltPart[],
    private readonly random: Random,
  ) {}

  /**
   * Pre-builds `count` more reports to send, in order, with their attachments planned. Several
   * attachments may reuse a pooled ciphertext (encrypting fresh megabytes per report would
   * dominate set-up); the server keys parts by attachment id and index, so reuse changes nothing.
   */
  async addReports(count: number): Promise<void> {
    const firstIndex = this.bodies.length;
    const bodies = await this.factory.build(count);
    this.bodies.push(...bodies);
    for (const [offset, body] of bodies.entries()) {
      const parts: PlannedPart[] = [];
      if (this.random() < ATTACHMENTS.reportsWithAttachment) {
        const attachmentId = randomBytes(16).toString('hex');
        const partCount = 1 + Math.floor(this.random() * ATTACHMENTS.maxParts);
        for (let index = 0; index < partCount; index++) {
          const part = this.partPool[Math.floor(this.random() * this.partPool.length)]!;
          parts.push({ attachmentId, index, part });
        }
      }
      const caseId = deriveCaseId(body.submissionId);
      const report = { bodyIndex: firstIndex + offset, body, caseId, parts };
      this.supply.push(report);
      this.planned.push(report);
    }
  }

  get reportsLeft(): number {
    return this.supply.length;
  }

  close(): void {
    this.closed = true;
  }

  /** The exactly-once audits (exactly-once.ts), once every re-send is answered. */
  async audit(connection: Connection, recoveries: { reports: number; parts: number }) {
    const expected = this.planned.map(({ caseId, body }) => {
      const receiptVerifierHash = hashReceiptVerifier(body.receiptVerifier);
      return { caseId, submissionId: body.submissionId, receiptVerifierHash };
    });
    return {
      reports: await this.ledger.verify(connection, recoveries.reports),
      parts: await this.partLedger.verify(connection, recoveries.parts),
      completeness: await checkStoredReportsComplete(connection, expected),
    };
  }

  /** The next request to send; there is always one (look-ups and inbox pages need no supply). */
  next(): OutgoingRequest {
    const retry = this.reportRetries.shift();
    if (retry) return this.reportRequest(retry, 'report-retry');
    const partRetry = this.partRetries.shift();
    if (partRetry) return this.partRequest(partRetry, 'part-retry');
    const choices: [() => OutgoingRequest, number][] = [
      [() => this.inboxRequest(), MIX.inbox],
      [() => this.receiptRequest(randomBytes(32).toString('base64url'), true), MIX.receiptWrong],
    ];
    if (this.supply.length > 0) choices.push([() => this.newReportRequest(), MIX.report]);
    if (this.pendingParts.length > 0)
      choices.push([() => this.partRequest(this.pendingParts.shift()!, 'part'), MIX.part]);
    if (this.accepted.length > 0) {
      const report = this.accepted[Math.floor(this.random() * this.accepted.length)]!;
      choices.push([() => this.receiptRequest(report.body.receiptVerifier, false), MIX.receipt]);
    }
    let roll = this.random() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [make, weight] of choices) {
      roll -= weight;
      if (roll < 0) return make();
    }
    return choices[0]![0]();
  }

  /** After the run: each report sent without a 201 yet, once more (what a browser would do). */
  reportRecoveries(): OutgoingRequest[] {
    return this.ledger.unaccepted().map((bodyIndex) => {
      const report = this.planned.find((planned) => planned.bodyIndex === bodyIndex);
      if (!report) throw new Error(`no planned report for body ${bodyIndex}`);
      return this.reportRequest(report, 'report');
    });
  }

  /** After the run: each part sent without a 201 yet, once more. */
  partRecoveries(): OutgoingRequest[] {
    const queued = (part: SentPart) => this.sentParts.get(`${part.attachmentId}:${part.index}`)!;
    return this.partLedger.unaccepted().map((part) => this.partRequest(queued(part), 'part'));
  }

  private newReportRequest(): OutgoingRequest {
    const report = this.supply.shift()!;
    if (this.random() < MIX.retryAtOnce) this.reportRetries.push(report);
    return this.reportRequest(report, 'report');
  }

  private reportRequest(report: LoadReport, kind: 'report' | 'report-retry'): OutgoingRequest {
    const slot = { bodyIndex: report.bodyIndex, retry: kind === 'report-retry' };
    this.ledger.markSent([slot]);
    return outgoing(kind, 'POST', '/api/reports', JSON_BODY, report.body.json, (reply) => {
      this.ledger.record(slot, reply);
      if (reply.status !== 201 || this.acceptedIndexes.has(report.bodyIndex)) return;
      this.acceptedIndexes.add(report.bodyIndex);
      if (this.closed) return;
      this.accepted.push(report);
      for (const planned of report.parts) this.pendingParts.push({ report, planned });
      if (!slot.retry && this.random() < MIX.retryAfterAccept) this.reportRetries.push(report);
    });
  }

  private partRequest(queued: QueuedPart, kind: 'part' | 'part-retry'): OutgoingRequest {
    const { report, planned } = queued;
    const { attachmentId, index, part } = planned;
    const sent: SentPart = { caseId: report.caseId, attachmentId, index, sha256: part.sha256 };
    this.sentParts.set(`${attachmentId}:${index}`, queued);
    const path = `/api/attachments/${attachmentId}/parts/${index}`;
    const headers = { ...BINARY_BODY, 'x-receipt-verifier': report.body.receiptVerifier };
    return outgoing(kind, 'PUT', path, headers, part.bytes, (reply) => {
      this.partLedger.record(sent, kind === 'part-retry', reply);
      if (this.closed || kind === 'part-retry' || reply.status !== 201) return;
      if (this.random() < MIX.partRetry) this.partRetries.push(queued);
    });
  }

  private receiptRequest(receiptVerifier: string, wrong: boolean): OutgoingRequest {
    const body = Buffer.from(JSON.stringify({ receiptVerifier }));
    const kind = wrong ? 'receipt-wrong' : 'receipt';
    return outgoing(kind, 'POST', '/api/receipts/case', JSON_BODY, body);
  }

  private inboxRequest(): OutgoingRequest {
    const headers = { cookie: this.cookieHeader, 'sec-fetch-site': 'same-origin' };
    return outgoing('inbox', 'GET', INBOX_PATH, headers);
  }
}

const JSON_BODY = { 'content-type': 'application/json' };
const BINARY_BODY = { 'content-type': 'application/octet-stream' };

/** Only a report's answer is read (its caseId); other bodies are read and dropped. */
function outgoing(
  kind: RequestKind,
  method: OutgoingRequest['method'],
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
  answered: (reply: Reply) => void = () => undefined,
): OutgoingRequest {
  return { kind, method, path, headers, body, wantsBody: kind.startsWith('report'), answered };
}
