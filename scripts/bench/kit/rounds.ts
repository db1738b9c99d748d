/**
 * Timing work one call at a time, interleaved with its baseline: rounds of one call of each kind,
 * the order rotating each round so no kind always follows another. Up to `warmup` rounds first
 * (no new one after `warmupMaxSeconds`), then up to `rounds` measured ones (no new one after
 * `maxSeconds`: on FerretDB one round can take tens of seconds). Every answer is checked after it
 * is timed, so a fast wrong answer fails the bench rather than flattering it.
 */
import type { StaffClient } from './staff';
import { latencies, secondsSince, type Latencies } from './stats';

export interface Call<K extends string> {
  readonly key: K;
  readonly label: string;
  /** One call of this kind in round `round` (timed); resolves to its answer (bytes or not). */
  run(round: number): Promise<unknown>;
  /**
   * After timing: reads the answer and throws if it is not what the seeded data says it must be;
   * what it returns is kept as the last answer of this kind.
   */
  check?(answer: unknown, round: number): unknown;
}

type RoundOptions = {
  warmup: number;
  warmupMaxSeconds: number;
  rounds: number;
  maxSeconds: number;
};

/** A call of each kind per round; see the top of this file. */
export async function timeRounds<K extends string>(
  calls: readonly Call<K>[],
  options: RoundOptions,
  log: (line: string) => void,
) {
  const samples = new Map<K, number[]>(calls.map((call) => [call.key, []]));
  const bytes = new Map<K, number>();
  const last = {} as Record<K, unknown>;
  let round = 0;
  /** Up to `most` rounds, no new one after `seconds`: [rounds, seconds, cut at `seconds`]. */
  const repeat = async (most: number, seconds: number, record: boolean) => {
    const started = performance.now();
    let done = 0;
    for (; done < most && (done === 0 || secondsSince(started) <= seconds); done++, round++) {
      for (let k = 0; k < calls.length; k++) {
        const call = calls[(k + round) % calls.length]!;
        const callStarted = performance.now();
        const answer = await call.run(round);
        const elapsedMs = performance.now() - callStarted;
        last[call.key] = call.check ? call.check(answer, round) : answer;
        bytes.set(call.key, Buffer.isBuffer(answer) ? answer.length : 0);
        if (record) samples.get(call.key)!.push(elapsedMs);
      }
      if (record && (done + 1) % 5 === 0) log(`${done + 1}/${most} rounds`);
    }
    return [done, secondsSince(started), done < most] as const;
  };
  const [warmupRounds, warmupSeconds] = await repeat(
    options.warmup,
    options.warmupMaxSeconds,
    false,
  );
  log(`warm-up: ${warmupRounds} rounds in ${warmupSeconds.toFixed(1)} s`);
  const [rounds, seconds, cutAtBudget] = await repeat(options.rounds, options.maxSeconds, true);
  const timed = {} as Record<K, { label: string; stats: Latencies; bytes: number }>;
  for (const { key, label } of calls)
    timed[key] = { label, stats: latencies(samples.get(key)!), bytes: bytes.get(key) ?? 0 };
  // Per kind: latencies and the size of its last answer (if bytes); the last answers; and
  // cutAtBudget: maxSeconds ran out before `rounds` rounds.
  return { calls: timed, last, warmupRounds, warmupSeconds, rounds, seconds, cutAtBudget };
}

/**
 * Each call (by its description) timed once per argument, in turn, no new time once `maxSeconds`
 * went into it: where a request's time goes, call by call.
 */
export async function timeEach<A>(
  calls: Readonly<Record<string, (arg: A) => Promise<unknown>>>,
  args: readonly A[],
  maxSeconds = Number.POSITIVE_INFINITY,
): Promise<Record<string, { p50Ms: number; n: number }>> {
  const timed: Record<string, { p50Ms: number; n: number }> = {};
  for (const [call, run] of Object.entries(calls)) {
    const samples: number[] = [];
    const started = performance.now();
    while (samples.length < args.length && secondsSince(started) < maxSeconds) {
      const callStarted = performance.now();
      await run(args[samples.length]!);
      samples.push(performance.now() - callStarted);
    }
    timed[call] = { p50Ms: latencies(samples).p50Ms, n: samples.length };
  }
  return timed;
}

/**
 * Signed-in GETs as Calls: any answer but 200 fails the bench; `check` gets the parsed JSON
 * (after timing) and throws if it is wrong.
 */
export const getCalls =
  (client: StaffClient) =>
  <K extends string>(
    key: K,
    label: string,
    path: (round: number) => string,
    check: (json: unknown, round: number) => void = () => undefined,
  ): Call<K> => ({
    key,
    label,
    run: async (round) => {
      const response = await client.fetch('GET', path(round));
      if (response.status !== 200)
        throw new Error(`GET ${path(round)} answered ${response.status}`);
      return response.body;
    },
    check: (answer, round) => {
      const json: unknown = JSON.parse((answer as Buffer).toString('utf8'));
      check(json, round);
      return json;
    },
  });
