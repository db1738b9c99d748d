/**
 * The plain (unprotected) two-way table: rows are periods, columns one code, plus a totals row
 * and a totals column. Values here are true counts and never leave the server; protection
 * (disclosure-control.ts) and publication (publication.ts) work on this grid.
 */
import { OPEN_OUTCOME, OTHER_COUNTRIES, OUTCOME_COLUMN_KEYS } from '../../../contract/stats-labels';
import { INCIDENT_CATEGORIES } from '../cases';
import type { PeriodUnit, StatsColumn, StatsRequest } from './stats.schema';

/** One group of coded cases with the same codes: the unit the database aggregates to. */
export interface CodeCount {
  month: string; // YYYY-MM, the incident month
  category: string;
  country: string;
  outcome: string; // a case outcome, or OPEN_OUTCOME for cases not closed
  count: number;
}

export { OPEN_OUTCOME, OTHER_COUNTRIES };
export const NO_COLUMN = -1;

export type TableFilter = { country: string } | null;

/**
 * What a table publishes, without values. Releases keep it in the ledger so that a later
 * release is audited together with every earlier one (the attacker has both).
 */
export interface TableShape {
  columns: StatsColumn;
  periodUnit: PeriodUnit;
  from: string;
  to: string;
  filter: TableFilter;
  /** Column keys in order; `other` (countries only) means every country not listed. */
  columnKeys: string[];
}

/**
 * A table with its true counts as a (rows + 1) × (columns + 1) grid: the last row holds the
 * column totals, the last column the row totals, the corner the grand total.
 */
export interface PlainTable {
  shape: TableShape;
  rowKeys: string[];
  grid: number[][];
}

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to) return months;
    months.push(key);
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

export function periodOf(month: string, unit: PeriodUnit): string {
  if (unit === 'month') return month;
  const quarter = Math.ceil(Number(month.slice(5, 7)) / 3);
  return `${month.slice(0, 4)}-Q${quarter}`;
}

export function periodKeysOf(shape: Pick<TableShape, 'from' | 'to' | 'periodUnit'>): string[] {
  return [
    ...new Set(monthsBetween(shape.from, shape.to).map((m) => periodOf(m, shape.periodUnit))),
  ];
}

export function columnValueOf(count: CodeCount, columns: StatsColumn): string {
  return columns === 'category'
    ? count.category
    : columns === 'country'
      ? count.country
      : count.outcome;
}

export function matchesFilter(count: CodeCount, filter: TableFilter): boolean {
  if (!filter) return true;
  return count.country === filter.country;
}

export function isInRange(count: CodeCount, shape: Pick<TableShape, 'from' | 'to'>): boolean {
  return count.month >= shape.from && count.month <= shape.to;
}

/**
 * The grid cell (row, column) a group of cases falls into, or null when the table does not
 * count it (outside the period or the filter). The column is NO_COLUMN for a country that an
 * earlier table did not list and had no `other` for: it still counts in the row total.
 */
export function cellOf(
  shape: TableShape,
  rowIndex: ReadonlyMap<string, number>,
  columnIndex: ReadonlyMap<string, number>,
  count: CodeCount,
): [number, number] | null {
  if (!isInRange(count, shape) || !matchesFilter(count, shape.filter)) return null;
  const row = rowIndex.get(periodOf(count.month, shape.periodUnit));
  const value = columnValueOf(count, shape.columns);
  const column = columnIndex.get(value) ?? columnIndex.get(OTHER_COUNTRIES) ?? NO_COLUMN;
  if (row === undefined) return null;
  return [row, column];
}

export function indexOf(keys: readonly string[]): Map<string, number> {
  return new Map(keys.map((key, index) => [key, index]));
}

/**
 * Chooses the columns of a new table. Countries whose total over the period is below k are
 * grouped as `other` (global recoding: fewer small cells to suppress); the countries in `other`
 * are not named anywhere.
 */
export function shapeFor(
  request: StatsRequest,
  counts: readonly CodeCount[],
  k: number,
): TableShape {
  const filter: TableFilter = request.filter ?? null;
  const base = {
    columns: request.columns,
    periodUnit: request.periodUnit,
    from: request.from,
    to: request.to,
    filter,
  };
  if (request.columns === 'category') return { ...base, columnKeys: [...INCIDENT_CATEGORIES] };
  if (request.columns === 'outcome') return { ...base, columnKeys: [...OUTCOME_COLUMN_KEYS] };
  const totals = new Map<string, number>();
  for (const count of counts) {
    if (!isInRange(count, base) || !matchesFilter(count, filter)) continue;
    totals.set(count.country, (totals.get(count.country) ?? 0) + count.count);
  }
  const listed = [...totals].filter(([, total]) => total >= k).map(([country]) => country);
  listed.sort();
  const hasOther = [...totals].some(([, total]) => total < k);
  return { ...base, columnKeys: hasOther ? [...listed, OTHER_COUNTRIES] : listed };
}

/** Fills the grid of a shape from the current counts (also used for earlier releases' shapes). */
export function tabulate(shape: TableShape, counts: readonly CodeCount[]): PlainTable {
  const rowKeys = periodKeysOf(shape);
  const rows = rowKeys.length;
  const columns = shape.columnKeys.length;
  const grid = Array.from({ length: rows + 1 }, () => new Array<number>(columns + 1).fill(0));
  const rowIndex = indexOf(rowKeys);
  const columnIndex = indexOf(shape.columnKeys);
  for (const count of counts) {
    const cell = cellOf(shape, rowIndex, columnIndex, count);
    if (!cell) continue;
    const [row, column] = cell;
    const cells = column === NO_COLUMN ? [columns] : [column, columns];
    for (const r of [row, rows]) for (const c of cells) grid[r]![c]! += count.count;
  }
  return { shape, rowKeys, grid };
}
