/**
 * Cell suppression (docs/design.md "Statistics"): every value of a table — cells and
 * totals alike — between 1 and k − 1 is suppressed (primary), then more values are suppressed
 * (complementary) until, for every audience that receives the table, the LinkedTablesAttacker
 * cannot prove any primary value below k from this table, its totals and the earlier releases
 * that audience holds whose months overlap it — and no primary value of those earlier releases
 * either. Zero is published: it names nobody.
 *
 * Complementary cells are proposed by a cheap heuristic (a rectangle of four values through the
 * unsafe one, sized so it can move up to k) and then accepted only by the attacker's audit;
 * when no proposal helps, suppression widens, up to publishing nothing.
 */
import { LinkedTablesAttacker, type AuditedTable } from './linked-tables';
import { monthsBetween, periodOf, type CodeCount, type PlainTable } from './stats-table';

export interface EarlierTable {
  table: PlainTable; // an earlier release's shape, tabulated on today's counts
  suppressed: readonly (readonly boolean[])[];
  k: number;
}

/**
 * The earlier releases one audience holds and could join with the new table (the public's
 * releases; a partner's together with the public's: release-audiences.ts). An audience is
 * audited on its own: partners are not assumed to pool what they were given.
 */
export type AudienceReleases = readonly EarlierTable[];

export interface Protection {
  suppressed: boolean[][];
  /** How many earlier releases (of any audience) the audit linked this table with. */
  linkedReleases: number;
}

type Entry = readonly [number, number];

/**
 * `audiences` lists what each audience receiving the table already holds; none (or one empty
 * list) audits the table alone. Hiding more values never helps an attacker, so suppression
 * only grows until one pass finds every audience safe.
 */
export function protectTable(
  current: PlainTable,
  k: number,
  audiences: readonly AudienceReleases[],
  counts: readonly CodeCount[],
): Protection | null {
  const grid = current.grid;
  const totalRow = grid.length - 1;
  const totalColumn = grid[0]!.length - 1;
  const grand = grid[totalRow]![totalColumn]!;
  if (grand < k) return null;
  const suppressed = grid.map((row) => row.map((value) => value > 0 && value < k));
  const primary = entriesWhere(suppressed);
  const checks = (audiences.length > 0 ? audiences : [[]]).map((earlier) =>
    audienceCheck(current, k, primary, earlier, counts),
  );
  const linkedReleases = new Set(checks.flatMap((check) => check.linked)).size;

  for (;;) {
    let added = 0;
    let unsafe = false;
    const hide = ([r, c]: Entry) => {
      if (!suppressed[r]![c]) added += 1;
      suppressed[r]![c] = true;
    };
    for (const check of checks) {
      const { attacker, unsafeCurrent, unsafeEarlier } = check.audit(suppressed);
      if (unsafeCurrent.length === 0 && unsafeEarlier.length === 0) continue;
      unsafe = true;
      for (const [r, c] of unsafeCurrent) {
        rectangleThrough(grid, suppressed, r, c, k).forEach(hide);
      }
      // An earlier release's hidden value is exposed by what we publish about the same cases:
      // with the same columns, our cells that share its atoms; with other columns, our rows
      // (cells and total) of the same months. Hide those, and let the next audit go on.
      for (const { table, entry } of unsafeEarlier) {
        const exposed = check.linked[table]!.table;
        if (exposed.shape.columns === current.shape.columns) {
          const atoms = new Set(attacker.atomsOf(table + 1, entry[0], entry[1]));
          for (let r = 0; r < totalRow; r++) {
            for (let c = 0; c < totalColumn; c++) {
              if (attacker.atomsOf(0, r, c).some((atom) => atoms.has(atom))) hide([r, c]);
            }
          }
        } else {
          const months = new Set(monthsOfRow(exposed, entry[0]));
          for (let r = 0; r < totalRow; r++) {
            if (!monthsOfRow(current, r).some((month) => months.has(month))) continue;
            for (let c = 0; c <= totalColumn; c++) hide([r, c]);
          }
        }
      }
    }
    if (!unsafe) return { suppressed, linkedReleases };
    if (added > 0) continue;
    // No rectangle helps: hide everything but the grand total, then that too.
    if (!everyValueBut(suppressed, totalRow, totalColumn)) {
      suppressed.forEach((row, r) =>
        row.forEach((_, c) => (row[c] = !(r === totalRow && c === totalColumn))),
      );
      continue;
    }
    return null;
  }
}

interface AudienceCheck {
  /** The audience's earlier releases whose months overlap the table. */
  linked: readonly EarlierTable[];
  audit(suppressed: readonly (readonly boolean[])[]): {
    attacker: LinkedTablesAttacker;
    unsafeCurrent: Entry[];
    unsafeEarlier: { table: number; entry: Entry }[];
  };
}

function audienceCheck(
  current: PlainTable,
  k: number,
  primary: readonly Entry[],
  earlier: AudienceReleases,
  counts: readonly CodeCount[],
): AudienceCheck {
  const linked = earlier.filter((table) => overlaps(table.table, current));
  const earlierSensitive = sensitiveEarlierValues(linked, counts);
  // A primary value this audience can already prove below k from its earlier releases alone
  // (a partner given a 7 at its k of 5, before a public table at k 10 hides the same 7) stays
  // hidden, but no suppression of ours can take it back: it is not this release's disclosure.
  const alreadyHeld =
    linked.length === 0 ? new Set<string>() : heldAlready(current, k, primary, linked, counts);
  const guarded = primary.filter(([r, c]) => !alreadyHeld.has(`${r},${c}`));
  return {
    linked,
    audit: (suppressed) => {
      const attacker = new LinkedTablesAttacker(
        [{ table: current, suppressed }, ...linked.map(auditedOf)],
        counts,
      );
      const unsafeCurrent = guarded.filter(([r, c]) => attacker.canProveBelow(0, r, c, k));
      const unsafeEarlier = earlierSensitive.filter(({ table, entry: [r, c] }) =>
        attacker.canProveBelow(table + 1, r, c, linked[table]!.k),
      );
      return { attacker, unsafeCurrent, unsafeEarlier };
    },
  };
}

