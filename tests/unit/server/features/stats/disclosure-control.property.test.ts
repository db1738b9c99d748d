/**
 * The disclosure promise, as properties over random case sets: no published table — alone, with
 * its totals, or together with the previous release — lets anyone prove a value below k; a
 * public table audited for several audiences is safe for each (the public, and a partner that
 * also holds its own release).
 *
 * The attacker here is written independently of the production audit (linked-tables.ts): it
 * uses another solver (javascript-lp-solver, integer mode), one variable per possible
 * combination of month, column code and filter country (not only those with cases), and it is
 * given every published value exactly, before rounding.
 */
import fc from 'fast-check';
import solver from 'javascript-lp-solver';
import {
  protectTable,
  type EarlierTable,
} from '../../../../../server/features/stats/disclosure-control';
import {
  monthsBetween,
  periodOf,
  shapeFor,
  tabulate,
  type CodeCount,
  type PlainTable,
} from '../../../../../server/features/stats/stats-table';
import type { StatsRequest } from '../../../../../server/features/stats';
import { INCIDENT_CATEGORIES } from '../../../../../server/features/cases';

const MONTHS = monthsBetween('2025-01', '2025-06');
const COUNTRIES = ['DE', 'NL'];

interface Release {
  request: StatsRequest;
  table: PlainTable;
  suppressed: boolean[][];
  k: number;
}

/** Random coded cases: sparse, mostly small groups, so many values fall below k. */
const caseSets = fc
  .array(
    fc.record({
      month: fc.constantFrom(...MONTHS),
      category: fc.constantFrom(...INCIDENT_CATEGORIES.slice(0, 4)),
      country: fc.constantFrom(...COUNTRIES),
      outcome: fc.constantFrom('resolved', 'open', 'withdrawn'),
      count: fc.integer({ min: 1, max: 9 }),
    }),
    { minLength: 5, maxLength: 40 },
  )
  .map(mergeCounts);

const requests = fc
  .record({
    columns: fc.constantFrom('category' as const, 'outcome' as const),
    periodUnit: fc.constantFrom('month' as const, 'quarter' as const),
    half: fc.constantFrom('first', 'both'),
    filter: fc.option(fc.constant({ country: 'DE' }), { nil: undefined }),
  })
  .map(({ columns, periodUnit, half, filter }): StatsRequest => ({
    columns,
    periodUnit,
    from: '2025-01',
    to: half === 'first' ? '2025-03' : '2025-06',
    audience: 'public',
    ...(filter ? { filter } : {}),
  }));

function mergeCounts(counts: CodeCount[]): CodeCount[] {
  const merged = new Map<string, CodeCount>();
  for (const c of counts) {
    const key = `${c.month}|${c.category}|${c.country}|${c.outcome}`;
    const existing = merged.get(key);
    if (existing) existing.count += c.count;
    else merged.set(key, { ...c });
  }
  return [...merged.values()];
}

/** A release protected for each audience: `audiences` lists what each already holds. */
function releaseFor(
  request: StatsRequest,
  counts: CodeCount[],
  k: number,
  audiences: Release[][],
): Release | null {
  const table = tabulate(shapeFor(request, counts, k), counts);
  const linked = audiences.map((earlier) =>
    earlier.map(({ table: t, suppressed, k: kk }): EarlierTable => ({
      table: t,
      suppressed,
      k: kk,
    })),
  );
  const protection = protectTable(table, k, linked, counts);
  return protection ? { request, table, suppressed: protection.suppressed, k } : null;
}

function releaseOf(
  request: StatsRequest,
  counts: CodeCount[],
  k: number,
  earlier: Release[],
): Release | null {
  return releaseFor(request, counts, k, [earlier]);
}

