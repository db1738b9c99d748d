/**
 * Attack: a partner organisation holds its own releases and every public release. A partner
 * release and a public release of the same months, each safe alone, differenced together give
 * away a suppressed cell (here: January and February published by month, the quarter published
 * whole, so March's 2 is the quarter minus the two months). Every release is audited together
 * with what each audience receiving it already holds — the public's releases, and for a partner
 * the public's together with its own — so whichever comes second is suppressed further (or
 * refused). Checked from the outside with the exact joint audit, on the published tables.
 */
import { protectTable } from '../../server/features/stats/disclosure-control';
import { shapeFor, tabulate } from '../../server/features/stats/stats-table';
import { seedCodedCases, times, type CodedCase } from '../helpers/coded-cases';
import {
  codeCountsOf,
  provablySmallValues,
  registerPartner,
  type PublishedRelease,
} from '../helpers/stats-releases';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';

/** Safe month by month and as a quarter; March's small cells sit under the quarter's totals. */
function quarterOfCases(year: string): CodedCase[] {
  const at = (month: string, category: string, count: number) =>
    times(count, { month: `${year}-${month}`, category, country: 'DE' });
  return [
    ...at('01', 'threats_through_relatives', 15),
    ...at('01', 'surveillance', 20),
    ...at('02', 'threats_through_relatives', 15),
    ...at('02', 'surveillance', 3),
    ...at('03', 'threats_through_relatives', 2),
    ...at('03', 'online_harassment', 25),
    ...at('03', 'surveillance', 3),
  ];
}
const YEARS = { partnerFirst: '2025', publicFirst: '2024', legacyPartner: '2023' } as const;
const CASES = Object.values(YEARS).flatMap(quarterOfCases);
const COUNTS = codeCountsOf(CASES);

const byMonth = (year: string) =>
  ({ columns: 'category', periodUnit: 'month', from: `${year}-01`, to: `${year}-03` }) as const;
const byQuarter = (year: string) =>
  ({ columns: 'category', periodUnit: 'quarter', from: `${year}-01`, to: `${year}-03` }) as const;

describe('a partner release and a public release cannot be differenced', () => {
  let analyst: EnrolledStaff;
  let partnerId: string;

  const t = useTestApp({ label: 'stats-differencing', caseworkers: 1 });
  beforeAll(async () => {
    analyst = await enrolStaff(t, 'analyst.differencing', 'analyst');
    await seedCodedCases(t.connection, CASES);
    partnerId = (await registerPartner(t, 'Uyghur Human Rights Partner')).id;
  });

  /** Releases through the API; a release refused as too small publishes nothing. */
  const release = async (
    request: PublishedRelease['request'],
    audience: { audience: 'public' } | { audience: 'partner'; partnerId: string },
  ): Promise<PublishedRelease[]> => {
    // The partner gets the public threshold here, so one k speaks for every value audited.
    const body = { ...request, ...audience, k: 10 };
    const response = await analyst.client.post('/api/stats/releases', body);
    if (response.status === 422 && response.body.error.code === 'too_few_cases') return [];
    expect(response.status).toBe(201);
    return [{ request, table: response.body.release.table, k: response.body.release.risk.k }];
  };

  /** The same table protected alone, as before this defence: the attack is real. */
  const auditedAlone = (request: PublishedRelease['request']): PublishedRelease => {
    const table = tabulate(shapeFor({ ...request, audience: 'public' }, COUNTS, 10), COUNTS);
    const { suppressed } = protectTable(table, 10, [], COUNTS)!;
    const value = (r: number, c: number) => (suppressed[r]![c] ? null : table.grid[r]![c]!);
    const last = table.grid.length - 1;
    const lastColumn = table.grid[0]!.length - 1;
    return {
      request,
      k: 10,
      table: {
        columns: table.shape.columnKeys.map((key) => ({ key })),
        cells: table.grid
          .slice(0, last)
          .map((row, r) => row.slice(0, lastColumn).map((_, c) => value(r, c))),
        rowTotals: table.grid.slice(0, last).map((_, r) => value(r, lastColumn)),
        columnTotals: table.grid[last]!.slice(0, lastColumn).map((_, c) => value(last, c)),
        grandTotal: value(last, lastColumn),
      },
    };
  };

  test('when a partner release comes first then the public release of the same months gives the partner no suppressed cell', async () => {
    const year = YEARS.partnerFirst;
    const partnerReleases = await release(byMonth(year), { audience: 'partner', partnerId });
    expect(partnerReleases).toHaveLength(1);
    expect(partnerReleases[0]!.table.cells.flat()).toContain(null);
    expect(
      provablySmallValues([...partnerReleases, auditedAlone(byQuarter(year))], COUNTS),
    ).not.toEqual([]);

    const publicReleases = await release(byQuarter(year), { audience: 'public' });

    // The public holds the public release; the partner holds both.
    expect(provablySmallValues(publicReleases, COUNTS)).toEqual([]);
    expect(provablySmallValues([...partnerReleases, ...publicReleases], COUNTS)).toEqual([]);
  });

  test('when a public release comes first then the partner release of the same months gives the partner no suppressed cell', async () => {
    const year = YEARS.publicFirst;
    const publicReleases = await release(byQuarter(year), { audience: 'public' });
    expect(publicReleases).toHaveLength(1);
    expect(
      provablySmallValues([...publicReleases, auditedAlone(byMonth(year))], COUNTS),
    ).not.toEqual([]);

    const partnerReleases = await release(byMonth(year), { audience: 'partner', partnerId });

    expect(provablySmallValues([...publicReleases, ...partnerReleases], COUNTS)).toEqual([]);
  });

  test('when a partner release named by free text before the registry exists then a public release is audited with it too', async () => {
    const year = YEARS.legacyPartner;
    const legacyReleases = await release(byMonth(year), { audience: 'partner', partnerId });
    // What a release looked like before partners were registered: a typed name, no id.
    const updated = await t.connection
      .db!.collection('stats_releases')
      .updateOne(
        { 'shape.from': `${year}-01`, audience: 'partner' },
        { $set: { partner: 'partner a ' }, $unset: { partnerId: '' } },
      );
    expect(updated.modifiedCount).toBe(1);

    const publicReleases = await release(byQuarter(year), { audience: 'public' });

    expect(provablySmallValues([...legacyReleases, ...publicReleases], COUNTS)).toEqual([]);
  });
});
