/** Statistics of timings, once for every bench. */

/** The middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile: a value that was measured, never one between two. */
export function percentile(values: readonly number[], quantile: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]!;
}

export interface Latencies {
  readonly n: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

export function latencies(samplesMs: readonly number[]): Latencies {
  return {
    n: samplesMs.length,
    p50Ms: percentile(samplesMs, 0.5),
    p95Ms: percentile(samplesMs, 0.95),
    p99Ms: percentile(samplesMs, 0.99),
    meanMs: samplesMs.reduce((sum, ms) => sum + ms, 0) / samplesMs.length,
    maxMs: Math.max(...samplesMs),
  };
}

/** Milliseconds `run` took, and what it returned. */
export async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Seconds since `started` (a performance.now() reading). */
export const secondsSince = (started: number): number => (performance.now() - started) / 1000;

/**
 * Bodies to pre-build for `seconds` at a warm-up's `perSecond`, with half as many again: the
 * target may speed up after the warm-up and must not run out before the deadline. At least
 * `least`, at most `most` (a pre-built body costs ~3 ms).
 */
export const supplyFor = (perSecond: number, seconds: number, least: number, most: number) =>
  Math.min(most, Math.max(least, Math.ceil(perSecond * seconds * 1.5)));
