/**
 * The attacker we protect against (SECURITY.md "Anonymized statistics (disclosure control)"):
 * someone who holds the current table and every earlier release it is audited with, knows every
 * published value exactly (before rounding and noise: we do not count on either), and reasons with
 * integer linear programming — the strongest standard attack on suppressed tables.
 *
 * Tables with the same columns (a "group": category, country or outcome) are modelled with
 * atoms: the cases that fall into the same cell of every table of the group, per month and
 * per filter population. Groups are linked by what they share: for each month and population
 * (a filtered country, or everyone else) the totals of every group are equal. Given equal
 * totals, any split by one code is compatible with any split by another, so this model is the
 * exact joint attack, not an approximation.
 *
 * Atoms exist only where cases exist (groups with no case are fixed at zero), which makes the
 * attacker stronger than a real one: our answer errs on the side of suppressing.
 */
import { solve, type Coefficients, type Constraint } from 'yalps';
import {
  cellOf,
  indexOf,
  isInRange,
  NO_COLUMN,
  type CodeCount,
  type PlainTable,
} from './stats-table';

export interface AuditedTable {
  table: PlainTable;
  /** Same size as table.grid; true = not published. */
  suppressed: readonly (readonly boolean[])[];
}

/** A linear fact the attacker knows: Σ coefficient × atom = value. */
interface Fact {
  terms: [atom: number, coefficient: number][];
  value: number;
}

const EVERYONE_ELSE = '*';

export class LinkedTablesAttacker {
  private atomCount = 0;
  private readonly facts: Fact[] = [];
  private readonly factsOfAtom: number[][] = [];
  /** Per table: "row,column" (`*` for a total) → the atoms that value adds up. */
  private readonly atomsByValue: Map<string, number[]>[];
  /** Atoms whose size the published values alone determine. */
  private readonly known = new Map<number, number>();

  constructor(
    private readonly tables: readonly AuditedTable[],
    counts: readonly CodeCount[],
  ) {
    this.atomsByValue = tables.map(() => new Map<string, number[]>());
    this.groupAtoms(counts);
    this.collectPublished();
    this.propagateKnownAtoms();
  }

  /** The atoms one value of one table adds up. */
  atomsOf(tableIndex: number, row: number, column: number): number[] {
    const grid = this.tables[tableIndex]!.table.grid;
    const key = `${row === grid.length - 1 ? '*' : row},${column === grid[0]!.length - 1 ? '*' : column}`;
    return this.atomsByValue[tableIndex]!.get(key) ?? [];
  }

  /**
   * Whether the attacker can prove this value is below k. The search is capped at k, so an
   * answer never costs more than reaching k.
   */
  canProveBelow(tableIndex: number, row: number, column: number, k: number): boolean {
    const target = this.atomsOf(tableIndex, row, column);
    let fixedPart = 0;
    const unknown: number[] = [];
    for (const atom of target) {
      const size = this.known.get(atom);
      if (size === undefined) unknown.push(atom);
      else fixedPart += size;
    }
    if (fixedPart >= k) return false;
    if (unknown.length === 0) return true;
    const { atoms, facts } = this.componentOf(unknown);
    const objective = new Set(unknown);
    const variables = new Map<string, Coefficients>();
    for (const atom of atoms)
      variables.set(`a${atom}`, objective.has(atom) ? [['objective', 1]] : []);
    const bounds = new Map<string, Constraint>();
    for (const f of facts) {
      const { terms, value } = this.facts[f]!;
      let knownPart = 0;
      for (const [atom, coefficient] of terms) {
        const size = this.known.get(atom);
        if (size !== undefined) knownPart += coefficient * size;
        else (variables.get(`a${atom}`) as [string, number][]).push([`f${f}`, coefficient]);
      }
      bounds.set(`f${f}`, { equal: value - knownPart });
    }
    bounds.set('objective', { max: k - fixedPart });
    const solution = solve(
      {
        direction: 'maximize',
        objective: 'objective',
        constraints: bounds,
        variables,
        integers: true,
      },
      { maxIterations: 100_000 },
    );
    // Anything but a proven optimum (numerical trouble, iteration cap) counts as "provable":
    // we fail towards suppressing more, never towards publishing.
    if (solution.status !== 'optimal') return true;
    return solution.result < k - fixedPart - 1e-6;
  }

