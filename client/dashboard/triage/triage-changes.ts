/**
 * The triage form's values and the PATCH they become: only the fields that changed, each checked
 * the way the server checks it (docs/http-api.md "Cases"), so a refusal is explained before it
 * is sent. Closing needs an outcome; an open case never sends one (reopening clears it).
 */
import { type CaseSummary, type TriageChanges } from '../cases/case-api';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  DAY_PATTERN,
  INCIDENT_CATEGORIES,
  MONTH_PATTERN,
  type CaseOutcome,
  type CasePriority,
  type CaseStatus,
} from '../../../contract/vocabulary';

/** Keep whoever is assigned, assign to me, to nobody, or (admins) to a listed account. */
export type AssigneeChoice = 'keep' | 'me' | 'none' | `user:${string}`;

export interface TriageValues {
  readonly status: string;
  readonly outcome: string;
  readonly priority: string;
  /** `YYYY-MM-DD` or empty. */
  readonly deadline: string;
  readonly assignee: AssigneeChoice;
  /** Comma separated, as typed. */
  readonly labels: string;
  readonly incidentCategory: string;
  readonly hostCountry: string;
  /** `YYYY-MM` or empty. */
  readonly month: string;
  readonly legalHold: boolean;
}

export type TriageProblem =
  'outcome_required' | 'deadline_invalid' | 'month_invalid' | 'labels_invalid' | 'value_invalid';

export type TriageResult =
  | { readonly ok: true; readonly changes: TriageChanges }
  | { readonly ok: false; readonly problem: TriageProblem };

/** The server's label rule: 1–40 letters, digits, spaces, `_` or `-`, starting with a letter or digit. */
const LABEL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u;
const MAX_LABELS = 20;
const USER_ID_PATTERN = /^[0-9a-f]{32}$/;
/** ISO 3166-1 alpha-2, as the server accepts (the form offers the reporter form's countries). */
const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/** The form's starting values: the case as it is now. */
export function initialTriageValues(summary: CaseSummary): TriageValues {
  return {
    status: summary.status,
    outcome: summary.outcome ?? '',
    priority: summary.priority,
    deadline: summary.deadline ?? '',
    assignee: 'keep',
    labels: summary.labels.join(', '),
    incidentCategory: summary.codes.incidentCategory ?? '',
    hostCountry: summary.codes.hostCountry ?? '',
    month: summary.codes.month ?? '',
    legalHold: summary.legalHold,
  };
}

/**
 * Labels as typed: split on commas (Latin or Arabic `،`), trimmed, empty ones dropped,
 * duplicates removed. Null if one breaks the label rule or there are more than 20.
 */
export function parseLabels(text: string): string[] | null {
  const labels = [
    ...new Set(
      text
        .split(/[,،]/)
        .map((label) => label.trim().replace(/\s+/g, ' '))
        .filter(Boolean),
    ),
  ];
  if (labels.length > MAX_LABELS || !labels.every((label) => LABEL_PATTERN.test(label))) {
    return null;
  }
  return labels;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return values.find((candidate) => candidate === value);
}

/** The PATCH body for what changed, or the first problem found. */
export function triageChanges(
  current: CaseSummary,
  values: TriageValues,
  myUserId: string | null,
): TriageResult {
  const changes: TriageChanges = {};
  const status: CaseStatus | undefined = oneOf(CASE_STATUSES, values.status);
  const priority: CasePriority | undefined = oneOf(CASE_PRIORITIES, values.priority);
  if (!status || !priority) return { ok: false, problem: 'value_invalid' };
  if (status !== current.status) changes.status = status;
  if (status === 'closed') {
    const outcome: CaseOutcome | undefined = oneOf(CASE_OUTCOMES, values.outcome);
    if (!outcome) return { ok: false, problem: 'outcome_required' };
    if (outcome !== current.outcome) changes.outcome = outcome;
  }
  if (priority !== current.priority) changes.priority = priority;

  const deadline = values.deadline.trim();
  if (deadline !== '' && !DAY_PATTERN.test(deadline)) {
    return { ok: false, problem: 'deadline_invalid' };
  }
  if ((deadline || null) !== current.deadline) changes.deadline = deadline || null;

  const assignedId = current.assignee?.id ?? null;
  if (values.assignee === 'me') {
    if (myUserId !== null && myUserId !== assignedId) changes.assigneeId = myUserId;
  } else if (values.assignee === 'none') {
    if (assignedId !== null) changes.assigneeId = null;
  } else if (values.assignee !== 'keep') {
    const id = values.assignee.slice('user:'.length);
    if (!USER_ID_PATTERN.test(id)) return { ok: false, problem: 'value_invalid' };
    if (id !== assignedId) changes.assigneeId = id;
  }

  const labels = parseLabels(values.labels);
  if (labels === null) return { ok: false, problem: 'labels_invalid' };
  if (!sameSet(labels, current.labels)) changes.labels = labels;

  const chosen = values.incidentCategory;
  const category = chosen === '' ? null : (oneOf(INCIDENT_CATEGORIES, chosen) ?? undefined);
  if (category === undefined) return { ok: false, problem: 'value_invalid' };
  if (category !== current.codes.incidentCategory) changes.incidentCategory = category;

  const country = values.hostCountry === '' ? null : values.hostCountry;
  if (country !== null && !COUNTRY_PATTERN.test(country)) {
    return { ok: false, problem: 'value_invalid' };
  }
  if (country !== current.codes.hostCountry) changes.hostCountry = country;

  const month = values.month.trim();
  if (month !== '' && !MONTH_PATTERN.test(month)) return { ok: false, problem: 'month_invalid' };
  if ((month || null) !== current.codes.month) changes.incidentMonth = month || null;

  if (values.legalHold !== current.legalHold) changes.legalHold = values.legalHold;
  return { ok: true, changes };
}
