/**
 * The dashboard's address: which view is open, in the query of /staff/ (`?lang=ug&view=case&
 * case=<id>`), so Back, Forward, reload and a bookmark land where a person expects. The server
 * serves the same page for any query of /staff/, so no route changes; a fragment is kept for the
 * invitation token alone (read and removed on load).
 *
 * Security: an address sits in the browser's history, its session restore and any screenshot,
 * so it holds only names from closed lists (the language, the view, the inbox's status,
 * priority, assignee, sort and yes/no filters), a page number and a case id (a random 32-hex
 * server id; staff see its first 8 characters as the case reference). Never anything typed in
 * (the inbox's label and day filters stay in the page's memory), never a secret, never a word
 * of a report. Residual: the browser's history on the staff device keeps which case ids were
 * opened and which inbox filters were used, after sign-out too. Anything else in an address
 * makes the whole address refused: the page then opens the role's landing view and writes its
 * own address over the refused one.
 */
import { MAX_CASE_LIST_PAGE } from '../../../contract/api/cases';
import { CASE_PRIORITIES, CASE_STATUSES, HEX_ID_PATTERN } from '../../../contract/vocabulary';
import type { CasePriority, CaseStatus } from '../../../contract/vocabulary';
import type { Section } from '../context';
import { DASHBOARD_LOCALES, type DashboardLocaleCode } from '../i18n/locales';
import {
  ASSIGNEE_FILTERS,
  defaultInboxState,
  INBOX_SORTS,
  type AssigneeFilter,
  type InboxSort,
  type InboxState,
} from '../inbox/inbox-query';

/** The inbox filters an address may carry: closed lists and yes/no only. */
export interface InboxAddress {
  readonly statuses: readonly CaseStatus[];
  readonly priority: CasePriority | null;
  readonly assignee: AssigneeFilter;
  readonly overdueOnly: boolean;
  readonly needsReplyOnly: boolean;
  readonly sort: InboxSort;
  readonly page: number;
}

/** A view an address can name. */
export type DashboardPlace =
  | { readonly view: 'inbox'; readonly inbox: InboxAddress }
  | { readonly view: 'case'; readonly caseId: string }
  | { readonly view: Exclude<Section, 'inbox'> };

export interface DashboardAddress {
  /** null: the address names no language (the browser's choice applies). */
  readonly locale: DashboardLocaleCode | null;
  /** null: the address names no view (the role's landing view opens). */
  readonly place: DashboardPlace | null;
}

const PLAIN_VIEWS = ['keys', 'admin', 'stats', 'account'] as const;
/** The longest query a valid address can have is far shorter; anything longer is refused. */
const MAX_QUERY_LENGTH = 400;
const INBOX_KEYS = ['status', 'priority', 'assignee', 'overdue', 'needsReply', 'sort', 'page'];

/** The inbox part of an address when nothing is chosen: open cases, most urgent first, page 1. */
export function defaultInboxAddress(): InboxAddress {
  return inboxAddressOf(defaultInboxState());
}

/** Whether `caseId` is a case id as the server makes them; anything else opens no case. */
export function isCaseId(caseId: string): boolean {
  return HEX_ID_PATTERN.test(caseId);
}

function oneOf<const T extends string>(list: readonly T[], value: string | null): T | null {
  return list.find((entry) => entry === value) ?? null;
}

/** `1` or nothing; anything else is refused (undefined). */
function flag(value: string | null): boolean | undefined {
  if (value === null) return false;
  return value === '1' ? true : undefined;
}

/** Statuses in the contract's order; none ticked and every one ticked both mean "any". */
function normalStatuses(statuses: readonly CaseStatus[]): readonly CaseStatus[] {
  const ordered = CASE_STATUSES.filter((status) => statuses.includes(status));
  return ordered.length === 0 ? CASE_STATUSES : ordered;
}

function sameStatuses(a: readonly CaseStatus[], b: readonly CaseStatus[]): boolean {
  const left = normalStatuses(a);
  const right = normalStatuses(b);
  return left.length === right.length && left.every((status, index) => status === right[index]);
}

function parseStatuses(value: string | null): readonly CaseStatus[] | null {
  if (value === null) return defaultInboxAddress().statuses;
  const names = value.split(',');
  const statuses = names.map((name) => oneOf(CASE_STATUSES, name));
  if (statuses.some((status) => status === null)) return null;
  if (new Set(names).size !== names.length) return null;
  return normalStatuses(statuses as CaseStatus[]);
}

function parsePage(value: string | null): number | null {
  if (value === null) return 1;
  if (!/^[1-9]\d{0,5}$/.test(value)) return null;
  const page = Number(value);
  return page <= MAX_CASE_LIST_PAGE ? page : null;
}