  private groupAtoms(counts: readonly CodeCount[]): void {
    const filterCountries = new Set(
      this.tables.flatMap(({ table }) => (table.shape.filter ? [table.shape.filter.country] : [])),
    );
    const groups = new Map<string, number[]>();
    this.tables.forEach(({ table }, t) => {
      const group = groups.get(table.shape.columns) ?? [];
      group.push(t);
      groups.set(table.shape.columns, group);
    });
    const indexes = this.tables.map(({ table }) => ({
      rows: indexOf(table.rowKeys),
      columns: indexOf(table.shape.columnKeys),
    }));
    const bySignature = new Map<string, number>();
    /** (month, population) → per group, the atoms of that month and population. */
    const links = new Map<string, Map<string, number[]>>();

    for (const count of counts) {
      if (count.count <= 0) continue;
      const population = filterCountries.has(count.country) ? count.country : EVERYONE_ELSE;
      for (const [group, members] of groups) {
        // A group speaks about this month and population if one of its tables counts it.
        const covers = members.some(
          (t) =>
            isInRange(count, this.tables[t]!.table.shape) &&
            (this.tables[t]!.table.shape.filter?.country ?? count.country) === count.country,
        );
        if (!covers) continue;
        const cells = members.map((t) =>
          cellOf(this.tables[t]!.table.shape, indexes[t]!.rows, indexes[t]!.columns, count),
        );
        const signature = JSON.stringify([group, count.month, population, cells]);
        if (!bySignature.has(signature)) {
          // The attacker does not know an atom's size; it only knows which atoms exist.
          const atom = this.atomCount++;
          bySignature.set(signature, atom);
          this.factsOfAtom.push([]);
          members.forEach((t, i) => this.indexAtom(t, cells[i]!, atom));
          const linkKey = `${count.month}|${population}`;
          const link = links.get(linkKey) ?? new Map<string, number[]>();
          link.set(group, [...(link.get(group) ?? []), atom]);
          links.set(linkKey, link);
        }
      }
    }
    // Every group covering a month and population counts the same cases there.
    for (const byGroup of links.values()) {
      const lists = [...byGroup.values()];
      for (let i = 1; i < lists.length; i++) {
        this.addFact(
          [
            ...lists[i - 1]!.map((a): [number, number] => [a, 1]),
            ...lists[i]!.map((a): [number, number] => [a, -1]),
          ],
          0,
        );
      }
    }
  }

  private indexAtom(tableIndex: number, cell: [number, number] | null, atom: number): void {
    if (!cell) return;
    const byValue = this.atomsByValue[tableIndex]!;
    const add = (key: string) => {
      const list = byValue.get(key);
      if (list) list.push(atom);
      else byValue.set(key, [atom]);
    };
    const [row, column] = cell;
    add(`${row},*`);
    add('*,*');
    if (column === NO_COLUMN) return;
    add(`${row},${column}`);
    add(`*,${column}`);
  }

  private collectPublished(): void {
    this.tables.forEach(({ table, suppressed }, t) => {
      table.grid.forEach((values, row) =>
        values.forEach((value, column) => {
          if (suppressed[row]![column]) return;
          this.addFact(
            this.atomsOf(t, row, column).map((atom) => [atom, 1]),
            value,
          );
        }),
      );
    });
  }

  private addFact(terms: [number, number][], value: number): void {
    const index = this.facts.length;
    this.facts.push({ terms, value });
    for (const [atom] of terms) this.factsOfAtom[atom]!.push(index);
  }

  /** A fact with one unknown atom left reveals that atom; repeat until stable. */
  private propagateKnownAtoms(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const { terms, value } of this.facts) {
        let unknownTerm: [number, number] | null = null;
        let unknownCount = 0;
        let knownPart = 0;
        for (const term of terms) {
          const size = this.known.get(term[0]);
          if (size === undefined) {
            unknownCount += 1;
            unknownTerm = term;
          } else knownPart += term[1] * size;
        }
        if (unknownCount !== 1) continue;
        this.known.set(unknownTerm![0], (value - knownPart) / unknownTerm![1]);
        changed = true;
      }
    }
  }

  /** The unknown atoms linked to these through facts, and those facts. */
  private componentOf(start: readonly number[]): { atoms: Set<number>; facts: Set<number> } {
    const atoms = new Set<number>(start);
    const facts = new Set<number>();
    const queue = [...start];
    while (queue.length > 0) {
      const atom = queue.pop()!;
      for (const f of this.factsOfAtom[atom]!) {
        if (facts.has(f)) continue;
        facts.add(f);
        for (const [other] of this.facts[f]!.terms) {
          if (this.known.has(other) || atoms.has(other)) continue;
          atoms.add(other);
          queue.push(other);
        }
      }
    }
    return { atoms, facts };
  }
}
