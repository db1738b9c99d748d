/**
 * The case routes of the staff API (docs/http-api.md "Cases"), read with the API contract's
 * schemas: the server is trusted for triage fields, not for shape. Ciphertext arrives as
 * base64 and leaves here as bytes; nothing in this file decrypts.
 */
import * as z from 'zod/mini';
import {
  caseAccessAnswerSchema,
  caseDetailAnswerSchema,
  caseListAnswerSchema,
  caseSeenAnswerSchema,
  caseSummarySchema,
  inboxCaseSchema,
  historyEntrySchema,
  keyPacketsAnswerSchema,
  replyKeyConfirmationSchema,
  storedAttachmentSchema,
  threadEntrySchema,
  type TriageChange,
} from '../../../contract/api/cases';
import { recipientsAnswerSchema, type RecipientsAnswer } from '../../../contract/api/reporter';
import type {
  CaseOutcome,
  CasePriority,
  CaseStatus,
  KeyPacketTarget,
  ThreadKind,
} from '../../../contract/vocabulary';
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import {
  anyValue,
  readableItems,
  readableList,
  readAs,
  shaped,
  withFallbacks,
} from '../session/answer-reading';
import { base64FromBytes, bytesFromBase64 } from './base64';
import { readPlaintextBounds, type PlaintextBounds } from './plaintext-bounds';

export interface CaseAssignee {
  readonly id: string;
  readonly username: string;
}

export interface CaseCodes {
  readonly incidentCategory: string | null;
  readonly hostCountry: string | null;
  readonly month: string | null;
}

export interface CaseSummary {
  readonly caseId: string;
  readonly receivedOn: string;
  readonly status: CaseStatus;
  readonly outcome: CaseOutcome | null;
  readonly priority: CasePriority;
  readonly deadline: string | null;
  readonly overdue: boolean;
  readonly assignee: CaseAssignee | null;
  readonly labels: readonly string[];
  readonly codes: CaseCodes;
  readonly legalHold: boolean;
  readonly closedOn: string | null;
  /** The report's OpenPGP message; null if the server sent something that is not base64. */
  readonly report: Uint8Array | null;
  readonly messageCount: number;
  readonly attachmentCount: number;
}

/** What is new in a case for the signed-in caseworker (contract UNSEEN_KINDS). */
export type UnseenKind = 'report' | 'follow-up';

/** An inbox row: the summary, what is new for this caseworker, and whether it needs a reply. */
export interface InboxCase extends CaseSummary {
  readonly unseen: UnseenKind | null;
  readonly needsReply: boolean;
}

