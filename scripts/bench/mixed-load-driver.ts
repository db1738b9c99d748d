/**
 * The load generator of `npm run bench:load`: a fixed number of keep-alive connections, each a
 * loop that asks MixedTraffic for its next request, sends it, waits for the whole answer and
 * records it. Connection i talks to instance i mod 2 only, so the instances get alternate
 * connections and each instance sees every kind of request.
 *
 * Not autocannon (load.ts): the requests here depend on earlier answers (parts and look-ups
 * follow a report's 201) and differ in method, path and headers; and each latency must be kept
 * per kind. At the few hundred requests a second this service answers on FerretDB, node:http
 * costs the load generator little. Latency is timed from the request's start to the last byte
 * of its answer.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Reply } from './load';
import {
  EXPECTED_STATUS,
  REQUEST_KINDS,
  type OutgoingRequest,
  type RequestKind,
} from './mixed-load-traffic';

/** Generous: a request that times out loses its answer, which the final re-send then settles. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface Target {
  readonly name: string;
  readonly url: string;
}

export interface KindRecord {
  readonly latenciesMs: number[];
  readonly statusCounts: Record<string, number>;
  /** Answered 201 with Idempotent-Replayed: true. */
  replayed: number;
  /** Answers other than EXPECTED_STATUS for the kind (status 0: no answer). */
  unexpected: number;
  requestBytes: number;
  readonly perTarget: Record<string, number>;
}

export interface PhaseRecord {
  readonly kinds: Record<RequestKind, KindRecord>;
  readonly perTarget: Record<string, number>;
  /** From the first request to the last answer. */
  readonly elapsedSeconds: number;
  readonly requests: number;
}

function emptyKinds(): Record<RequestKind, KindRecord> {
  const kinds = {} as Record<RequestKind, KindRecord>;
  for (const kind of REQUEST_KINDS) {
    kinds[kind] = {
      latenciesMs: [],
      statusCounts: {},
      replayed: 0,
      unexpected: 0,
      requestBytes: 0,
      perTarget: {},
    };
  }
  return kinds;
}

class Recorder {
  readonly kinds = emptyKinds();
  readonly perTarget: Record<string, number> = {};
  requests = 0;
  lastAnswerAt = 0;

  record(request: OutgoingRequest, target: Target, reply: Reply, latencyMs: number): void {
    const entry = this.kinds[request.kind];
    entry.latenciesMs.push(latencyMs);
    entry.statusCounts[reply.status] = (entry.statusCounts[reply.status] ?? 0) + 1;
    if (reply.status === 201 && reply.replayed) entry.replayed += 1;
    if (reply.status !== EXPECTED_STATUS[request.kind]) entry.unexpected += 1;
    entry.requestBytes += request.body?.length ?? 0;
    entry.perTarget[target.name] = (entry.perTarget[target.name] ?? 0) + 1;
    this.perTarget[target.name] = (this.perTarget[target.name] ?? 0) + 1;
    this.requests += 1;
    this.lastAnswerAt = performance.now();
  }
}

/** Sends one request on the connection `agent` holds; never throws (status 0 when no answer). */
function send(agent: Agent, target: Target, request: OutgoingRequest): Promise<Reply> {
  const url = new URL(request.path, target.url);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: Reply): void => {
      if (settled) return;
      settled = true;
      resolve(reply);
    };
    const req = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers: {
          ...request.headers,
          ...(request.body ? { 'content-length': String(request.body.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (request.wantsBody) chunks.push(chunk);
        });
        res.on('end', () =>
          settle({
            status: res.statusCode ?? 0,
            replayed: res.headers['idempotent-replayed'] === 'true',
            body: request.wantsBody ? Buffer.concat(chunks).toString('utf8') : '',
          }),
        );
        res.on('error', () => settle({ status: 0, replayed: false, body: '' }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', () => settle({ status: 0, replayed: false, body: '' }));
    req.end(request.body);
  });
}

export interface PhaseSettings {
  readonly targets: readonly Target[];
  readonly connections: number;
  /** No new request after this long; answers in flight are awaited. */
  readonly seconds: number;
  /** Also stop sending once this is true (the warm-up stops when its reports are all sent). */
  readonly stopEarly?: () => boolean;
}

/** Runs the traffic for a phase and returns what every connection recorded. */
export async function runMixedPhase(
  next: () => OutgoingRequest,
  settings: PhaseSettings,
): Promise<PhaseRecord> {
  const recorder = new Recorder();
  const startedAt = performance.now();
  const stopAt = startedAt + settings.seconds * 1000;
  const shouldStop = (): boolean =>
    performance.now() >= stopAt || (settings.stopEarly?.() ?? false);
  const connection = async (index: number): Promise<void> => {
    const target = settings.targets[index % settings.targets.length]!;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (!shouldStop()) {
        const request = next();
        const sentAt = performance.now();
        const reply = await send(agent, target, request);
        recorder.record(request, target, reply, performance.now() - sentAt);
        request.answered(reply);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: settings.connections }, (_, i) => connection(i)));
  return {
    kinds: recorder.kinds,
    perTarget: recorder.perTarget,
    elapsedSeconds: ((recorder.lastAnswerAt || startedAt) - startedAt) / 1000,
    requests: recorder.requests,
  };
}

/**
 * Sends each request once, `concurrency` at a time, alternating between the targets (the final
 * re-send of whatever had no 201). Returns how many were answered other than expected.
 */
export async function sendEach(
  requests: readonly OutgoingRequest[],
  targets: readonly Target[],
  concurrency: number,
): Promise<number> {
  let nextIndex = 0;
  let unexpected = 0;
  const connection = async (index: number): Promise<void> => {
    const target = targets[index % targets.length]!;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = nextIndex++; i < requests.length; i = nextIndex++) {
        const request = requests[i]!;
        const reply = await send(agent, target, request);
        if (reply.status !== EXPECTED_STATUS[request.kind]) unexpected += 1;
        request.answered(reply);
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, requests.length) }, (_, i) => connection(i)),
  );
  return unexpected;
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], quantile: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(quantile * sorted.length) - 1))]!;
}
