/**
 * The attacker we protect against (SECURITY.md "Anonymized statistics"): someone who holds the
 * current table and every earlier release it is audited with, knows every published value
 * exactly (before rounding and noise: we do not count on either), and reasons with integer
 * linear programming — the strongest standard attack on suppressed tables.
 *
 * Cases are grouped into atoms: cases that fall into the same cell of every table. Each
 * published value is a known sum of atoms; a suppressed value is an unknown sum. A suppressed
 * value is protected when the attacker cannot prove it is below its table's k: the integer
 * maximum consistent with everything published is at least k.
 *
 * The attacker is also told which atoms exist (groups with no case are fixed at zero), which
 * makes it stronger than a real one: our answer errs on the side of suppressing.
 */
import { solve, type Coefficients, type Constraint } from 'yalps';
import { cellOf, indexOf, NO_COLUMN, type CodeCount, type PlainTable } from './stats-table';

export interface AuditedTable {
  table: PlainTable;
  /** Same size as table.grid; true = not published. */
  suppressed: readonly (readonly boolean[])[];
}

interface Published {
  atoms: number[];
  value: number;
}

export class LinkedTablesAttacker {
  /** atomCells[atom][table] = [row, column] or null when the table does not count the atom. */
  private readonly atomCells: ([number, number] | null)[][] = [];
  private readonly atomSizes: number[] = [];
  private readonly published: Published[] = [];
  /** Atoms whose size the published values alone determine. */
  private readonly known = new Map<number, number>();
  private readonly constraintsOfAtom: number[][] = [];
  /** Per table: "row,column" (`*` for a total) → the atoms that value adds up. */
  private readonly atomsByValue: Map<string, number[]>[] = [];

  constructor(
    private readonly tables: readonly AuditedTable[],
    counts: readonly CodeCount[],
  ) {
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
    const { atoms, constraints } = this.componentOf(unknown);
    const objective = new Set(unknown);
    const variables = new Map<string, Coefficients>();
    for (const atom of atoms) {
      const coefficients: [string, number][] = this.constraintsOfAtom[atom]!.filter((c) =>
        constraints.has(c),
      ).map((c) => [`c${c}`, 1]);
      if (objective.has(atom)) coefficients.push(['objective', 1]);
      variables.set(`a${atom}`, coefficients);
    }
    const bounds = new Map<string, Constraint>();
    for (const c of constraints) {
      const { atoms: members, value } = this.published[c]!;
      const knownPart = members.reduce((sum, atom) => sum + (this.known.get(atom) ?? 0), 0);
      bounds.set(`c${c}`, { equal: value - knownPart });
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
    const indexes = this.tables.map(({ table }) => ({
      rows: indexOf(table.rowKeys),
      columns: indexOf(table.shape.columnKeys),
    }));
    const bySignature = new Map<string, number>();
    for (const count of counts) {
      if (count.count <= 0) continue;
      const cells = this.tables.map(({ table }, t) =>
        cellOf(table.shape, indexes[t]!.rows, indexes[t]!.columns, count),
      );
      if (cells.every((cell) => cell === null)) continue;
      const signature = JSON.stringify(cells);
      const existing = bySignature.get(signature);
      if (existing !== undefined) {
        this.atomSizes[existing]! += count.count;
        continue;
      }
      bySignature.set(signature, this.atomCells.length);
      this.atomCells.push(cells);
      this.atomSizes.push(count.count);
      this.constraintsOfAtom.push([]);
    }
    this.tables.forEach((_, t) => {
      const byValue = new Map<string, number[]>();
      const add = (key: string, atom: number) => {
        const list = byValue.get(key);
        if (list) list.push(atom);
        else byValue.set(key, [atom]);
      };
      this.atomCells.forEach((cells, atom) => {
        const cell = cells[t];
        if (!cell) return;
        const [row, column] = cell;
        add(`${row},*`, atom);
        add('*,*', atom);
        if (column === NO_COLUMN) return;
        add(`${row},${column}`, atom);
        add(`*,${column}`, atom);
      });
      this.atomsByValue.push(byValue);
    });
  }

  private collectPublished(): void {
    this.tables.forEach(({ table, suppressed }, t) => {
      table.grid.forEach((values, row) =>
        values.forEach((value, column) => {
          if (suppressed[row]![column]) return;
          const atoms = this.atomsOf(t, row, column);
          const index = this.published.length;
          this.published.push({ atoms, value });
          for (const atom of atoms) this.constraintsOfAtom[atom]!.push(index);
        }),
      );
    });
  }

  /** A published value with one unknown atom left reveals that atom; repeat until stable. */
  private propagateKnownAtoms(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const { atoms, value } of this.published) {
        const unknown = atoms.filter((atom) => !this.known.has(atom));
        if (unknown.length !== 1) continue;
        const knownPart = atoms.reduce((sum, atom) => sum + (this.known.get(atom) ?? 0), 0);
        this.known.set(unknown[0]!, value - knownPart);
        changed = true;
      }
    }
  }

  /** The unknown atoms linked to these through published values, and those values. */
  private componentOf(start: readonly number[]): { atoms: Set<number>; constraints: Set<number> } {
    const atoms = new Set<number>(start);
    const constraints = new Set<number>();
    const queue = [...start];
    while (queue.length > 0) {
      const atom = queue.pop()!;
      for (const c of this.constraintsOfAtom[atom]!) {
        if (constraints.has(c)) continue;
        constraints.add(c);
        for (const other of this.published[c]!.atoms) {
          if (this.known.has(other) || atoms.has(other)) continue;
          atoms.add(other);
          queue.push(other);
        }
      }
    }
    return { atoms, constraints };
  }
}
