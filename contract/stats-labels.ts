/**
 * The one table of names a statistics release publishes: the server writes them into the CSV,
 * JSON and SVG files, and the dashboard shows the same names in the table and charts the
 * analyst reviews and confirms, so a category is called the same everywhere it appears.
 *
 * Published files are written in one language, English (PUBLICATION_LANGUAGE): releases go to
 * governments, the UN and partner organisations, a file's SHA-256 must not depend on who clicked
 * "Release", and releases in the ledger must stay comparable. The dashboard adds its own
 * translation beside a published name; it never replaces it.
 */
import {
  CASE_OUTCOMES,
  INCIDENT_CATEGORIES,
  type IncidentCategory,
  type StatsColumn,
} from './vocabulary';

export const PUBLICATION_LANGUAGE = 'en';

/** The column key of cases not closed yet (outcome columns). */
export const OPEN_OUTCOME = 'open';
/** The column key that pools countries with too few reports each (country columns). */
export const OTHER_COUNTRIES = 'other';
/**
 * The columns of an outcome table, in order: every case outcome, then the cases not closed yet.
 * The one list: the server tabulates by it, offers it as the form's outcomes, names it below.
 */
export const OUTCOME_COLUMN_KEYS = [...CASE_OUTCOMES, OPEN_OUTCOME] as const;
export type OutcomeColumnKey = (typeof OUTCOME_COLUMN_KEYS)[number];

/** Incident categories, worded as on the reporter form and in the dashboard (English). */
export const PUBLISHED_CATEGORY_NAMES: Readonly<Record<IncidentCategory, string>> = {
  threats_through_relatives: 'Threats or pressure through relatives',
  coercion_to_inform: 'Pressure to inform on or spy on others',
  online_harassment: 'Online harassment',
  surveillance: 'Surveillance or being followed',
  pressure_to_return: 'Pressure to return',
  document_problems: 'Passport or document problems',
  detention_or_deportation_risk: 'Risk of detention or deportation',
  asylum_problems: 'Problems in an asylum procedure',
  physical_intimidation: 'Physical intimidation',
  other: 'Something else',
};

export const PUBLISHED_OUTCOME_NAMES: Readonly<Record<OutcomeColumnKey, string>> = {
  resolved: 'Resolved',
  referred_elsewhere: 'Referred elsewhere',
  no_contact: 'No contact',
  withdrawn: 'Withdrawn',
  not_in_scope: 'Not in scope',
  other: 'Other',
  open: 'Not closed yet',
};

/** What a table's columns are, as the files' headers and chart titles say it. */
export const PUBLISHED_DIMENSION_NAMES: Readonly<Record<StatsColumn, string>> = {
  category: 'incident category',
  country: 'host country (ISO 3166-1)',
  outcome: 'outcome',
};

/**
 * The published name of a column key: a category or outcome by the tables above, a country by
 * its ISO 3166-1 code (language-neutral), the pooled countries with the threshold that pooled
 * them. A key outside the vocabulary is published as the key itself.
 */
export function publishedColumnName(columns: StatsColumn, key: string, k: number): string {
  if (columns === 'country') {
    return key === OTHER_COUNTRIES ? `Other countries (each fewer than ${k} reports)` : key;
  }
  if (columns === 'outcome') {
    const outcome = OUTCOME_COLUMN_KEYS.find((candidate) => candidate === key);
    return outcome ? PUBLISHED_OUTCOME_NAMES[outcome] : key;
  }
  const category = INCIDENT_CATEGORIES.find((candidate) => candidate === key);
  return category ? PUBLISHED_CATEGORY_NAMES[category] : key;
}
