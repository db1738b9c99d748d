/**
 * Rounding and noise are applied as stated in every release header.
 */
import fc from 'fast-check';
import {
  laplaceNoise,
  publishGrid,
  roundToBase,
  secureUniform,
  TABLE_SENSITIVITY,
} from '../../../../../server/features/stats/publication';

const grids = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([rows, columns]) =>
    fc.array(
      fc.array(fc.integer({ min: 0, max: 500 }), {
        minLength: columns + 1,
        maxLength: columns + 1,
      }),
      {
        minLength: rows + 1,
        maxLength: rows + 1,
      },
    ),
  );

describe('publication', () => {
  test('without noise every value is the true count rounded to the nearest multiple of the base', () => {
    fc.assert(
      fc.property(grids, fc.integer({ min: 1, max: 20 }), fc.boolean(), (grid, base, hideFirst) => {
        const suppressed = grid.map((row, r) => row.map((_, c) => hideFirst && r === 0 && c === 0));
        const published = publishGrid(grid, suppressed, { roundingBase: base, epsilon: null });
        const rows = grid.length - 1;
        const columns = grid[0]!.length - 1;
        const all = [
          ...published.cells.flatMap((row, r) => row.map((v, c) => [v, grid[r]![c]!] as const)),
          ...published.rowTotals.map((v, r) => [v, grid[r]![columns]!] as const),
          ...published.columnTotals.map((v, c) => [v, grid[rows]![c]!] as const),
          [published.grandTotal, grid[rows]![columns]!] as const,
        ];
        for (const [value, truth] of all) {
          if (value === null) continue;
          expect(value % base).toBe(0);
          expect(Math.abs(value - truth)).toBeLessThanOrEqual(base / 2);
        }
        expect(published.cells[0]![0] === null).toBe(hideFirst);
      }),
    );
  });

  test('a suppressed value is never published, with or without noise', () => {
    const grid = [
      [3, 40, 43],
      [3, 40, 43],
    ];
    const suppressed = [
      [true, false, false],
      [true, false, false],
    ];
    const published = publishGrid(grid, suppressed, { roundingBase: 5, epsilon: 0.5 });
    expect(published.cells[0]![0]).toBeNull();
    expect(published.columnTotals[0]).toBeNull();
  });

  test('noise is Laplace with scale sensitivity/ε: mean near 0, mean absolute value near the scale', () => {
    const epsilon = 0.5;
    const scale = TABLE_SENSITIVITY / epsilon;
    const draws = Array.from({ length: 40_000 }, () => laplaceNoise(scale));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const meanAbsolute = draws.reduce((s, x) => s + Math.abs(x), 0) / draws.length;
    // Standard error of the mean: sqrt(2)·scale/sqrt(n) ≈ 0.057 here; allow 5 of them.
    expect(Math.abs(mean)).toBeLessThan(0.3);
    expect(meanAbsolute).toBeGreaterThan(scale * 0.95);
    expect(meanAbsolute).toBeLessThan(scale * 1.05);
    // P(|X| > 3·scale) = e^-3 ≈ 0.0498 for Laplace.
    const tail = draws.filter((x) => Math.abs(x) > 3 * scale).length / draws.length;
    expect(tail).toBeGreaterThan(0.04);
    expect(tail).toBeLessThan(0.06);
  });

  test('noisy values are still rounded to the base and never negative', () => {
    const grid = [
      [0, 12, 12],
      [0, 12, 12],
    ];
    const none = grid.map((row) => row.map(() => false));
    for (let i = 0; i < 200; i++) {
      const published = publishGrid(grid, none, { roundingBase: 5, epsilon: 0.1 });
      for (const value of [
        ...published.cells.flat(),
        ...published.rowTotals,
        published.grandTotal,
      ]) {
        expect(value! % 5).toBe(0);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });

  test('the uniform draw is in (0, 1) and rounding never goes below zero', () => {
    for (let i = 0; i < 1000; i++) {
      const u = secureUniform();
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
    }
    expect(roundToBase(-7, 5)).toBe(0);
    expect(roundToBase(12, 5)).toBe(10);
    expect(roundToBase(13, 5)).toBe(15);
  });
});
