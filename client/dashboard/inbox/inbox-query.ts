/**
 * The inbox's filters, sort and page, and the GET /api/cases query they become. Only triage
 * fields travel: the search box works on decrypted rows in the browser and is not part of this.
 * Kept in the shell's memory while signed in (never in storage), so "back to inbox" returns to
 * the same page; the dashboard's address repeats the closed-list filters, sort and page
 * (navigation/dashboard-address.ts), never the label or days typed in.
 */
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  DAY_PATTERN,
  type CasePriority,
  type CaseStatus,
} from '../../../contract/vocabulary';

export const INBOX_PAGE_SIZE = 50;
export const INBOX_SORTS = ['urgency', 'deadline', 'received'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const ASSIGNEE_FILTERS = ['any', 'me', 'none'] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

export interface InboxFilters {
  readonly statuses: readonly CaseStatus[];
  readonly priority: CasePriority | null;
  readonly assignee: AssigneeFilter;
  readonly label: string;
  readonly overdueOnly: boolean;
  /** Only cases whose latest message the reporter sees is the reporter's (contract needsReply). */
  readonly needsReplyOnly: boolean;
  readonly receivedFrom: string;
  readonly receivedTo: string;
  readonly sort: InboxSort;
}

export interface InboxState {
  filters: InboxFilters;
  page: number;
}

/** Open cases (everything but closed), most urgent first. */
export function defaultInboxState(): InboxState {
  return {
    filters: {
      statuses: CASE_STATUSES.filter((status) => status !== 'closed'),
      priority: null,
      assignee: 'any',
      label: '',
      overdueOnly: false,
      needsReplyOnly: false,
      receivedFrom: '',
      receivedTo: '',
      sort: 'urgency',
    },
    page: 1,
  };
}

/**
 * The query string (without `?`) for a page of the inbox. Every status ticked, or none, means no
 * status filter; values the server would refuse are left out rather than sent.
 */
export function inboxQueryString(filters: InboxFilters, page: number): string {
  const params = new URLSearchParams();
  const statuses = CASE_STATUSES.filter((status) => filters.statuses.includes(status));
  if (statuses.length > 0 && statuses.length < CASE_STATUSES.length) {
    params.set('status', statuses.join(','));
  }
  if (filters.priority && CASE_PRIORITIES.includes(filters.priority)) {
    params.set('priority', filters.priority);
  }
  if (filters.assignee !== 'any') params.set('assignee', filters.assignee);
  const label = filters.label.trim();
  if (label !== '') params.set('label', label);
  if (filters.overdueOnly) params.set('overdue', '1');
  if (filters.needsReplyOnly) params.set('needsReply', '1');
  if (DAY_PATTERN.test(filters.receivedFrom)) params.set('receivedFrom', filters.receivedFrom);
  if (DAY_PATTERN.test(filters.receivedTo)) params.set('receivedTo', filters.receivedTo);
  params.set('sort', filters.sort);
  params.set('page', String(Math.max(1, Math.floor(page))));
  params.set('pageSize', String(INBOX_PAGE_SIZE));
  return params.toString();
}

/** How many pages `total` cases fill (at least one, so "page 1 of 1" reads right when empty). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
}
