/**
 * The case routes of the staff API (docs/staff-api.md "Cases (issue 5)"), typed and read
 * defensively: the server is trusted for triage fields, not for shape. Ciphertext arrives as
 * base64 and leaves here as bytes; nothing in this file decrypts.
 */
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { base64FromBytes, bytesFromBase64 } from './base64';
import { readPlaintextBounds, type PlaintextBounds } from './plaintext-bounds';

export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'in_progress',
  'referred',
  'waiting_for_reporter',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_OUTCOMES = [
  'resolved',
  'referred_elsewhere',
  'no_contact',
  'withdrawn',
  'not_in_scope',
  'other',
] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

/** In urgency order. */
export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const THREAD_KINDS = ['follow-up', 'reply', 'note'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
const CASE_ID_PATTERN = /^[0-9a-f]{32}$/;

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

export interface CaseList {
  readonly cases: readonly CaseSummary[];
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
 * word proves nothing).
 */
export interface ReplyKeyConfirmation {
  readonly fingerprint: string;
  /** The armored signed statement (client/crypto verifyReplyKeyConfirmation). */
  readonly confirmation: string;
  readonly confirmedOn: string;
  readonly confirmedBy: string;
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

export const KEY_PACKET_TARGETS = ['report', 'message', 'part'] as const;
export type KeyPacketTarget = (typeof KEY_PACKET_TARGETS)[number];

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
export interface TriageChanges {
  status?: CaseStatus;
  outcome?: CaseOutcome | null;
  priority?: CasePriority;
  deadline?: string | null;
  assigneeId?: string | null;
  labels?: string[];
  incidentCategory?: string | null;
  hostCountry?: string | null;
  incidentMonth?: string | null;
  legalHold?: boolean;
}

export interface RecipientsAnswer {
  readonly directory: string;
  readonly organisationKey: string;
}

type Record_ = Readonly<Record<string, unknown>>;

function record(value: unknown): Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record_)
    : {};
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return values.find((candidate) => candidate === value);
}

