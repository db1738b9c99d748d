/**
 * The statistics form's values and the StatsRequest they become (docs/http-api.md
 * "Statistics"). Pure: no DOM, so the rules are easy to read and test. The server checks every
 * field again; these checks only give the analyst a clear message before a round trip.
 */
import {
  COUNTRY_PATTERN,
  MONTH_PATTERN,
  type Audience,
  type PeriodUnit,
  type StatsColumn,
} from '../../../contract/vocabulary';
import { type StatsOptions, type StatsRequest } from './stats-api';

export interface StatsFormValues {
  readonly columns: StatsColumn;
  readonly periodUnit: PeriodUnit;
  readonly from: string;
  readonly to: string;
  /** An ISO country code, or empty for every country. */
  readonly filterCountry: string;
  readonly audience: Audience;
  /** The id of a registered partner (options.partners), or empty. */
  readonly partnerId: string;
  readonly k: string;
  readonly roundingBase: string;
  readonly addNoise: boolean;
  readonly epsilon: string;
}

/** Why the form cannot be sent yet; each has its own message (`stats.problem.<name>`). */
export type StatsFormProblem =
  'months' | 'order' | 'quarters' | 'filter' | 'country' | 'partner' | 'k' | 'rounding' | 'epsilon';

export const MAX_MONTHS = 120;
export const MIN_EPSILON = 0.01;
export const MAX_EPSILON = 10;
export const MAX_K = 1000;
export const MAX_ROUNDING_BASE = 100;

/** Months since year 0, for arithmetic on `YYYY-MM`. */
function monthIndex(month: string): number {
  const [year = '0', number = '1'] = month.split('-');
  return Number(year) * 12 + Number(number) - 1;
}

function monthKey(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The last twelve complete months before `now` (the server refuses the current month). */
export function defaultRange(now: Date): { from: string; to: string } {
  const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return { from: monthKey(current - 12), to: monthKey(current - 1) };
}

/**
 * The range widened or cut to whole quarters: `from` back to the start of its quarter, `to`
 * back to the end of the last quarter it completes (a quarter never reaches past `to`).
 */
export function alignToQuarters(from: string, to: string): { from: string; to: string } {
  if (!MONTH_PATTERN.test(from) || !MONTH_PATTERN.test(to)) return { from, to };
  const start = monthIndex(from) - (monthIndex(from) % 3);
  let end = monthIndex(to);
  if (end % 3 !== 2) end = end - (end % 3) - 1;
  return { from: monthKey(start), to: monthKey(Math.max(end, start + 2)) };
}

function integerIn(value: string, min: number, max: number): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number >= min && number <= max ? number : null;
}

/**
 * The request for these values, or the first problem. A country filter is only for category or
 * outcome columns; a partner, one of the registered ones, only for a partner audience. Rounding
 * starts at the configured base: the server refuses less.
 */
export function buildStatsRequest(
  values: StatsFormValues,
  options: StatsOptions,
): { readonly request: StatsRequest } | { readonly problem: StatsFormProblem } {
  const { from, to } = values;
  if (!MONTH_PATTERN.test(from) || !MONTH_PATTERN.test(to)) return { problem: 'months' };
  const months = monthIndex(to) - monthIndex(from) + 1;
  if (months < 1 || months > MAX_MONTHS) return { problem: 'order' };
  if (values.periodUnit === 'quarter' && (monthIndex(from) % 3 !== 0 || monthIndex(to) % 3 !== 2)) {
    return { problem: 'quarters' };
  }
  let filter: StatsRequest['filter'];
  const country = values.filterCountry.trim().toUpperCase();
  if (country !== '') {
    if (values.columns === 'country') return { problem: 'filter' };
    if (!COUNTRY_PATTERN.test(country)) return { problem: 'country' };
    filter = { country };
  }
  const partner = options.partners.find((candidate) => candidate.id === values.partnerId);
  if (values.audience === 'partner' && !partner) return { problem: 'partner' };
  const minimumK = options.audiences[values.audience].k;
  const k = integerIn(values.k, minimumK, MAX_K);
  if (k === null) return { problem: 'k' };
  const roundingBase = integerIn(values.roundingBase, options.roundingBase, MAX_ROUNDING_BASE);
  if (roundingBase === null) return { problem: 'rounding' };
  let epsilon: number | undefined;
  if (values.addNoise) {
    const parsed = Number(values.epsilon.trim().replace(',', '.'));
    if (
      values.epsilon.trim() === '' ||
      !Number.isFinite(parsed) ||
      parsed < MIN_EPSILON ||
      parsed > MAX_EPSILON
    ) {
      return { problem: 'epsilon' };
    }
    epsilon = parsed;
  }
  return {
    request: {
      columns: values.columns,
      periodUnit: values.periodUnit,
      from,
      to,
      ...(filter ? { filter } : {}),
      audience: values.audience,
      ...(values.audience === 'partner' && partner ? { partnerId: partner.id } : {}),
      k,
      roundingBase,
      ...(epsilon !== undefined ? { epsilon } : {}),
    },
  };
}
