/**
 * The plaintext triage vocabulary (DESIGN.md "What the server may know"): statuses, outcomes,
 * priorities and the statistics codes analysts aggregate. Incident categories are the reporter
 * form's incident types (client/reporter/report-document.ts; a unit test keeps them equal).
 */
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

/** In urgency order: the index is the sort rank. */
export const CASE_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];

export const INCIDENT_CATEGORIES = [
  'threats_through_relatives',
  'coercion_to_inform',
  'online_harassment',
  'surveillance',
  'pressure_to_return',
  'document_problems',
  'detention_or_deportation_risk',
  'asylum_problems',
  'physical_intimidation',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** ISO 3166-1 alpha-2; countries only, never a city (DESIGN.md "Anonymized statistics"). */
export const COUNTRY_PATTERN = /^[A-Z]{2}$/;
/** Labels are short tags chosen by caseworkers, not free text about the reporter. */
export const LABEL_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,39}$/u;
