/**
 * Release files: CSV cells are neutralised against formula injection, and every file states
 * the rules and "documented reports, not prevalence".
 */
import {
  buildReleaseFiles,
  csvCell,
  RELEASE_FORMAT,
  type ReleaseHeader,
} from '../../../../../server/features/stats/release-files';

const HEADER: ReleaseHeader = {
  id: 'f'.repeat(32),
  createdOn: '2026-01-05',
  shape: {
    columns: 'category',
    periodUnit: 'quarter',
    from: '2025-01',
    to: '2025-06',
    filter: { country: 'DE' },
    columnKeys: ['threats_through_relatives', 'surveillance'],
  },
  audience: 'partner',
  partner: 'Human Rights Partner',
  k: 5,
  roundingBase: 5,
  epsilon: 0.5,
  linkedReleases: 1,
};
const TABLE = {
  cells: [
    [10, null],
    [20, 15],
  ],
  rowTotals: [null, 35],
  columnTotals: [30, null],
  grandTotal: 45,
};

describe('release files', () => {
  test.each(['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'])(
    'when a CSV cell starts like a formula (%j) then it is made text',
    (text) => {
      const cell = csvCell(text);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted.startsWith("'")).toBe(true);
      expect(unquoted.slice(1)).toBe(text);
    },
  );

  test('ordinary cells are left as they are, commas and quotes quoted', () => {
    expect(csvCell('2025-Q1')).toBe('2025-Q1');
    expect(csvCell('15')).toBe('15');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
  });

  test('every file states the rules, the period and "documented reports, not prevalence"', () => {
    const files = buildReleaseFiles(HEADER, TABLE, ['2025-Q1', '2025-Q2']);
    for (const text of [files.csv, files.json, files.svg, files.timelineSvg]) {
      expect(text.toLowerCase()).toContain('documented reports, not prevalence');
      expect(text).toContain('2025-01 to 2025-06');
    }
    expect(files.csv).toContain('k = 5');
    expect(files.csv).toContain('nearest multiple of 5');
    expect(files.csv).toContain('ε = 0.5');
    expect(files.csv).toContain('country = DE');
    expect(files.csv).toContain('2025-Q1,10,x,x');
    // The format names the wording; the keys line lets releases of either format be compared.
    expect(files.csv).toContain(`\r\n# format,${RELEASE_FORMAT}\r\n`);
    expect(files.csv).toMatch(/\r\n# column keys(,[A-Za-z0-9_]+)+\r\nperiod,/);
    expect(JSON.parse(files.json).format).toBe(RELEASE_FORMAT);
    const json = JSON.parse(files.json);
    expect(json.rules).toMatchObject({
      k: 5,
      roundingBase: 5,
      noise: { mechanism: 'laplace', epsilon: 0.5 },
    });
    expect(json.table.cells).toEqual(TABLE.cells);
    expect(files.svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg /);
    expect(files.svg).not.toContain('<script');
  });

  test('no CSV cell of a release can start a formula', () => {
    const files = buildReleaseFiles(HEADER, TABLE, ['2025-Q1', '2025-Q2']);
    for (const line of files.csv.trimEnd().split('\r\n')) {
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) {
        const text = cell.replace(/,$/, '').replace(/^"|"$/g, '');
        expect(text).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });
});
