/**
 * Statistics releases seen from the outside: a partner registered as an admin does, and the
 * exact joint audit (server/features/stats/linked-tables.ts) run on what releases published,
 * as an attacker holding them would — every published value known exactly, before rounding.
 */
import type { StatsPartner } from '../../server/features/stats';
import { LinkedTablesAttacker } from '../../server/features/stats/linked-tables';
import { tabulate, type CodeCount, type PlainTable } from '../../server/features/stats/stats-table';
import { buildCoreServices } from '../../server/services';
import { seedCodedCases, times, type CodedCase } from './coded-cases';
import { enrolStaff, type EnrolledStaff } from './staff';
import type { TestApp } from './test-app';

/** A public table of categories over the first quarter of 2025, one row for the quarter. */
export const QUARTER_OF_CATEGORIES = {
  columns: 'category',
  periodUnit: 'quarter',
  from: '2025-01',
  to: '2025-03',
  audience: 'public',
} as const;

/** A public table of categories over the first quarter of 2025, one row per month. */
export const MONTHS_OF_CATEGORIES = {
  columns: 'category',
  periodUnit: 'month',
  from: '2025-01',
  to: '2025-03',
  audience: 'public',
} as const;

/** The shape of a monthly table of categories over one month, less its column keys. */
export function monthOfCategories(month: string) {
  return {
    columns: 'category',
    periodUnit: 'month',
    from: month,
    to: month,
    filter: null,
  } as const;
}

/**
 * Codes three months of cases (each month's one code above any k) and enrols an analyst: the
 * set-up of the tests that ask for QUARTER_OF_CATEGORIES and what differs from it.
 */
export async function analystWithCodedQuarter(
  t: TestApp,
  username: string,
): Promise<EnrolledStaff> {
  await seedCodedCases(t.connection, [
    ...times(23, { month: '2025-01', category: 'surveillance', country: 'DE' }),
    ...times(31, { month: '2025-02', category: 'online_harassment', country: 'NL' }),
    ...times(17, { month: '2025-03', category: 'surveillance', country: 'TR' }),
  ]);
  return await enrolStaff(t, username, 'analyst');
}

/** Releases and audit entries stored so far: a refused request must leave both as they were. */
export async function releasesAndAudit(t: TestApp): Promise<{ releases: number; audit: number }> {
  const db = t.connection.db!;
  return {
    releases: await db.collection('stats_releases').countDocuments(),
    audit: await db.collection('audit_log').countDocuments(),
  };
}

/** Registers a partner the way `partner:add` does (actor admin-cli, audited). */
export async function registerPartner(t: TestApp, name: string): Promise<StatsPartner> {
  // On real time, as the CLI runs (the app's services keep the test's clock).
  return await buildCoreServices({ connection: t.connection }).statsPartners.register(
    'admin-cli',
    name,
  );
}

/** The seeded cases as the statistics count them (each coded case once). */
export function codeCountsOf(cases: readonly CodedCase[]): CodeCount[] {
  return cases
    .filter((c) => c.category !== null)
    .map((c) => ({
      month: c.month,
      category: c.category!,
      country: c.country,
      outcome: c.outcome ?? 'open',
      count: 1,
    }));
}

export interface PublishedRelease {
  /** What was asked for (columns, period, filter) … */
  readonly request: {
    readonly columns: 'category' | 'country' | 'outcome';
    readonly periodUnit: 'month' | 'quarter';
    readonly from: string;
    readonly to: string;
    readonly filter?: { readonly country: string };
  };
  /** … and the table the API answered: null is a suppressed value. */
  readonly table: {
    readonly columns: readonly { readonly key: string }[];
    readonly cells: readonly (readonly (number | null)[])[];
    readonly rowTotals: readonly (number | null)[];
    readonly columnTotals: readonly (number | null)[];
    readonly grandTotal: number | null;
  };
  readonly k: number;
}

/**
 * Every value some release suppressed whose true value is from 1 to that release's k − 1 and
 * which an attacker holding all of `releases` can prove below k: what must never happen.
 */
export function provablySmallValues(
  releases: readonly PublishedRelease[],
  counts: readonly CodeCount[],
): string[] {
  const tables = releases.map(({ request, table }) => {
    const plain: PlainTable = tabulate(
      {
        columns: request.columns,
        periodUnit: request.periodUnit,
        from: request.from,
        to: request.to,
        filter: request.filter ?? null,
        columnKeys: table.columns.map((column) => column.key),
      },
      counts,
    );
    const published = [
      ...table.cells.map((row, r) => [...row, table.rowTotals[r]!]),
      [...table.columnTotals, table.grandTotal],
    ];
    expect(published.map((row) => row.length)).toEqual(plain.grid.map((row) => row.length));
    return { table: plain, suppressed: published.map((row) => row.map((v) => v === null)) };
  });
  const attacker = new LinkedTablesAttacker(tables, counts);
  const exposed: string[] = [];
  tables.forEach(({ table, suppressed }, t) =>
    table.grid.forEach((row, r) =>
      row.forEach((value, c) => {
        const { k } = releases[t]!;
        if (!suppressed[r]![c] || value === 0 || value >= k) return;
        if (attacker.canProveBelow(t, r, c, k)) {
          exposed.push(
            `release ${t} (${table.shape.from}..${table.shape.to}) value (${r}, ${c}) = ${value}`,
          );
        }
      }),
    ),
  );
  return exposed;
}