function parseInbox(params: URLSearchParams): InboxAddress | null {
  const statuses = parseStatuses(params.get('status'));
  const priorityText = params.get('priority');
  const priority = oneOf(CASE_PRIORITIES, priorityText);
  const assignee = oneOf(ASSIGNEE_FILTERS, params.get('assignee') ?? 'any');
  const overdueOnly = flag(params.get('overdue'));
  const needsReplyOnly = flag(params.get('needsReply'));
  const sort = oneOf(INBOX_SORTS, params.get('sort') ?? 'urgency');
  const page = parsePage(params.get('page'));
  if (
    statuses === null ||
    (priorityText !== null && priority === null) ||
    assignee === null ||
    overdueOnly === undefined ||
    needsReplyOnly === undefined ||
    sort === null ||
    page === null
  ) {
    return null;
  }
  return { statuses, priority, assignee, overdueOnly, needsReplyOnly, sort, page };
}

function parsePlace(params: URLSearchParams): DashboardPlace | null | undefined {
  const view = params.get('view');
  const caseId = params.get('case');
  const hasInboxKeys = INBOX_KEYS.some((key) => params.has(key));
  if (view === null) return caseId === null && !hasInboxKeys ? null : undefined;
  if (view === 'case') {
    if (hasInboxKeys || caseId === null || !isCaseId(caseId)) return undefined;
    return { view, caseId };
  }
  if (caseId !== null) return undefined;
  if (view === 'inbox') {
    const inbox = parseInbox(params);
    return inbox === null ? undefined : { view, inbox };
  }
  const plain = oneOf(PLAIN_VIEWS, view);
  if (plain === null || hasInboxKeys) return undefined;
  return { view: plain };
}

/**
 * Reads `location.search`. Null when the address holds anything but what formatDashboardAddress
 * writes (an unknown name or value, a repeated name, a case id that is not one): refused whole.
 */
export function parseDashboardAddress(search: string): DashboardAddress | null {
  if (search.length > MAX_QUERY_LENGTH) return null;
  const params = new URLSearchParams(search);
  const names = [...params.keys()];
  const known = ['lang', 'view', 'case', ...INBOX_KEYS];
  if (names.some((name) => !known.includes(name))) return null;
  if (new Set(names).size !== names.length) return null;
  const lang = params.get('lang');
  const locale =
    lang === null
      ? null
      : oneOf(
          DASHBOARD_LOCALES.map((entry) => entry.code),
          lang,
        );
  if (lang !== null && locale === null) return null;
  const place = parsePlace(params);
  if (place === undefined) return null;
  return { locale, place };
}

/**
 * The query (with `?`) for `place` in `locale`; the inbox's defaults are left out. A case whose
 * id is not one names no view (the landing view), so nothing else ever reaches an address.
 */
export function formatDashboardAddress(
  locale: DashboardLocaleCode,
  named: DashboardPlace | null,
): string {
  const place = named?.view === 'case' && !isCaseId(named.caseId) ? null : named;
  const params = new URLSearchParams({ lang: locale });
  if (place !== null) params.set('view', place.view);
  if (place?.view === 'case') params.set('case', place.caseId);
  if (place?.view === 'inbox') {
    const { inbox } = place;
    const fallback = defaultInboxAddress();
    if (!sameStatuses(inbox.statuses, fallback.statuses)) {
      params.set('status', normalStatuses(inbox.statuses).join(','));
    }
    if (inbox.priority !== null) params.set('priority', inbox.priority);
    if (inbox.assignee !== fallback.assignee) params.set('assignee', inbox.assignee);
    if (inbox.overdueOnly) params.set('overdue', '1');
    if (inbox.needsReplyOnly) params.set('needsReply', '1');
    if (inbox.sort !== fallback.sort) params.set('sort', inbox.sort);
    if (inbox.page > 1)
      params.set('page', String(Math.min(MAX_CASE_LIST_PAGE, Math.floor(inbox.page))));
  }
  return `?${params.toString()}`.replace(/%2C/g, ',');
}

/** What of the inbox's state an address carries (not the label or days typed in). */
export function inboxAddressOf(state: InboxState): InboxAddress {
  const { filters } = state;
  return {
    statuses: normalStatuses(filters.statuses),
    priority: filters.priority,
    assignee: filters.assignee,
    overdueOnly: filters.overdueOnly,
    needsReplyOnly: filters.needsReplyOnly,
    sort: filters.sort,
    page: state.page,
  };
}

/** Sets the inbox's state from an address; the label and days typed in stay as they are. */
export function applyInboxAddress(state: InboxState, inbox: InboxAddress): void {
  const { page, ...chosen } = inbox;
  state.filters = { ...state.filters, ...chosen };
  state.page = page;
}
