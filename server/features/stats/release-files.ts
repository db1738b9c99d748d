/**
 * The files of a release: CSV (formula-safe), JSON and two SVG charts, each headed by the rules
 * applied and the statement that these are documented reports, not prevalence. Every name is
 * the published one (contract/stats-labels.ts): the files are English, and the dashboard shows
 * the analyst these same names before the release is confirmed.
 */
import { createHash } from 'node:crypto';
import { buildBarChart, buildLineChart, serializeSvg } from '../../../contract/stats-chart';
import { PUBLISHED_DIMENSION_NAMES, publishedColumnName } from '../../../contract/stats-labels';
import type { PublishedTable } from './publication';
import type { TableShape } from './stats-table';

export const STATEMENT =
  'Documented reports, not prevalence: these counts are reports that caseworkers coded, not a measure of how often these things happen.';
export const SUPPRESSED_MARK = 'x';
/**
 * The published files' format. 2: categories and outcomes carry the names of
 * contract/stats-labels.ts (format 1 named them from their codes), and the CSV lists the column keys.
 */
export const RELEASE_FORMAT = 'amanat-statistics/2';

export interface ReleaseHeader {
  id: string;
  createdOn: string; // YYYY-MM-DD
  shape: TableShape;
  audience: 'public' | 'partner';
  partner: string | null;
  k: number;
  roundingBase: number;
  epsilon: number | null;
  linkedReleases: number;
}

export interface ReleaseFiles {
  csv: string;
  json: string;
  svg: string;
  timelineSvg: string;
}

export function describeRules(header: ReleaseHeader): string[] {
  return [
    `Values from 1 to ${header.k - 1} are suppressed (k = ${header.k}), cells and totals alike; further values are suppressed so that no suppressed value can be shown to be below ${header.k} from this table, its totals and ${header.linkedReleases} earlier overlapping release(s).`,
    header.roundingBase > 1
      ? `Every published value is rounded to the nearest multiple of ${header.roundingBase}, independently: rows and columns need not add up.`
      : 'Values are not rounded.',
    header.epsilon === null
      ? 'No noise was added.'
      : `Laplace noise with ε = ${header.epsilon} (sensitivity 4) was added to every published value before rounding.`,
    'Periods are incident months as coded by caseworkers; only cases with a category, a country and a month are counted.',
  ];
}

export function buildReleaseFiles(
  header: ReleaseHeader,
  table: PublishedTable,
  rowKeys: readonly string[],
): ReleaseFiles {
  const { shape } = header;
  const columns = shape.columnKeys.map((key) => ({
    key,
    label: publishedColumnName(shape.columns, key, header.k),
  }));
  const period = `${shape.from} to ${shape.to} (by ${shape.periodUnit})`;
  const filter = shape.filter ? `country = ${shape.filter.country}` : 'none';
  const audience = header.audience === 'partner' ? `partner: ${header.partner ?? ''}` : 'public';
  const rules = describeRules(header);

  const csvRows: string[][] = [
    ['# Amanat anonymized statistics', STATEMENT],
    ['# release', header.id],
    ['# created', header.createdOn],
    ['# period', period],
    ['# columns', PUBLISHED_DIMENSION_NAMES[shape.columns]],
    ['# filter', filter],
    ['# audience', audience],
    ...rules.map((rule) => ['# rule', rule]),
    ['# suppressed values are written as', SUPPRESSED_MARK],
    ['# format', RELEASE_FORMAT],
    // Names may be reworded between formats; keys do not change, so releases compare by key.
    ['# column keys', ...columns.map((column) => column.key)],
    ['period', ...columns.map((column) => column.label), 'total'],
    ...rowKeys.map((key, r) => [
      key,
      ...table.cells[r]!.map(valueText),
      valueText(table.rowTotals[r]!),
    ]),
    ['total', ...table.columnTotals.map(valueText), valueText(table.grandTotal)],
  ];
  const csv = csvRows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

  const json =
    JSON.stringify(
      {
        format: RELEASE_FORMAT,
        statement: STATEMENT,
        release: { id: header.id, createdOn: header.createdOn },
        period: { from: shape.from, to: shape.to, unit: shape.periodUnit, text: period },
        columns: shape.columns,
        filter: shape.filter,
        audience: header.audience,
        partner: header.partner,
        rules: {
          k: header.k,
          roundingBase: header.roundingBase,
          noise:
            header.epsilon === null
              ? null
              : { mechanism: 'laplace', epsilon: header.epsilon, sensitivity: 4 },
          earlierReleasesLinked: header.linkedReleases,
          text: rules,
        },
        table: {
          rows: rowKeys,
          columns,
          cells: table.cells,
          rowTotals: table.rowTotals,
          columnTotals: table.columnTotals,
          grandTotal: table.grandTotal,
        },
      },
      null,
      2,
    ) + '\n';

  const chartText = `${STATEMENT} ${period}; filter: ${filter}.`;
  const svg = serializeSvg(
    buildBarChart({
      title: `Documented reports by ${PUBLISHED_DIMENSION_NAMES[shape.columns]}, ${period}`,
      description: chartText,
      bars: columns.map((column, c) => ({ label: column.label, value: table.columnTotals[c]! })),
      suppressedLabel: 'suppressed',
      direction: 'ltr',
    }),
  );
  const timelineSvg = serializeSvg(
    buildLineChart({
      title: `Documented reports over time, ${period}`,
      description: chartText,
      points: rowKeys.map((key, r) => ({ label: key, value: table.rowTotals[r]! })),
      suppressedLabel: 'suppressed',
      direction: 'ltr',
    }),
  );
  return { csv, json, svg, timelineSvg };
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function valueText(value: number | null): string {
  return value === null ? SUPPRESSED_MARK : String(value);
}

/**
 * Security: a spreadsheet runs a cell that starts with = + - @ (or tab / carriage return, which
 * some strip first) as a formula; a leading apostrophe makes it text (OWASP "CSV injection").
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
