/**
 * Words for statistics keys, through the i18n layer. The server's labels are English; keys we
 * know (categories, outcomes, countries, periods) are translated here, anything else is shown
 * as the server's label, as text only.
 */
import {
  CASE_OUTCOMES,
  INCIDENT_CATEGORIES,
  type PeriodUnit,
  type StatsColumn,
} from '../../../contract/vocabulary';
import { displayText } from '../cases/safe-text';
import type { DashboardLocaleCode, DashboardTranslate } from '../i18n';
import type { StatsHeader } from './stats-api';

const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;

function regionName(locale: DashboardLocaleCode, code: string): string | null {
  try {
    const name = new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}

/** An incident category's words, or null when the code is not one of the reporter form's. */
export function categoryLabel(t: DashboardTranslate, code: string): string | null {
  const known = INCIDENT_CATEGORIES.find((candidate) => candidate === code);
  return known ? t(`incident.${known}`) : null;
}

/** A column header in the dashboard's language. */
export function columnLabel(
  t: DashboardTranslate,
  locale: DashboardLocaleCode,
  columns: StatsColumn,
  header: StatsHeader,
): string {
  const { key } = header;
  if (columns === 'category') {
    const known = categoryLabel(t, key);
    if (known) return known;
  } else if (columns === 'country') {
    if (key === 'other') return t('stats.country.other');
    if (/^[A-Z]{2}$/.test(key)) {
      const name = regionName(locale, key);
      return name ? `${name} (${key})` : key;
    }
  } else {
    if (key === 'open') return t('stats.outcome.open');
    const known = CASE_OUTCOMES.find((candidate) => candidate === key);
    if (known) return t(`case.outcome.${known}`);
  }
  return displayText(header.label.slice(0, 80));
}

/** A period: `2026-03` stays as it is; `2026-Q1` is written out in the dashboard's language. */
export function periodLabel(t: DashboardTranslate, header: StatsHeader): string {
  const quarter = QUARTER_KEY.exec(header.key);
  if (quarter)
    return t('stats.period.quarter', { year: quarter[1] ?? '', quarter: quarter[2] ?? '' });
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(header.key)
    ? header.key
    : displayText(header.label.slice(0, 40));
}

export function columnsName(t: DashboardTranslate, columns: StatsColumn): string {
  return t(`stats.columns.${columns}`);
}

export function unitName(t: DashboardTranslate, unit: PeriodUnit): string {
  return t(`stats.unit.${unit}`);
}

/** A column kind read from the ledger (any string): translated when known. */
export function ledgerColumnsName(t: DashboardTranslate, columns: string): string {
  return columns === 'category' || columns === 'country' || columns === 'outcome'
    ? columnsName(t, columns)
    : displayText(columns.slice(0, 40));
}

export function ledgerUnitName(t: DashboardTranslate, unit: string): string {
  return unit === 'month' || unit === 'quarter'
    ? unitName(t, unit)
    : displayText(unit.slice(0, 20));
}
