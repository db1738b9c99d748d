/**
 * The plaintext triage vocabulary (SECURITY.md "What is stored or logged in plaintext"): statuses,
 * outcomes, priorities and the statistics codes analysts aggregate, from the API contract the
 * dashboard and the reporter's form share.
 */
export {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  COUNTRY_PATTERN,
  DAY_PATTERN,
  INCIDENT_CATEGORIES,
  LABEL_PATTERN,
  MONTH_PATTERN,
  type CaseOutcome,
  type CasePriority,
  type CaseStatus,
  type IncidentCategory,
} from '../../../contract/vocabulary';
