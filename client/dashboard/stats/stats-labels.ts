/**
 * Words for statistics keys. A column (category, country, outcome) is shown by its published
 * name — the label the server sends, which is the one name the release files carry
 * (contract/stats-labels.ts) — and, when the dashboard's language says it otherwise, by its
 * translation beside it. Periods, units and column kinds are translated through the i18n layer;
 * anything unknown is shown as text only.
 */
import { OPEN_OUTCOME, OTHER_COUNTRIES } from '../../../contract/stats-labels';
import {
  CASE_OUTCOMES,
  INCIDENT_CATEGORIES,
  MAX_PARTNER_NAME_LENGTH,
  type PeriodUnit,
  type StatsColumn,
} from '../../../contract/vocabulary';
import { element } from '../../shared/dom';
import { displayText } from '../cases/safe-text';
import type { DashboardLocaleCode, DashboardTranslate } from '../i18n';
import type { StatsHeader } from './stats-api';

/** The most characters of a published column name shown (the longest published is far shorter). */
const MAX_COLUMN_NAME = 80;

const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text from the server for display, bounded to `max` characters as a reader counts them
 * (graphemes): a cut never splits a surrogate pair, an emoji sequence or a letter from its
 * marks, and says it cut with an ellipsis. Invisible controls are made visible (displayText).
 */
export function shownText(text: string, max: number): string {
  let count = 0;
  for (const { index } of GRAPHEMES.segment(text)) {
    if (count === max) return `${displayText(text.slice(0, index))}…`;
    count += 1;
  }
  return displayText(text);
}

/** Where a translated sentence takes a partner's name (no catalogue holds a NUL). */
const NAME_SLOT = '\u0000';

/**
 * A sentence that names a partner, as nodes: the name bounded (shownText) and in its own
 * <bdi>, so an Arabic-script or other right-to-left name cannot reorder the sentence's words
 * around it, whatever the dashboard's direction.
 */
export function partnerSentence(
  t: DashboardTranslate,
  key: 'stats.confirm.toPartner' | 'stats.ledger.partner' | 'stats.ledger.legacyPartner',
  name: string,
): (Node | string)[] {
  const [before = '', after = ''] = t(key, { partner: NAME_SLOT }).split(NAME_SLOT);
  const shown = element('bdi', { class: 'partner-name' }, [
    shownText(name, MAX_PARTNER_NAME_LENGTH),
  ]);
  return [before, shown, after];
}

const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;

function regionName(locale: DashboardLocaleCode, code: string): string | null {
  try {
    const name = new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(code);
    return name && name !== code ? name : null;
  } catch {
    return null;
  }
}

/** A column as released, and in the dashboard's language when that reads differently. */
export interface ColumnNames {
  /** Exactly as the CSV, JSON and SVG files name it. */
  readonly published: string;
  /** The dashboard's words for it, or null when they are the published name. */
  readonly translation: string | null;
}

function translatedColumn(
  t: DashboardTranslate,
  locale: DashboardLocaleCode,
  columns: StatsColumn,
  key: string,
): string | null {
  if (columns === 'category') {
    const known = INCIDENT_CATEGORIES.find((candidate) => candidate === key);
    return known ? t(`incident.${known}`) : null;
  }
  if (columns === 'country') {
    if (key === OTHER_COUNTRIES) return t('stats.country.other');
    return /^[A-Z]{2}$/.test(key) ? regionName(locale, key) : null;
  }
  if (key === OPEN_OUTCOME) return t('stats.outcome.open');
  const known = CASE_OUTCOMES.find((candidate) => candidate === key);
  return known ? t(`case.outcome.${known}`) : null;
}

/** A column's names: the server's label is its published name (the name its files carry). */
export function columnNames(
  t: DashboardTranslate,
  locale: DashboardLocaleCode,
  columns: StatsColumn,
  header: StatsHeader,
): ColumnNames {
  const published = shownText(header.label, MAX_COLUMN_NAME);
  const translation = translatedColumn(t, locale, columns, header.key);
  const same =
    translation === null ||
    translation.toLocaleLowerCase(locale) === published.toLocaleLowerCase(locale);
  return { published, translation: same ? null : translation };
}

/** A period: `2026-03` stays as it is; `2026-Q1` is written out in the dashboard's language. */
export function periodLabel(t: DashboardTranslate, header: StatsHeader): string {
  const quarter = QUARTER_KEY.exec(header.key);
  if (quarter)
    return t('stats.period.quarter', { year: quarter[1] ?? '', quarter: quarter[2] ?? '' });
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(header.key) ? header.key : shownText(header.label, 40);
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
    : shownText(columns, 40);
}

export function ledgerUnitName(t: DashboardTranslate, unit: string): string {
  return unit === 'month' || unit === 'quarter' ? unitName(t, unit) : shownText(unit, 20);
}
