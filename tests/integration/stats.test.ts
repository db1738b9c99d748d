/**
 * Anonymized statistics (issue 6): an analyst previews and releases protected tables built from
 * triage codes; every bad request is refused with a specific error and changes nothing.
 */
import { createHash } from 'node:crypto';
import { seedCodedCases, times, type CodedCase } from '../helpers/coded-cases';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { enrolStaff, StaffClient, type EnrolledStaff } from '../helpers/staff';

const TABLE = {
  columns: 'category',
  periodUnit: 'month',
  from: '2025-01',
  to: '2025-03',
  audience: 'public',
} as const;

/** Big cells everywhere in January and February; March has one small cell (3 cases). */
const CASES: CodedCase[] = [
  ...times(23, { month: '2025-01', category: 'threats_through_relatives', country: 'DE' }),
  ...times(17, {
    month: '2025-01',
    category: 'online_harassment',
    country: 'TR',
    outcome: 'resolved',
  }),
  ...times(12, { month: '2025-02', category: 'threats_through_relatives', country: 'DE' }),
  ...times(31, { month: '2025-02', category: 'online_harassment', country: 'NL' }),
  ...times(3, { month: '2025-03', category: 'threats_through_relatives', country: 'DE' }),
  ...times(26, { month: '2025-03', category: 'online_harassment', country: 'DE' }),
];

describe('statistics', () => {
  let t: TestApp;
  let analyst: EnrolledStaff;
  const releasesCount = async () =>
    await t.connection.db!.collection('stats_releases').countDocuments();

  beforeAll(async () => {
    t = await createTestApp({ label: 'stats', caseworkers: 1 });
    analyst = await enrolStaff(t, 'emin', 'analyst');
    await seedCodedCases(t.connection, [
      ...CASES,
      ...times(5, { month: '2025-03', category: null, country: 'DE' }),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  test('when an analyst previews a table then small values are hidden and the rest rounded', async () => {
    const response = await analyst.client.post('/api/stats/preview', TABLE);
    expect(response.status).toBe(200);
    const { table, risk } = response.body;
    expect(table.rows.map((row: { key: string }) => row.key)).toEqual([
      '2025-01',
      '2025-02',
      '2025-03',
    ]);
    const threats = table.columns.findIndex(
      (c: { key: string }) => c.key === 'threats_through_relatives',
    );
    // The 3 in March is hidden, and so is what would give it away.
    expect(table.cells[2][threats]).toBeNull();
    for (const value of [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals]) {
      if (value !== null) expect(value % 5).toBe(0);
    }
    expect(risk).toMatchObject({ k: 10, roundingBase: 5, epsilon: null, budgetExceeded: false });
    expect(risk.cellsSuppressed).toBeGreaterThanOrEqual(2);
    expect(risk.smallestPublished).toBeGreaterThanOrEqual(10);
  });
});
