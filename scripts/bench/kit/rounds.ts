/**
 * Timing work one call at a time, interleaved with its baseline: rounds of one call of each kind,
 * the order rotating each round so no kind always follows another. Up to `warmup` rounds first
 * (no new one after `warmupMaxSeconds`), then up to `rounds` measured ones (no new one after
 * `maxSeconds`: on FerretDB one round can take tens of seconds). Every answer is checked after it
 * is timed, so a fast wrong answer fails the bench rather than flattering it.
 */
import type { StaffClient } from './staff';
import { latencies, type Latencies } from './stats';

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

/** A call of each kind per round; see the top of this file. */
export async function timeRounds<K extends string>(
  calls: readonly Call<K>[],
  options: { warmup: number; warmupMaxSeconds: number; rounds: number; maxSeconds: number },
  log: (line: string) => void,
) {
  const samples = new Map<K, number[]>(calls.map((call) => [call.key, []]));
  const bytes = new Map<K, number>();
  const last = {} as Record<K, unknown>;
  let round = 0;
  const runRound = async (record: boolean): Promise<void> => {
    for (let k = 0; k < calls.length; k++) {
      const call = calls[(k + round) % calls.length]!;
      const started = performance.now();
      const answer = await call.run(round);
      const elapsedMs = performance.now() - started;
      last[call.key] = call.check ? call.check(answer, round) : answer;
      bytes.set(call.key, Buffer.isBuffer(answer) ? answer.length : 0);
      if (record) samples.get(call.key)!.push(elapsedMs);
    }
    round += 1;
  };
  const repeat = async (
    most: number,
    seconds: number,
    record: boolean,
  ): Promise<[number, number, boolean]> => {
    const started = performance.now();
    let done = 0;
    while (done < most) {
      if (done > 0 && performance.now() - started > seconds * 1000)
        return [done, (performance.now() - started) / 1000, true];
      await runRound(record);
      done += 1;
      if (record && done % 5 === 0) log(`${done}/${most} rounds`);
    }
    return [done, (performance.now() - started) / 1000, false];
  };
  const [warmupRounds, warmupSeconds] = await repeat(
    options.warmup,
    options.warmupMaxSeconds,
    false,
  );
  log(`warm-up: ${warmupRounds} rounds in ${warmupSeconds.toFixed(1)} s`);
  const [rounds, seconds, cutAtBudget] = await repeat(options.rounds, options.maxSeconds, true);
  const timed = {} as Record<
    K,
    { label: string; stats: Latencies; bytes: number; samplesMs: number[] }
  >;
  for (const call of calls) {
    const ms = samples.get(call.key)!;
    timed[call.key] = {
      label: call.label,
      stats: latencies(ms),
      bytes: bytes.get(call.key) ?? 0,
      samplesMs: ms,
    };
  }
  // Per kind: latencies and the size of its last answer (if bytes); the last answers; and
  // cutAtBudget: maxSeconds ran out before `rounds` rounds.
  return { calls: timed, last, warmupRounds, warmupSeconds, rounds, seconds, cutAtBudget };
}

/** Up to `repeats` timed calls, no more once `maxSeconds` went into them; p50 and count. */
export async function timeRepeated(
  call: () => Promise<unknown>,
  repeats: number,
  maxSeconds: number,
): Promise<{ p50Ms: number; n: number }> {
  const samples: number[] = [];
  let spentMs = 0;
  while (samples.length < repeats && spentMs < maxSeconds * 1000) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
    spentMs += samples.at(-1)!;
  }
  return { p50Ms: latencies(samples).p50Ms, n: samples.length };
}

/**
 * A signed-in GET as a Call: any answer but 200 fails the bench; `check` gets the parsed JSON
 * (after timing) and throws if it is wrong.
 */
export function getCall<K extends string>(
  client: StaffClient,
  key: K,
  label: string,
  path: (round: number) => string,
  check: (json: unknown, round: number) => void = () => undefined,
): Call<K> {
  const run = async (round: number): Promise<Buffer> => {
    const response = await client.get(path(round));
    if (response.status !== 200) throw new Error(`GET ${path(round)} answered ${response.status}`);
    return response.body;
  };
  const read = (answer: unknown, round: number): unknown => {
    const json: unknown = JSON.parse((answer as Buffer).toString('utf8'));
    check(json, round);
    return json;
  };
  return { key, label, run, check: read };
}
