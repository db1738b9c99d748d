/**
 * The load generator: autocannon with one pre-built body per request, taken from a schedule.
 *
 * autocannon's own req/s averages whole 1 s samples and its latency histogram has 1 ms
 * resolution, both too coarse for a few-second phase whose baseline answers in ~1 ms. So we
 * time each phase ourselves (first request to last response) and keep every latency as measured.
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** One request to send: a body, and which report it carries (for the exactly-once ledger). */
export interface Slot {
  readonly body: Buffer;
  readonly bodyIndex: number;
  /** A deliberate re-send of a body sent earlier in the schedule. */
  readonly retry: boolean;
}

export interface Reply {
  readonly status: number;
  readonly replayed: boolean;
  /** Response body, as text: intake answers { caseId, receivedOn }. */
  readonly body: string;
}

export type PhaseStop =
  /**
   * Send each slot of the schedule at most once, in order; stop when all are answered or at the
   * deadline, whichever comes first. At the deadline, requests still in flight are abandoned:
   * they are neither timed nor answered here (the exactly-once check re-sends them).
   */
  | { readonly kind: 'each-once'; readonly deadlineSeconds: number }
  /** Cycle through the schedule until this many seconds have passed. */
  | { readonly kind: 'duration'; readonly seconds: number };

export interface PhaseOptions {
  readonly url: string;
  readonly connections: number;
  readonly schedule: readonly Slot[];
  readonly stop: PhaseStop;
  /** Called for every response with the slot it answers. */
  readonly onReply?: (slot: Slot, reply: Reply) => void;
}

export interface PhaseResult {
  /** Responses received (any status). */
  readonly requests: number;
  readonly elapsedSeconds: number;
  readonly requestsPerSecond: number;
  /** Throughput over the second half of the responses: past connection set-up and early JIT. */
  readonly steadyRequestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly non2xx: number;
  readonly status5xx: number;
  /** Connection errors and timeouts: requests that got no response at all. */
  readonly errors: number;
  /** Slots sent, in schedule order (each-once: at most the schedule length). */
  readonly slotsIssued: number;
  /** True when an each-once phase was cut at its deadline before every slot was answered. */
  readonly cutAtDeadline: boolean;
}

/** Generous: a timed-out request loses its response, which the exactly-once check then has to chase. */
const REQUEST_TIMEOUT_S = 30;

interface SlotContext {
  slotIndex?: number;
}

export async function runPhase(options: PhaseOptions): Promise<PhaseResult> {
  const { schedule } = options;
  if (schedule.length === 0) throw new Error('runPhase: empty schedule');
  const eachOnce = options.stop.kind === 'each-once';
  let slotsIssued = 0;
  const latencies: number[] = [];
  const completedAt: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;

  const request: autocannon.Request = {
    method: 'POST',
    path: '/api/reports',
    headers: { 'content-type': 'application/json' },
    // autocannon calls this once per request it sends, on the connection that sends it; the
    // context is per connection and survives until that request's response (pipelining 1).
    setupRequest: (req, context) => {
      const slotIndex = eachOnce ? slotsIssued : slotsIssued % schedule.length;
      slotsIssued += 1;
      (context as SlotContext).slotIndex = slotIndex;
      return { ...req, body: schedule[Math.min(slotIndex, schedule.length - 1)]!.body };
    },
    onResponse: (status, body, context, headers) => {
      const slotIndex = (context as SlotContext).slotIndex;
      const slot = slotIndex === undefined ? undefined : schedule[slotIndex];
      if (!slot || !options.onReply) return;
      options.onReply(slot, {
        status,
        body,
        replayed: headerValue(headers, 'idempotent-replayed') === 'true',
      });
    },
  };

  const startedAt = performance.now();
  let deadline: NodeJS.Timeout | undefined;
  let cutAtDeadline = false;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        // autocannon refuses more connections than requests.
        connections: eachOnce
          ? Math.min(options.connections, schedule.length)
          : options.connections,
        pipelining: 1,
        timeout: REQUEST_TIMEOUT_S,
        requests: [request],
        // Check the stop condition every 100 ms rather than every second.
        sampleInt: 100,
        ...(eachOnce ? { amount: schedule.length } : { duration: durationOf(options.stop) }),
      },
      (error: unknown) =>
        error
          ? reject(
              error instanceof Error ? error : new Error('autocannon failed', { cause: error }),
            )
          : resolve(),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      completedAt.push(performance.now());
      latencies.push(responseTimeMs);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
    });
    instance.on('reqError', () => {
      errors += 1;
    });
    if (options.stop.kind === 'each-once') {
      deadline = setTimeout(() => {
        cutAtDeadline = true;
        instance.stop();
      }, options.stop.deadlineSeconds * 1000);
    }
  });
  clearTimeout(deadline);
  return summarise({
    startedAt,
    latencies,
    completedAt,
    statusCounts,
    errors,
    slotsIssued,
    cutAtDeadline,
  });
}

function durationOf(stop: PhaseStop): number {
  return stop.kind === 'duration' ? stop.seconds : 0;
}

function headerValue(headers: autocannon.Request['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(',') : value;
  }
  return undefined;
}

function summarise(raw: {
  startedAt: number;
  latencies: number[];
  completedAt: number[];
  statusCounts: Record<string, number>;
  errors: number;
  slotsIssued: number;
  cutAtDeadline: boolean;
}): PhaseResult {
  const requests = raw.latencies.length;
  const endedAt = raw.completedAt.at(-1) ?? raw.startedAt;
  const elapsedSeconds = (endedAt - raw.startedAt) / 1000;
  const sorted = Float64Array.from(raw.latencies).sort();
  const countWhere = (test: (status: number) => boolean): number =>
    Object.entries(raw.statusCounts).reduce(
      (sum, [status, n]) => sum + (test(Number(status)) ? n : 0),
      0,
    );
  return {
    requests,
    elapsedSeconds,
    requestsPerSecond: elapsedSeconds > 0 ? requests / elapsedSeconds : 0,
    steadyRequestsPerSecond: steadyRate(raw.completedAt),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    statusCounts: raw.statusCounts,
    non2xx: countWhere((status) => status < 200 || status > 299),
    status5xx: countWhere((status) => status >= 500),
    errors: raw.errors,
    slotsIssued: raw.slotsIssued,
    cutAtDeadline: raw.cutAtDeadline,
  };
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: Float64Array, quantile: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]!;
}

function steadyRate(completedAt: readonly number[]): number {
  const middle = Math.floor(completedAt.length / 2);
  const first = completedAt[middle];
  const last = completedAt.at(-1);
  if (first === undefined || last === undefined || last <= first) return 0;
  return (completedAt.length - 1 - middle) / ((last - first) / 1000);
}
