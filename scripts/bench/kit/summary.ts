/**
 * One line of what a bench found, the same shape for every bench: the measure, its value, the
 * baseline measured in the same run, their ratio, the budget and whether it is met. And the
 * formats and tables every bench prints with.
 */

export interface SummaryRow {
  readonly measure: string;
  readonly value: string;
  /** Measured in the same run on the same machine ('—' where there is none). */
  readonly baseline: string;
  readonly ratio: string;
  readonly budget: string;
  /** 'yes' / 'no'; '—' where no number is set; 'FAIL' for a failed correctness check. */
  readonly met: string;
  /** What the line measures, for docs/performance.md. */
  readonly about: string;
}

type RowParts = Partial<Pick<SummaryRow, 'baseline' | 'ratio' | 'budget' | 'met'>> &
  Pick<SummaryRow, 'about'>;

/** A summary row; what it leaves out is '—'. */
export const row = (measure: string, value: string, parts: RowParts): SummaryRow => ({
  measure,
  value,
  ...{ baseline: '—', ratio: '—', budget: '—', met: '—' },
  ...parts,
});

export const fixed = (value: number, digits = 2): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '—';
export const ms = (value: number): string => `${fixed(value, value < 10 ? 2 : 1)} ms`;
export const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
export const yesNo = (ok: boolean): string => (ok ? 'yes' : 'no');
export const passFail = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
export const thousands = (n: number): string => n.toLocaleString('en');

/**
 * A plain-text table of `columns` ('|'-separated titles): the first column left-aligned, the
 * others right-aligned unless `left` names them; a rule under the header.
 */
export function table(
  columns: string,
  rows: readonly (readonly string[])[],
  left: readonly number[] = [0],
): string[] {
  const header = columns.split('|');
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (left.includes(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

const SUMMARY_COLUMNS = 'measure|value|baseline (same run)|ratio|budget|met?';
const cells = (r: SummaryRow) => [r.measure, r.value, r.baseline, r.ratio, r.budget, r.met];

/** The summary as printed: every column left-aligned but the ratio. */
export const summaryTable = (rows: readonly SummaryRow[]): string[] =>
  table(SUMMARY_COLUMNS, rows.map(cells), [0, 1, 2, 4, 5]);

/** The summary as a Markdown table (the ratio right-aligned). */
export function markdownTable(rows: readonly SummaryRow[]): string[] {
  const line = (row: readonly string[]): string => `| ${row.join(' | ')} |`;
  return [
    line(SUMMARY_COLUMNS.split('|')),
    line(['---', '---', '---', '--:', '---', '---']),
    ...rows.map((r) => line(cells(r).map((cell) => cell.replaceAll('|', '\\|')))),
  ];
}
