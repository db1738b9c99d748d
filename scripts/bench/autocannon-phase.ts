/**
 * bench:intake's load generator: autocannon, one pre-built body per request, taken from a schedule.
 *
 * autocannon's own req/s averages whole 1 s samples and its latency histogram has 1 ms
 * resolution, both too coarse for a few-second phase whose baseline answers in ~1 ms. So each
 * phase is timed here (first request to last response) and every latency kept as measured.
 */
import autocannon from 'autocannon';
import type { Reply } from './exactly-once';
import { percentile } from './kit/stats';
import type { PrebuiltBody } from './report-bodies';

/** One request to send: a body, and which report it carries (for the exactly-once ledger). */
export interface Slot {
  readonly body: Buffer;
  readonly bodyIndex: number;
  /** A deliberate re-send of a body sent earlier in the schedule. */
  readonly retry: boolean;
}

/**
 * Bodies first..first+length once each, plus a retry of every k-th body placed a few rounds of
 * connections after its original, so the original has usually been answered and the retry
 * exercises the replay path.
 */
export function schedule(
  bodies: readonly PrebuiltBody[],
  first: number,
  length: number,
  retryPercent: number,
  connections: number,
): Slot[] {
  const slot = (i: number, retry: boolean): Slot => {
    return { body: bodies[first + i]!.json, bodyIndex: first + i, retry };
  };
  const retries = Math.round((length * retryPercent) / 100);
  const retriesAfter = new Map<number, number[]>();
  for (let k = 0; k < retries; k++) {
    const original = Math.floor((k * length) / retries);
    const after = Math.min(original + connections * 4, length - 1);
    retriesAfter.set(after, [...(retriesAfter.get(after) ?? []), original]);
  }
  return Array.from({ length }, (_, i) => [
    slot(i, false),
    ...(retriesAfter.get(i) ?? []).map((o) => slot(o, true)),
  ]).flat();
}

/**
 * each-once: each slot at most once, in order, until all are answered or the deadline; requests
 * in flight at the deadline are abandoned (the exactly-once check re-sends them). duration: cycle
 * through the schedule until this many seconds have passed.
 */
type PhaseStop =
  | { readonly kind: 'each-once'; readonly deadlineSeconds: number }
  | { readonly kind: 'duration'; readonly seconds: number };

export type PhaseResult = Awaited<ReturnType<typeof runPhase>>;

/** Generous: a timed-out request loses its response, which the exactly-once check then chases. */
const REQUEST_TIMEOUT_S = 30;

export async function runPhase(options: {
  url: string;
  connections: number;
  schedule: readonly Slot[];
  stop: PhaseStop;
  onReply?: (slot: Slot, reply: Reply) => void;
}) {
  const { schedule, stop } = options;
  if (schedule.length === 0) throw new Error('runPhase: empty schedule');
  const eachOnce = stop.kind === 'each-once';
  let slotsIssued = 0;
  const [latencies, completedAt, statuses]: [number[], number[], number[]] = [[], [], []];
  let errors = 0;
  let cutAtDeadline = false;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/api/reports',
    headers: { 'content-type': 'application/json' },
    // Called once per request sent, on its connection; the context lives until that request's
    // response (pipelining 1).
    setupRequest: (req, context) => {
      const slotIndex = eachOnce ? slotsIssued : slotsIssued % schedule.length;
      slotsIssued += 1;
      (context as { slotIndex?: number }).slotIndex = slotIndex;
      return { ...req, body: schedule[Math.min(slotIndex, schedule.length - 1)]!.body };
    },
    onResponse: (status, body, context, headers = {}) => {
      const slot = schedule[(context as { slotIndex?: number }).slotIndex ?? -1];
      const replayed = Object.entries(headers).some(
        ([key, value]) => key.toLowerCase() === 'idempotent-replayed' && String(value) === 'true',
      );
      if (slot) options.onReply?.(slot, { status, body, replayed });
    },
  };
  const startedAt = performance.now();
  let deadline: NodeJS.Timeout | undefined;
  await new Promise<void>((resolve, reject) => {
    const settings = {
      url: options.url,
      // autocannon refuses more connections than requests.
      connections: eachOnce ? Math.min(options.connections, schedule.length) : options.connections,
      ...{ pipelining: 1, timeout: REQUEST_TIMEOUT_S, requests: [request] },
      // Check the stop condition every 100 ms rather than every second.
      sampleInt: 100,
      ...(eachOnce ? { amount: schedule.length } : { duration: stop.seconds }),
    };
    const instance = autocannon(settings, (error: unknown) =>
      error ? reject(new Error('autocannon failed', { cause: error })) : resolve(),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      completedAt.push(performance.now());
      latencies.push(responseTimeMs);
      statuses.push(statusCode);
    });
    instance.on('reqError', () => (errors += 1));
    if (stop.kind === 'each-once') {
      deadline = setTimeout(() => {
        cutAtDeadline = true;
        instance.stop();
      }, stop.deadlineSeconds * 1000);
    }
  });
  clearTimeout(deadline);
  const elapsedSeconds = ((completedAt.at(-1) ?? startedAt) - startedAt) / 1000;
  // Throughput over the second half of the responses: past connection set-up and early JIT.
  const middle = Math.floor(completedAt.length / 2);
  const secondHalf = ((completedAt.at(-1) ?? 0) - (completedAt[middle] ?? 0)) / 1000;
  return {
    /** Responses received (any status). */
    requests: latencies.length,
    elapsedSeconds,
    requestsPerSecond: elapsedSeconds > 0 ? latencies.length / elapsedSeconds : 0,
    steadyRequestsPerSecond: secondHalf > 0 ? (completedAt.length - 1 - middle) / secondHalf : 0,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    non2xx: statuses.filter((status) => status < 200 || status > 299).length,
    status5xx: statuses.filter((status) => status >= 500).length,
    /** Connection errors and timeouts: requests that got no response at all. */
    errors,
    /** Slots sent, in schedule order (each-once: at most the schedule length). */
    slotsIssued,
    cutAtDeadline,
  };
}

export const describePhase = (r: PhaseResult): string =>
  `${r.requests} requests in ${r.elapsedSeconds.toFixed(1)} s, ${r.requestsPerSecond.toFixed(0)} ` +
  `req/s (steady ${r.steadyRequestsPerSecond.toFixed(0)}), p99 ${r.p99Ms.toFixed(1)} ms, ` +
  `non-2xx ${r.non2xx}, errors ${r.errors}`;
