/**
 * Statistics releases seen from the outside: a partner registered as an admin does, and the
 * exact joint audit (server/features/stats/linked-tables.ts) run on what releases published,
 * as an attacker holding them would — every published value known exactly, before rounding.
 */
import type { StatsPartner } from '../../server/features/stats';
import { LinkedTablesAttacker } from '../../server/features/stats/linked-tables';
import { tabulate, type CodeCount, type PlainTable } from '../../server/features/stats/stats-table';
import { buildCoreServices } from '../../server/services';
import type { CodedCase } from './coded-cases';
import type { TestApp } from './test-app';

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
