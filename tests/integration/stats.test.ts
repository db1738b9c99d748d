/**
 * Anonymized statistics: an analyst previews and releases protected tables built from
 * triage codes; every bad request is refused with a specific error and changes nothing.
 */
import { createHash } from 'node:crypto';
import { seedCodedCases, times, type CodedCase } from '../helpers/coded-cases';
import { MONTHS_OF_CATEGORIES } from '../helpers/stats-releases';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, StaffClient, type EnrolledStaff } from '../helpers/staff';

const THIS_MONTH = new Date().toISOString().slice(0, 7);
/** The table every request here asks for, or changes one field of. */
const TABLE = MONTHS_OF_CATEGORIES;

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

interface PreviewBody {
  table: {
    rows: { key: string }[];
    columns: { key: string }[];
    cells: (number | null)[][];
    rowTotals: (number | null)[];
    columnTotals: (number | null)[];
  };
  risk: { cellsSuppressed: number; smallestPublished: number };
}

describe('statistics', () => {
  const t = useTestApp({ label: 'stats', caseworkers: 1 });
  let analyst: EnrolledStaff;
  const releasesCount = async () =>
    await t.connection.db!.collection('stats_releases').countDocuments();

  beforeAll(async () => {
    analyst = await enrolStaff(t, 'emin', 'analyst');
    await seedCodedCases(t.connection, [
      ...CASES,
      ...times(5, { month: '2025-03', category: null, country: 'DE' }),
    ]);
  });

  test('when an analyst previews a table then small values are hidden and the rest rounded', async () => {
    const response = await analyst.client.post('/api/stats/preview', TABLE);
    expect(response.status).toBe(200);
    const { table, risk } = response.body as PreviewBody;
    expect(table.rows.map((row) => row.key)).toEqual(['2025-01', '2025-02', '2025-03']);
    const threats = table.columns.findIndex((c) => c.key === 'threats_through_relatives');
    // The 3 in March is hidden, and so is what would give it away.
    expect(table.cells[2]![threats]).toBeNull();
    for (const value of [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals]) {
      if (value !== null) expect(value % 5).toBe(0);
    }
    expect(risk).toMatchObject({ k: 10, roundingBase: 5, epsilon: null, budgetExceeded: false });
    expect(risk.cellsSuppressed).toBeGreaterThanOrEqual(2);
    expect(risk.smallestPublished).toBeGreaterThanOrEqual(10);
  });
  test('when an analyst releases a table then the files, the ledger and the audit log agree', async () => {
    const response = await analyst.client.post('/api/stats/releases', TABLE);
    expect(response.status).toBe(201);
    const { release } = response.body as {
      release: { id: string; files: Record<string, string>; sha256: Record<string, string> };
    };
    expect(release.files['csv']!.toLowerCase()).toContain('documented reports, not prevalence');
    for (const format of ['csv', 'json', 'svg', 'timelineSvg'] as const) {
      const digest = createHash('sha256').update(release.files[format]!, 'utf8').digest('hex');
      expect(release.sha256[format]).toBe(digest);
    }
    const ledger = await analyst.client.get('/api/stats/releases');
    expect(ledger.status).toBe(200);
    expect(ledger.body.releases[0]).toMatchObject({ id: release.id, sha256: release.sha256 });
    const audit = await t.connection
      .db!.collection('audit_log')
      .findOne({ event: 'stats.released' });
    expect(audit?.['details']).toMatchObject({
      release: release.id,
      columns: 'category',
      from: '2025-01',
      to: '2025-03',
      sha256Csv: release.sha256.csv,
    });
    expect(audit?.['actor']).toMatch(/^account:[0-9a-f]{32}$/);
    // The next overlapping table is audited together with this one.
    const next = await analyst.client.post('/api/stats/preview', {
      ...TABLE,
      periodUnit: 'quarter',
    });
    expect(next.body.risk.earlierReleasesConsidered).toBe(1);
  });

  test('when releases add noise then the ε ledger adds up and warns past the budget', async () => {
    const noisy = { ...TABLE, columns: 'outcome', epsilon: 1.5 };
    const first = await analyst.client.post('/api/stats/releases', noisy);
    expect(first.status).toBe(201);
    expect(first.body.release.risk).toMatchObject({
      epsilon: 1.5,
      epsilonSpent: 1.5,
      budgetExceeded: false,
    });
    const before = await releasesCount();
    const preview = await analyst.client.post('/api/stats/preview', noisy);
    expect(preview.body.risk).toMatchObject({
      epsilonSpent: 3,
      epsilonBudget: 2,
      budgetExceeded: true,
    });
    const refused = await analyst.client.post('/api/stats/releases', noisy);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('epsilon_budget_spent');
    expect(await releasesCount()).toBe(before);
    const confirmed = await analyst.client.post('/api/stats/releases', {
      ...noisy,
      confirmBudgetOverrun: true,
    });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.release.risk.epsilonSpent).toBe(3);
  });

  test.each([
    ['an unknown column', { ...TABLE, columns: 'city' }, 400, 'columns'],
    ['an operator', { ...TABLE, from: { $gt: '' } }, 400, 'from'],
    ['an extra field', { ...TABLE, reporterIp: '1.2.3.4' }, 400, 'reporterIp'],
    ['a month not ended yet', { ...TABLE, from: THIS_MONTH, to: THIS_MONTH }, 400, 'ended'],
    [
      'a quarter not aligned',
      { ...TABLE, periodUnit: 'quarter', from: '2025-02' },
      400,
      'Quarterly',
    ],
    [
      'a country filter on country columns',
      { ...TABLE, columns: 'country', filter: { country: 'DE' } },
      400,
      'filter',
    ],
    ['a partner release without a partner', { ...TABLE, audience: 'partner' }, 400, 'partner'],
    ['k below the configured minimum', { ...TABLE, k: 4 }, 400, 'at least 10'],
    ['a range over ten years', { ...TABLE, from: '2010-01' }, 400, '120 months'],
    [
      'too few cases',
      { ...TABLE, filter: { country: 'TR' }, from: '2025-03', to: '2025-03' },
      422,
      'Too few',
    ],
  ])(
    'when the request has %s then it is refused and nothing is stored',
    async (_name, body, status, words) => {
      const before = await releasesCount();
      const response = await analyst.client.post('/api/stats/releases', body);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(
        status === 422 ? 'too_few_cases' : 'invalid_stats_request',
      );
      expect(response.body.error.message).toContain(words);
      expect(await releasesCount()).toBe(before);
    },
  );

  test('when a caseworker or a signed-out client asks for statistics then they are refused', async () => {
    const caseworker = await enrolStaff(t, 'gulshan');
    expect((await caseworker.client.post('/api/stats/preview', TABLE)).body.error.code).toBe(
      'role_forbidden',
    );
    const anonymous = new StaffClient(t.app, t.config.publicOrigin);
    expect((await anonymous.get('/api/stats/options')).status).toBe(401);
  });

  test('when the write has no CSRF token then it is refused', async () => {
    const response = await analyst.client.post('/api/stats/preview', TABLE, { csrf: false });
    expect(response.status).toBe(403);
  });
});
