/**
 * From protected true counts to the numbers that leave the server: suppressed values become
 * null, Laplace noise is added when an ε is given, and every value is rounded to the base.
 * Rounding and noise come after suppression, which is decided on true counts.
 */
import { randomBytes } from 'node:crypto';

export interface PublishedTable {
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
}

/**
 * One coded case changes one cell, its row total, its column total and the grand total by one:
 * the L1 sensitivity of everything a table publishes.
 */
export const TABLE_SENSITIVITY = 4;

export function roundToBase(value: number, base: number): number {
  return Math.max(0, Math.round(value / base) * base);
}

/** A uniform draw in (0, 1) from the OS generator: 53 random bits, never exactly 0. */
export function secureUniform(): number {
  const bits = randomBytes(8).readBigUInt64BE() >> 11n;
  return (Number(bits) + 0.5) / 2 ** 53;
}

/**
 * A Laplace(0, scale) draw by inverse transform. Floating-point Laplace samples leak through
 * their low bits (Mironov 2012); rounding the noisy value to the base afterwards removes them.
 */
export function laplaceNoise(scale: number, uniform: () => number = secureUniform): number {
  const u = uniform() - 0.5;
  return -scale * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
}

export function publishGrid(
  grid: readonly (readonly number[])[],
  suppressed: readonly (readonly boolean[])[],
  options: { roundingBase: number; epsilon: number | null },
  uniform: () => number = secureUniform,
): PublishedTable {
  const scale = options.epsilon === null ? 0 : TABLE_SENSITIVITY / options.epsilon;
  const publish = (value: number, hidden: boolean): number | null => {
    if (hidden) return null;
    const noisy = scale === 0 ? value : value + laplaceNoise(scale, uniform);
    return roundToBase(noisy, options.roundingBase);
  };
  const values = grid.map((row, r) => row.map((value, c) => publish(value, suppressed[r]![c]!)));
  const totalRow = values.length - 1;
  const totalColumn = values[0]!.length - 1;
  return {
    cells: values.slice(0, totalRow).map((row) => row.slice(0, totalColumn)),
    rowTotals: values.slice(0, totalRow).map((row) => row[totalColumn]!),
    columnTotals: values[totalRow]!.slice(0, totalColumn),
    grandTotal: values[totalRow]![totalColumn]!,
  };
}