/** What a published value of a release counts, in the attacker's own words. */
function memberOf(release: Release, row: number, column: number) {
  const { shape, rowKeys } = release.table;
  const isTotalRow = row === rowKeys.length;
  const isTotalColumn = column === shape.columnKeys.length;
  const valueOf = (variable: { category: string; outcome: string }) =>
    shape.columns === 'category' ? variable.category : variable.outcome;
  return (variable: { month: string; category: string; outcome: string; country: string }) =>
    variable.month >= shape.from &&
    variable.month <= shape.to &&
    (!shape.filter || variable.country === shape.filter.country) &&
    (isTotalRow || periodOf(variable.month, shape.periodUnit) === rowKeys[row]) &&
    (isTotalColumn || valueOf(variable) === shape.columnKeys[column]);
}

/** The true value, recomputed from the cases, not from the production grid. */
function trueValue(release: Release, row: number, column: number, counts: CodeCount[]): number {
  const member = memberOf(release, row, column);
  return counts.filter((c) => member(c)).reduce((sum, c) => sum + c.count, 0);
}

/**
 * Integer maximum of each primary suppressed value given all published values of `releases`.
 * One variable per month × category × outcome × country (categories and outcomes limited to
 * those the generator uses, plus one "any other" of each, which the published zeros pin).
 */
function findProvablySmall(releases: Release[], counts: CodeCount[]): string[] {
  const categories = [...INCIDENT_CATEGORIES.slice(0, 4), INCIDENT_CATEGORIES[9]];
  const outcomes = ['resolved', 'open', 'withdrawn', 'other'];
  const variables = MONTHS.flatMap((month) =>
    categories.flatMap((category) =>
      outcomes.flatMap((outcome) =>
        COUNTRIES.map((country) => ({ month, category, outcome, country })),
      ),
    ),
  );
  const constraints: Record<string, { equal: number }> = {};
  const coefficients: Record<string, number>[] = variables.map(() => ({}));
  releases.forEach((release, t) =>
    release.table.grid.forEach((row, r) =>
      row.forEach((_, c) => {
        if (release.suppressed[r]![c]) return;
        const name = `p${t}_${r}_${c}`;
        constraints[name] = { equal: trueValue(release, r, c, counts) };
        const member = memberOf(release, r, c);
        variables.forEach((v, i) => member(v) && (coefficients[i]![name] = 1));
      }),
    ),
  );
  const exposed: string[] = [];
  releases.forEach((release, t) =>
    release.table.grid.forEach((row, r) =>
      row.forEach((_, c) => {
        const value = trueValue(release, r, c, counts);
        if (!release.suppressed[r]![c] || value === 0 || value >= release.k) return;
        const member = memberOf(release, r, c);
        const model = {
          optimize: 'target',
          opType: 'max' as const,
          constraints: { ...constraints, target: { max: release.k } },
          variables: Object.fromEntries(
            variables.map((v, i) => [
              `v${i}`,
              { ...coefficients[i], ...(member(v) ? { target: 1 } : {}) },
            ]),
          ),
          ints: Object.fromEntries(variables.map((_, i) => [`v${i}`, 1 as const])),
        };
        const solution = solver.Solve(model);
        if (!solution.feasible || solution.result < release.k - 1e-6) {
          exposed.push(
            `release ${t} value (${r}, ${c}) = ${value}: provably at most ${solution.result}`,
          );
        }
      }),
    ),
  );
  return exposed;
}