/** The primary values of the table that the earlier releases prove below k without it. */
function heldAlready(
  current: PlainTable,
  k: number,
  primary: readonly Entry[],
  linked: readonly EarlierTable[],
  counts: readonly CodeCount[],
): Set<string> {
  const nothingPublished = current.grid.map((row) => row.map(() => true));
  const attacker = new LinkedTablesAttacker(
    [{ table: current, suppressed: nothingPublished }, ...linked.map(auditedOf)],
    counts,
  );
  return new Set(
    primary.filter(([r, c]) => attacker.canProveBelow(0, r, c, k)).map(([r, c]) => `${r},${c}`),
  );
}

/**
 * Four values forming a rectangle in the grid with its totals: moving the unsafe value up by t
 * moves the others by ±t and keeps every row and column sum. (Totals enter with the opposite
 * sign, hence `signOf`.) Picks the cheapest rectangle whose decreasing values can absorb the
 * move up to k; returns the three partners. Cheapest = least newly hidden count.
 */
function rectangleThrough(
  grid: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
  r: number,
  c: number,
  k: number,
): Entry[] {
  const totalRow = grid.length - 1;
  const totalColumn = grid[0]!.length - 1;
  const signOf = (row: number, column: number) =>
    (row === totalRow ? -1 : 1) * (column === totalColumn ? -1 : 1);
  const need = k - grid[r]![c]!;
  let best: { partners: Entry[]; cost: number; capacity: number } | null = null;
  for (let r2 = 0; r2 <= totalRow; r2++) {
    if (r2 === r) continue;
    for (let c2 = 0; c2 <= totalColumn; c2++) {
      if (c2 === c) continue;
      const partners: Entry[] = [
        [r, c2],
        [r2, c],
        [r2, c2],
      ];
      if (partners.some(([pr, pc]) => pr === totalRow && pc === totalColumn)) continue;
      if (partners.every(([pr, pc]) => suppressed[pr]![pc])) continue;
      // Which partners go down when the unsafe value goes up: their counts bound the move.
      const own = signOf(r, c);
      const decreasing = [
        signOf(r, c2) * own === 1,
        signOf(r2, c) * own === 1,
        signOf(r2, c2) * own === -1,
      ];
      const capacity = Math.min(
        ...partners.filter((_, i) => decreasing[i]).map(([pr, pc]) => grid[pr]![pc]!),
      );
      const cost = partners
        .filter(([pr, pc]) => !suppressed[pr]![pc])
        .reduce((sum, [pr, pc]) => sum + grid[pr]![pc]! + 1, 0);
      const better =
        !best ||
        (capacity >= need && best.capacity < need) ||
        (capacity >= need === best.capacity >= need &&
          (capacity >= need ? cost < best.cost : capacity > best.capacity));
      if (better) best = { partners, cost, capacity };
    }
  }
  return best?.partners ?? [];
}

function sensitiveEarlierValues(
  linked: readonly EarlierTable[],
  counts: readonly CodeCount[],
): { table: number; entry: Entry }[] {
  if (linked.length === 0) return [];
  // Only what the earlier releases still protect among themselves is ours to keep protected:
  // counts change between releases, and a change we did not publish is not this release's leak.
  const attacker = new LinkedTablesAttacker(linked.map(auditedOf), counts);
  const sensitive: { table: number; entry: Entry }[] = [];
  linked.forEach(({ table, suppressed, k }, t) => {
    for (const [r, c] of entriesWhere(suppressed)) {
      const value = table.grid[r]![c]!;
      if (value > 0 && value < k && !attacker.canProveBelow(t, r, c, k)) {
        sensitive.push({ table: t, entry: [r, c] });
      }
    }
  });
  return sensitive;
}

/** The incident months a row of a table counts (every month of the range for the totals row). */
function monthsOfRow(table: PlainTable, row: number): string[] {
  const months = monthsBetween(table.shape.from, table.shape.to);
  if (row >= table.rowKeys.length) return months;
  return months.filter((month) => periodOf(month, table.shape.periodUnit) === table.rowKeys[row]);
}

function auditedOf(table: EarlierTable): AuditedTable {
  return { table: table.table, suppressed: table.suppressed };
}

function overlaps(a: PlainTable, b: PlainTable): boolean {
  return a.shape.from <= b.shape.to && b.shape.from <= a.shape.to;
}

function entriesWhere(flags: readonly (readonly boolean[])[]): Entry[] {
  const entries: Entry[] = [];
  flags.forEach((row, r) => row.forEach((flag, c) => flag && entries.push([r, c])));
  return entries;
}

function everyValueBut(
  suppressed: readonly (readonly boolean[])[],
  row: number,
  column: number,
): boolean {
  return suppressed.every((values, r) =>
    values.every((flag, c) => flag || (r === row && c === column)),
  );
}