export interface CaseList {
  readonly cases: readonly InboxCase[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** The most plaintext one decryption may produce in this deployment (plaintext-bounds.ts). */
  readonly bounds: PlaintextBounds;
}

export interface ThreadEntry {
  readonly messageId: string;
  readonly seq: number;
  readonly kind: ThreadKind;
  readonly sentOn: string;
  readonly message: Uint8Array | null;
}

export interface StoredAttachment {
  readonly attachmentId: string;
  readonly parts: readonly { readonly index: number; readonly size: number }[];
}

export interface HistoryEntry {
  readonly at: string;
  readonly actor: string;
  readonly event: string;
  /** Plain name/value pairs, in the order the server sent them. */
  readonly details: readonly (readonly [string, string])[];
}

/**
 * A caseworker's confirmation of the reply key of a report from before reports named it: a
 * statement signed with their key, still to be verified against the directory (the server's
 * word proves nothing, so its `confirmedBy` and `confirmedOn` are not read: who confirmed, and
 * when, comes from the verified signature).
 */
export interface ReplyKeyConfirmation {
  readonly fingerprint: string;
  /** The armored signed statement (client/crypto verifyReplyKeyConfirmation). */
  readonly confirmation: string;
}

export interface CaseDetail {
  readonly summary: CaseSummary;
  readonly replyKey: string | null;
  readonly replyKeyConfirmation: ReplyKeyConfirmation | null;
  readonly thread: readonly ThreadEntry[];
  readonly attachments: readonly StoredAttachment[];
  readonly history: readonly HistoryEntry[];
  /** The most plaintext one decryption may produce in this deployment (plaintext-bounds.ts). */
  readonly bounds: PlaintextBounds;
}

export interface CaseAccess {
  readonly fingerprint: string;
  readonly label: string;
  readonly owner: string | null;
  readonly encryptionKeyIds: readonly string[];
  readonly canRead: boolean;
}

export interface KeyPacketItem {
  readonly target: KeyPacketTarget;
  readonly id: string;
  readonly pkesks: Uint8Array;
}

export interface SharedPacket {
  readonly target: KeyPacketTarget;
  readonly id: string;
  readonly pkesk: Uint8Array;
}

/** PATCH /api/cases/:caseId: only the fields that changed; `null` clears. */
export type TriageChanges = TriageChange;

const summaryShape = caseSummarySchema.def.shape;
const detailCaseShape = caseDetailAnswerSchema.def.shape.case.def.shape;

/** An item without the fields that identify and file it is left out; the others fall back. */
const summaryReading = z.extend(
  withFallbacks(caseSummarySchema, {
    outcome: null,
    deadline: null,
    overdue: false,
    assignee: null,
    codes: { incidentCategory: null, hostCountry: null, month: null },
    legalHold: false,
    closedOn: null,
    report: null,
  }),
  {
    labels: readableList(z.string()),
    codes: z.catch(
      withFallbacks(summaryShape.codes, { incidentCategory: null, hostCountry: null, month: null }),
      { incidentCategory: null, hostCountry: null, month: null },
    ),
    messageCount: z.catch(detailCaseShape.messageCount, 0),
    attachmentCount: z.catch(detailCaseShape.attachmentCount, 0),
  },
);

function nonEmpty(text: string | null): string | null {
  return text === '' ? null : text;
}

export function isCaseId(value: unknown): value is string {
  return readAs(summaryShape.caseId, value) !== null;
}

/** One case summary, or null when its id, status, priority or day received is not one we know. */
export function readCaseSummary(value: unknown): CaseSummary | null {
  const item = readAs(summaryReading, value);
  if (!item) return null;
  return {
    ...item,
    codes: {
      incidentCategory: nonEmpty(item.codes.incidentCategory),
      hostCountry: nonEmpty(item.codes.hostCountry),
      month: item.codes.month,
    },
    report: bytesFromBase64(item.report),
  };
}

const inboxShape = inboxCaseSchema.def.shape;
const inboxMarksReading = z.object({
  unseen: z.catch(inboxShape.unseen, null),
  needsReply: z.catch(inboxShape.needsReply, false),
});

/** An inbox row; its marks fall back to "nothing new" when the server sent something else. */
function readInboxCase(value: unknown): InboxCase | null {
  const summary = readCaseSummary(value);
  const marks = readAs(inboxMarksReading, value);
  if (!summary || !marks) return null;
  return { ...summary, unseen: marks.unseen, needsReply: marks.needsReply };
}

const caseListReading = z.object({
  cases: z.catch(z.array(z.unknown()), []),
  total: z.catch(caseListAnswerSchema.def.shape.total, 0),
  page: z.catch(caseListAnswerSchema.def.shape.page, 1),
  pageSize: z.catch(caseListAnswerSchema.def.shape.pageSize, 1),
  limits: anyValue,
});

export function readCaseList(body: unknown): CaseList {
  const answer = readAs(caseListReading, body) ?? readAs(caseListReading, {})!;
  return {
    cases: answer.cases.flatMap((item) => {
      const row = readInboxCase(item);
      return row ? [row] : [];
    }),
    total: answer.total,
    page: answer.page,
    pageSize: answer.pageSize,
    bounds: readPlaintextBounds(answer.limits),
  };
}

/** A history detail as text: strings and numbers as they are, lists joined, the rest as JSON. */
function detailText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) {
    return value.join(', ');
  }
  return JSON.stringify(value);
}

const threadEntryReading = withFallbacks(threadEntrySchema, { sentOn: '', message: '' });
const storedAttachmentReading = z.extend(storedAttachmentSchema, {
  parts: readableList(
    withFallbacks(storedAttachmentSchema.def.shape.parts.def.element, { size: 0 }),
  ),
});
const historyEntryReading = withFallbacks(historyEntrySchema, { at: '', actor: '', details: {} });
const caseDetailReading = z.object({
  case: anyValue,
  replyKey: z.catch(z.nullable(caseDetailAnswerSchema.def.shape.replyKey), null),
  replyKeyConfirmation: z.catch(
    z.pick(replyKeyConfirmationSchema, { fingerprint: true, confirmation: true }),
    null as never,
  ),
  thread: anyValue,
  attachments: anyValue,
  history: anyValue,
  limits: anyValue,
});

export function readCaseDetail(body: unknown): CaseDetail | null {
  const answer = readAs(caseDetailReading, body);
  const summary = readCaseSummary(answer?.case);
  if (!answer || !summary) return null;
  return {
    summary,
    replyKey: nonEmpty(answer.replyKey),
    replyKeyConfirmation: answer.replyKeyConfirmation ?? null,
    thread: readableItems(threadEntryReading, answer.thread)
      .map((entry) => ({ ...entry, message: bytesFromBase64(entry.message) }))
      .sort((a, b) => a.seq - b.seq),
    attachments: readableItems(storedAttachmentReading, answer.attachments).map((attachment) => ({
      ...attachment,
      parts: attachment.parts.sort((a, b) => a.index - b.index),
    })),
    history: readableItems(historyEntryReading, answer.history).map((entry) => ({
      at: entry.at,
      actor: entry.actor,
      event: entry.event,
      details: Object.entries(entry.details).map(
        ([name, detail]) => [name, detailText(detail)] as const,
      ),
    })),
    bounds: readPlaintextBounds(answer.limits),
  };
}