describe('cell suppression against an independent integer-programming attacker', () => {
  test('a table alone, with its totals, never lets anyone prove a value below k', () => {
    fc.assert(
      fc.property(caseSets, requests, fc.constantFrom(5, 10), (counts, request, k) => {
        const release = releaseOf(request, counts, k, []);
        if (!release) return; // nothing publishable: nothing to attack
        expect(findProvablySmall([release], counts)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  /**
   * Any two tables released one after the other, the second over the columns `laterColumns`
   * picks: nothing below k can be proven from both together.
   */
  function expectNoValueBelowKFromTwoReleases(
    laterColumns: (first: StatsRequest) => StatsRequest['columns'],
    numRuns: number,
  ): void {
    fc.assert(
      fc.property(caseSets, requests, requests, (counts, first, second) => {
        const k = 10;
        const earlier = releaseOf(first, counts, k, []);
        if (!earlier) return;
        const later = releaseOf({ ...second, columns: laterColumns(first) }, counts, k, [earlier]);
        if (!later) return;
        expect(findProvablySmall([earlier, later], counts)).toEqual([]);
      }),
      { numRuns },
    );
  }

  test('a table together with the previous release never lets anyone prove a value below k', () => {
    expectNoValueBelowKFromTwoReleases((first) => first.columns, 40);
  });

  test('a table together with a previous release of other columns never lets anyone prove a value below k', () => {
    expectNoValueBelowKFromTwoReleases(
      (first) => (first.columns === 'category' ? 'outcome' : 'category'),
      30,
    );
  });

  test('a public table audited for the public and for a partner is safe for both, whatever the partner holds', () => {
    fc.assert(
      fc.property(caseSets, requests, requests, (counts, first, second) => {
        const k = 10;
        const partnerRelease = releaseOf({ ...first, audience: 'partner' }, counts, k, []);
        if (!partnerRelease) return;
        const publicRelease = releaseFor(second, counts, k, [[], [partnerRelease]]);
        if (!publicRelease) return;
        expect(findProvablySmall([publicRelease], counts)).toEqual([]);
        expect(findProvablySmall([partnerRelease, publicRelease], counts)).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });

  /** A public monthly table by category over January and February 2025. */
  const JANUARY_AND_FEBRUARY: StatsRequest = {
    columns: 'category',
    periodUnit: 'month',
    from: '2025-01',
    to: '2025-02',
    audience: 'public',
  };
  /** Open cases in the Netherlands, by month and category: `{ '2025-01': { surveillance: 30 } }`. */
  const inNetherlands = (byMonth: Record<string, Record<string, number>>): CodeCount[] =>
    Object.entries(byMonth).flatMap(([month, byCategory]) =>
      Object.entries(byCategory).map(([category, count]) => ({
        month,
        category,
        country: 'NL',
        outcome: 'open',
        count,
      })),
    );

  test('a value a partner was given at its own k does not stop a public table that hides it', () => {
    // The partner (k 5) was given January's 7; the public table (k 10) must hide it, and need
    // not hide more: nothing it publishes tells the partner what the partner does not know.
    const counts = inNetherlands({
      '2025-01': { online_harassment: 7, surveillance: 30 },
      '2025-02': { online_harassment: 20, surveillance: 25 },
    });
    const request = JANUARY_AND_FEBRUARY;
    const partnerRelease = releaseOf({ ...request, audience: 'partner' }, counts, 5, [])!;
    expect(partnerRelease.suppressed.flat()).not.toContain(true);
    const publicRelease = releaseFor(request, counts, 10, [[], [partnerRelease]]);
    expect(publicRelease).not.toBeNull();
    const harassment = publicRelease!.table.shape.columnKeys.indexOf('online_harassment');
    expect(publicRelease!.suppressed[0]![harassment]).toBe(true);
    expect(findProvablySmall([publicRelease!], counts)).toEqual([]);
  });

  test('the attacker is not toothless: with primary suppression alone it finds exposures', () => {
    // One small cell in a row whose other cells are published: the row total gives it away.
    const counts = inNetherlands({
      '2025-01': { online_harassment: 3, surveillance: 40 },
      '2025-02': { surveillance: 40, online_harassment: 30 },
    });
    const request = JANUARY_AND_FEBRUARY;
    const table = tabulate(shapeFor(request, counts, 10), counts);
    const primaryOnly = table.grid.map((row) => row.map((v) => v > 0 && v < 10));
    expect(
      findProvablySmall([{ request, table, suppressed: primaryOnly, k: 10 }], counts),
    ).not.toEqual([]);
    const protectedRelease = releaseOf(request, counts, 10, [])!;
    expect(findProvablySmall([protectedRelease], counts)).toEqual([]);
  });
});
