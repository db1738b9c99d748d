/** Deterministic randomness: the same seed draws the same data every run, so runs compare. */

export type Random = () => number;

/** mulberry32: small, fast, good enough to spread synthetic cases. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

/** Draws an index with probability proportional to its weight (cumulative table, binary search). */
export function weightedIndex(weights: readonly number[]): (random: Random) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) cumulative.push((sum += weight));
  return (random) => {
    const target = random() * sum;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}

/** A value from `[value, weight]` pairs, with probability proportional to its weight. */
export function weighted<T>(random: Random, table: readonly (readonly [T, number])[]): T {
  return table[weightedIndex(table.map(([, weight]) => weight))(random)]![0];
}