const accessEntryReading = withFallbacks(
  z.extend(caseAccessAnswerSchema.def.shape.caseworkers.def.element, {
    // Fingerprints and key ids are compared lower-case; the server's case is not trusted.
    fingerprint: z.string(),
    encryptionKeyIds: readableList(z.string()),
  }),
  { label: '', owner: null, publicKey: '', canRead: false },
);

export function readCaseAccess(body: unknown): CaseAccess[] {
  const answer = readAs(z.object({ caseworkers: anyValue }), body);
  return readableItems(accessEntryReading, answer?.caseworkers).map((entry) => ({
    fingerprint: entry.fingerprint.toLowerCase(),
    label: entry.label,
    owner: nonEmpty(entry.owner),
    encryptionKeyIds: entry.encryptionKeyIds.map((id) => id.toLowerCase()),
    canRead: entry.canRead,
  }));
}

/** Every key packet item as bytes; one unreadable item refuses the whole answer. */
export function readKeyPacketItems(body: unknown): KeyPacketItem[] | null {
  const answer = readAs(keyPacketsAnswerSchema, body);
  if (!answer) return null;
  const items: KeyPacketItem[] = [];
  for (const item of answer.items) {
    const pkesks = bytesFromBase64(item.pkesks);
    // One unreadable item would make the share silently incomplete: refuse the whole answer.
    if (!pkesks) return null;
    items.push({ target: item.target, id: item.id, pkesks });
  }
  return items;
}

type Outcome<T> = Promise<ApiOutcome<T>>;

function casePath(caseId: string, rest = ''): string {
  return `/api/cases/${encodeURIComponent(caseId)}${rest}`;
}

export class CaseApi {
  constructor(private readonly client: StaffApiClient) {}

  /** GET /api/cases?…: `query` is built by inboxQueryString (no leading `?`). */
  async list(query: string): Outcome<CaseList> {
    return shaped(await this.client.get(`/api/cases${query ? `?${query}` : ''}`), readCaseList);
  }

  async detail(caseId: string): Outcome<CaseDetail> {
    return shaped(await this.client.get(casePath(caseId)), readCaseDetail);
  }

  /** PUT the caller's own read mark: they were shown the case up to message `seq`. */
  async markSeen(caseId: string, seq: number): Outcome<number> {
    return shaped(
      await this.client.put(casePath(caseId, '/seen'), { seq }),
      (body) => readAs(caseSeenAnswerSchema, body)?.seenSeq ?? null,
    );
  }

  /** One encrypted attachment part (a complete OpenPGP message), as bytes. */
  async part(caseId: string, attachmentId: string, index: number): Outcome<Uint8Array> {
    return await this.client.getBytes(
      casePath(
        caseId,
        `/attachments/${encodeURIComponent(attachmentId)}/parts/${encodeURIComponent(String(index))}`,
      ),
    );
  }

  async update(caseId: string, changes: TriageChanges): Outcome<CaseSummary> {
    return shaped(await this.client.patch(casePath(caseId), changes), (body) =>
      readCaseSummary(readAs(z.object({ case: anyValue }), body)?.case),
    );
  }

  /** POST a note or a reply: `message` is armored; a retry with the same messageId is safe. */
  async addMessage(
    caseId: string,
    kind: 'note' | 'reply',
    messageId: string,
    message: string,
  ): Outcome<unknown> {
    return await this.client.post(casePath(caseId, kind === 'note' ? '/notes' : '/replies'), {
      messageId,
      message,
    });
  }

  /** POST the signed confirmation of a legacy report's reply key (the fingerprint it names). */
  async confirmReplyKey(
    caseId: string,
    fingerprint: string,
    confirmation: string,
  ): Outcome<unknown> {
    return await this.client.post(casePath(caseId, '/reply-key-confirmation'), {
      fingerprint,
      confirmation,
    });
  }

  async access(caseId: string): Outcome<CaseAccess[]> {
    return shaped(await this.client.get(casePath(caseId, '/access')), readCaseAccess);
  }

  async keyPackets(caseId: string): Outcome<KeyPacketItem[]> {
    return shaped(await this.client.get(casePath(caseId, '/key-packets')), readKeyPacketItems);
  }

  async share(
    caseId: string,
    fingerprint: string,
    packets: readonly SharedPacket[],
  ): Outcome<unknown> {
    return await this.client.post(casePath(caseId, '/shares'), {
      fingerprint,
      packets: packets.map((packet) => ({
        target: packet.target,
        id: packet.id,
        pkesk: base64FromBytes(packet.pkesk),
      })),
    });
  }

  /** The case as a tar archive (re-authentication handled by the client). */
  async export(caseId: string): Outcome<Uint8Array> {
    return await this.client.getBytes(casePath(caseId, '/export'));
  }

  /** GET /api/recipients: the signed directory and the organisation key, still to be verified. */
  async recipients(): Outcome<RecipientsAnswer> {
    return shaped(await this.client.get('/api/recipients'), (body) =>
      readAs(recipientsAnswerSchema, body),
    );
  }
}
