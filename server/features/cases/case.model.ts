import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, optional, required } from '../../platform/schema-fields';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  INCIDENT_CATEGORIES,
  type CaseOutcome,
  type CasePriority,
  type CaseStatus,
  type IncidentCategory,
} from './triage-codes';

/**
 * The plaintext triage record of a case, apart from its ciphertext: small documents, so the inbox
 * filters and sorts without reading report bytes.
 */
export interface CaseDocument extends InboxFields, ThreadFields {
  _id: string; // case id
  receivedOn: string; // YYYY-MM-DD
  status: CaseStatus;
  outcome: CaseOutcome | null;
  priority: CasePriority;
  deadline: string | null; // YYYY-MM-DD, e.g. a hearing or deportation date
  assigneeId: string | null;
  labels: string[];
  incidentCategory: IncidentCategory | null;
  hostCountry: string | null;
  incidentMonth: string | null; // YYYY-MM
  legalHold: boolean;
  closedOn: string | null; // YYYY-MM-DD; retention counts from here
  /**
   * Triage changes applied so far (absent on records from before it was kept: 0). A change is
   * applied only to the revision it was audited against, so each audit entry names one change.
   */
  revision?: number;
}

/**
 * Fields derived from the triage fields, written with every change (cases.repository.ts), so the
 * database filters and sorts the inbox from its indexes.
 */
export interface InboxFields {
  priorityRank: number; // index in CASE_PRIORITIES: the most urgent first
  /** The deadline, or NO_DEADLINE: cases without one sort after every day. */
  deadlineOrder: string;
  /**
   * The inbox's equality filters as one multikey field (MongoDB's attribute pattern), so one
   * compound index per sort order serves any combination of them: ANY_CASE on every record,
   * `priority:<priority>`, `assignee:<account id>` or `assignee:none`, `label:<label>` each.
   */
  inboxKeys: string[];
}

/**
 * What the inbox shows of the thread, derived from it (case-messages) and written with every
 * message (cases.repository.ts recordThreadMessage), so the inbox marks and filters it without
 * reading the thread: only `seq` numbers and who wrote last, never a time or content.
 */
export interface ThreadFields {
  /** `seq` of the reporter's latest follow-up. */
  followUpSeq?: number;
  /**
   * `seq` of the latest message the reporter sees too (a follow-up or a reply; notes are not); 0
   * when there is none yet. Absent: not derived yet (a new case, or one from before these were
   * kept; casework addMissingThreadFields derives it at start).
   */
  visibleSeq?: number;
  /**
   * Whether that message is the reporter's: the case needs a reply. Absent means no reply yet,
   * so the report itself waits for one.
   */
  awaitingReply?: boolean;
}

/** Sorts after every YYYY-MM-DD; never a deadline (not a day), so never overdue either. */
export const NO_DEADLINE = 'none';
/** The key every record holds: the inbox without priority, assignee or label filter. */
export const ANY_CASE = 'any';

/** The inbox fields of a record with these triage fields. */
export function inboxFieldsOf(
  record: Pick<CaseDocument, 'priority' | 'deadline' | 'assigneeId' | 'labels'>,
): InboxFields {
  return {
    priorityRank: CASE_PRIORITIES.indexOf(record.priority),
    deadlineOrder: record.deadline ?? NO_DEADLINE,
    inboxKeys: [
      ANY_CASE,
      priorityKey(record.priority),
      assigneeKey(record.assigneeId),
      ...record.labels.map(labelKey),
    ],
  };
}

export const priorityKey = (priority: CasePriority): string => `priority:${priority}`;
export const assigneeKey = (assigneeId: string | null): string =>
  `assignee:${assigneeId ?? 'none'}`;
export const labelKey = (label: string): string => `label:${label}`;

/**
 * The inbox's sort orders, each ending in `_id` so that pages never overlap. The names are the
 * API's (`sort=`); triage.service.ts documents what each means.
 */
export const INBOX_SORTS = {
  urgency: { priorityRank: 1, deadlineOrder: 1, receivedOn: 1, _id: 1 },
  deadline: { deadlineOrder: 1, priorityRank: 1, _id: 1 },
  received: { receivedOn: -1, _id: 1 },
} as const;

const caseSchema = collectionSchema<CaseDocument>('cases', {
  _id: required(String),
  receivedOn: required(String),
  status: { ...required(String), enum: CASE_STATUSES },
  outcome: { ...nullable(String), enum: [...CASE_OUTCOMES, null] },
  priority: { ...required(String), enum: CASE_PRIORITIES },
  priorityRank: required(Number),
  deadline: nullable(String),
  deadlineOrder: required(String),
  assigneeId: nullable(String),
  labels: required([String]),
  inboxKeys: required([String]),
  incidentCategory: { ...nullable(String), enum: [...INCIDENT_CATEGORIES, null] },
  hostCountry: nullable(String),
  incidentMonth: nullable(String),
  legalHold: required(Boolean),
  closedOn: nullable(String),
  revision: optional(Number),
  followUpSeq: optional(Number),
  visibleSeq: optional(Number),
  awaitingReply: optional(Boolean),
});
// The inbox: one index per sort order. Equality first (one inbox key, the status list), then the
// sort, then the range filters that sort does not cover (overdue: deadlineOrder before today;
// received between two days), so MongoDB reads a page in order and checks ranges in the index.
// `status` is always given (every status when the inbox does not filter on it).
caseSchema.index({ inboxKeys: 1, status: 1, ...INBOX_SORTS.urgency });
caseSchema.index({ inboxKeys: 1, status: 1, ...INBOX_SORTS.deadline, receivedOn: 1 });
caseSchema.index({ inboxKeys: 1, status: 1, ...INBOX_SORTS.received, deadlineOrder: 1 });
// Retention: closed cases not on legal hold, by closing day.
caseSchema.index({ status: 1, legalHold: 1, closedOn: 1 });
// Statistics: coded cases by incident month; the codes complete the key, so MongoDB counts them
// from the index alone.
caseSchema.index({ incidentMonth: 1, incidentCategory: 1, hostCountry: 1, outcome: 1 });

/** Indexes earlier versions declared and nothing uses any more (dropped at start). */
export const OBSOLETE_CASE_INDEXES = ['status_1_priorityRank_1_receivedOn_1', 'incidentMonth_1'];

export const caseModel = modelOn<CaseDocument>('Case', caseSchema);
