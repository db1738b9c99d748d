/**
 * The load generator of `npm run bench:load`: keep-alive connections, each a loop that asks
 * MixedTraffic for its next request, sends it, waits for the whole answer (latency to its last
 * byte) and records it; connection i talks to instance i mod 2 only. Not autocannon: these
 * requests depend on earlier answers and differ in method, path and headers.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { Reply } from './exactly-once';
import type { Target } from './kit/app';
import type { OutgoingRequest, RequestKind } from './mixed-load-traffic';

/** Generous: a request that times out loses its answer, which the final re-send then settles. */
const REQUEST_TIMEOUT_MS = 30_000;

/** One answer as the phase recorded it (status 0: none came). */
export interface Answered {
  readonly kind: RequestKind;
  readonly target: string;
  readonly ms: number;
  readonly status: number;
  readonly replayed: boolean;
  readonly requestBytes: number;
}

/** Sends one request on the connection `agent` holds; never throws (status 0 when no answer). */
function send(agent: Agent, target: Target, request: OutgoingRequest): Promise<Reply> {
  const url = new URL(request.path, target.url);
  const length = request.body ? { 'content-length': String(request.body.length) } : {};
  const options = {
    ...{ agent, host: url.hostname, port: url.port, method: request.method },
    ...{ path: `${url.pathname}${url.search}`, headers: { ...request.headers, ...length } },
  };
  return new Promise((resolve) => {
    const noAnswer = (): void => resolve({ status: 0, replayed: false, body: '' });
    const req = httpRequest(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => request.wantsBody && chunks.push(chunk));
      res.on('error', noAnswer);
      res.on('end', () => {
        const replayed = res.headers['idempotent-replayed'] === 'true';
        resolve({ status: res.statusCode ?? 0, replayed, body: Buffer.concat(chunks).toString() });
      });
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', noAnswer);
    req.end(request.body);
  });
}

/** Runs `connection` `count` times at once, each with a keep-alive socket of its own. */
async function connections(
  count: number,
  connection: (agent: Agent, index: number) => Promise<void>,
): Promise<void> {
  const one = async (index: number): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    await connection(agent, index).finally(() => agent.destroy());
  };
  await Promise.all(Array.from({ length: count }, (_, index) => one(index)));
}

/**
 * Sends traffic until `seconds` have passed (or `stopEarly` says so); answers in flight are
 * awaited. Returns every answer, and the time from the first request to the last answer.
 */
export async function runMixedPhase(
  next: () => OutgoingRequest,
  settings: { targets: readonly Target[]; connections: number; seconds: number },
  stopEarly = (): boolean => false,
): Promise<{ answers: Answered[]; elapsedSeconds: number }> {
  const answers: Answered[] = [];
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const stopAt = startedAt + settings.seconds * 1000;
  await connections(settings.connections, async (agent, index) => {
    const target = settings.targets[index % settings.targets.length]!;
    while (performance.now() < stopAt && !stopEarly()) {
      const request = next();
      const sentAt = performance.now();
      const reply = await send(agent, target, request);
      lastAnswerAt = performance.now();
      const { kind, body } = request;
      const { status, replayed } = reply;
      const requestBytes = body?.length ?? 0;
      answers.push({
        kind,
        target: target.label,
        ms: lastAnswerAt - sentAt,
        status,
        replayed,
        requestBytes,
      });
      request.answered(reply);
    }
  });
  return { answers, elapsedSeconds: (lastAnswerAt - startedAt) / 1000 };
}

/** Sends each request once, `concurrency` at a time, alternating between the targets. */
export async function sendEach(
  requests: readonly OutgoingRequest[],
  targets: readonly Target[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  await connections(Math.min(concurrency, requests.length), async (agent, index) => {
    const target = targets[index % targets.length]!;
    for (let i = next++; i < requests.length; i = next++) {
      requests[i]!.answered(await send(agent, target, requests[i]!));
    }
  });
}