function day(value: unknown): string | null {
  return typeof value === 'string' && DAY_PATTERN.test(value) ? value : null;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function isCaseId(value: unknown): value is string {
  return typeof value === 'string' && CASE_ID_PATTERN.test(value);
}

/** One case summary, or null when its id, status or priority is not one we know. */
export function readCaseSummary(value: unknown): CaseSummary | null {
  const item = record(value);
  const status = oneOf(CASE_STATUSES, item['status']);
  const priority = oneOf(CASE_PRIORITIES, item['priority']);
  const receivedOn = day(item['receivedOn']);
  if (!isCaseId(item['caseId']) || !status || !priority || receivedOn === null) return null;
  const assignee = record(item['assignee']);
  const codes = record(item['codes']);
  return {
    caseId: item['caseId'],
    receivedOn,
    status,
    outcome: oneOf(CASE_OUTCOMES, item['outcome']) ?? null,
    priority,
    deadline: day(item['deadline']),
    overdue: item['overdue'] === true,
    assignee:
      typeof assignee['id'] === 'string' && typeof assignee['username'] === 'string'
        ? { id: assignee['id'], username: assignee['username'] }
        : null,
    labels: list(item['labels']).filter((label): label is string => typeof label === 'string'),
    codes: {
      incidentCategory: stringOrNull(codes['incidentCategory']),
      hostCountry: stringOrNull(codes['hostCountry']),
      month:
        typeof codes['month'] === 'string' && MONTH_PATTERN.test(codes['month'])
          ? codes['month']
          : null,
    },
    legalHold: item['legalHold'] === true,
    closedOn: day(item['closedOn']),
    report: bytesFromBase64(item['report']),
    messageCount: count(item['messageCount']),
    attachmentCount: count(item['attachmentCount']),
  };
}

export function readCaseList(body: unknown): CaseList {
  const answer = record(body);
  const cases = list(answer['cases']).flatMap((item) => {
    const summary = readCaseSummary(item);
    return summary ? [summary] : [];
  });
  return {
    cases,
    total: count(answer['total']),
    page: Math.max(1, count(answer['page'])),
    pageSize: Math.max(1, count(answer['pageSize'])),
    bounds: readPlaintextBounds(answer['limits']),
  };
}

function readThreadEntry(value: unknown): ThreadEntry | null {
  const item = record(value);
  const kind = oneOf(THREAD_KINDS, item['kind']);
  if (typeof item['messageId'] !== 'string' || !kind || typeof item['seq'] !== 'number') {
    return null;
  }
  return {
    messageId: item['messageId'],
    seq: item['seq'],
    kind,
    sentOn: day(item['sentOn']) ?? '',
    message: bytesFromBase64(item['message']),
  };
}

function readStoredAttachment(value: unknown): StoredAttachment | null {
  const item = record(value);
  if (typeof item['attachmentId'] !== 'string') return null;
  const parts = list(item['parts']).flatMap((part) => {
    const entry = record(part);
    return typeof entry['index'] === 'number' && Number.isInteger(entry['index'])
      ? [{ index: entry['index'], size: count(entry['size']) }]
      : [];
  });
  return { attachmentId: item['attachmentId'], parts: parts.sort((a, b) => a.index - b.index) };
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

function readHistoryEntry(value: unknown): HistoryEntry | null {
  const item = record(value);
  if (typeof item['event'] !== 'string') return null;
  const actor = item['actor'];
  const actorRecord = record(actor);
  return {
    at: typeof item['at'] === 'string' ? item['at'] : '',
    actor:
      typeof actor === 'string'
        ? actor
        : typeof actorRecord['username'] === 'string'
          ? actorRecord['username']
          : '',
    event: item['event'],
    details: Object.entries(record(item['details'])).map(
      ([name, detail]) => [name, detailText(detail)] as const,
    ),
  };
}

function readReplyKeyConfirmation(value: unknown): ReplyKeyConfirmation | null {
  const item = record(value);
  const fingerprint = item['fingerprint'];
  const confirmation = item['confirmation'];
  if (
    typeof fingerprint !== 'string' ||
    !/^[0-9a-f]{40}$/.test(fingerprint) ||
    typeof confirmation !== 'string'
  ) {
    return null;
  }
  return {
    fingerprint,
    confirmation,
    confirmedOn: day(item['confirmedOn']) ?? '',
    confirmedBy: typeof item['confirmedBy'] === 'string' ? item['confirmedBy'] : '',
  };
}

export function readCaseDetail(body: unknown): CaseDetail | null {
  const answer = record(body);
  const summary = readCaseSummary(answer['case']);
  if (!summary) return null;
  return {
    summary,
    replyKey: stringOrNull(answer['replyKey']),
    replyKeyConfirmation: readReplyKeyConfirmation(answer['replyKeyConfirmation']),
    thread: list(answer['thread'])
      .flatMap((item) => {
        const entry = readThreadEntry(item);
        return entry ? [entry] : [];
      })
      .sort((a, b) => a.seq - b.seq),
    attachments: list(answer['attachments']).flatMap((item) => {
      const entry = readStoredAttachment(item);
      return entry ? [entry] : [];
    }),
    history: list(answer['history']).flatMap((item) => {
      const entry = readHistoryEntry(item);
      return entry ? [entry] : [];
    }),
    bounds: readPlaintextBounds(answer['limits']),
  };
}

export function readCaseAccess(body: unknown): CaseAccess[] {
  return list(record(body)['caseworkers']).flatMap((item) => {
    const entry = record(item);
    if (typeof entry['fingerprint'] !== 'string') return [];
    return [
      {
        fingerprint: entry['fingerprint'].toLowerCase(),
        label: typeof entry['label'] === 'string' ? entry['label'] : '',
        owner: stringOrNull(entry['owner']),
        encryptionKeyIds: list(entry['encryptionKeyIds'])
          .filter((id): id is string => typeof id === 'string')
          .map((id) => id.toLowerCase()),
        canRead: entry['canRead'] === true,
      },
    ];
  });
}

export function readKeyPacketItems(body: unknown): KeyPacketItem[] | null {
  const items: KeyPacketItem[] = [];
  for (const item of list(record(body)['items'])) {
    const entry = record(item);
    const target = oneOf(KEY_PACKET_TARGETS, entry['target']);
    const pkesks = bytesFromBase64(entry['pkesks']);
    // One unreadable item would make the share silently incomplete: refuse the whole answer.
    if (!target || typeof entry['id'] !== 'string' || !pkesks) return null;
    items.push({ target, id: entry['id'], pkesks });
  }
  return items;
}

type Outcome<T> = Promise<ApiOutcome<T>>;

function shaped<T>(result: ApiOutcome<unknown>, read: (body: unknown) => T | null): ApiOutcome<T> {
  if (!result.ok) return result;
  const body = read(result.body);
  return body === null
    ? { ok: false, status: result.status, code: 'unknown' }
    : { ok: true, status: result.status, body };
}

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
      readCaseSummary(record(body)['case']),
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
    return shaped(await this.client.get('/api/recipients'), (body) => {
      const answer = record(body);
      return typeof answer['directory'] === 'string' &&
        typeof answer['organisationKey'] === 'string'
        ? { directory: answer['directory'], organisationKey: answer['organisationKey'] }
        : null;
    });
  }
}
