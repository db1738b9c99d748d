/**
 * Attack: locking every onion reporter out with a few dozen junk requests. Behind Tor every
 * request comes from the tor daemon, so per-address buckets would be one bucket for all onion
 * users, and a new circuit per request costs the attacker nothing. Defence: requests accepted on
 * the onion listener (and only those, whatever their headers say) skip the per-address buckets
 * and wait their turn in a per-instance FIFO queue of each route class; only a full queue refuses
 * (503 onion_busy). Receipt look-ups on the onion path have no failed-lookup lockout at all.
 *
 * Every request here goes through supertest's own listener for the onion app: a new connection
 * each time, as a new circuit would be.
 */
import { randomBytes } from 'node:crypto';
import request, { type Response } from 'supertest';
import { findFreePort } from '../../scripts/local-db/local-db';
import { connectDb } from '../../server/platform/db';
import { testDatabaseUri } from '../helpers/database';
import { buildSubmission, encryptToDirectory, type BuiltSubmission } from '../helpers/reports';
import { serverProcessEnv, startServerProcess } from '../helpers/server-process';
import type { TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/use-test-app';

/** A receipt verifier of the right form that opens nothing. */
const UNKNOWN_VERIFIER = 'A'.repeat(43);
/** Clearnet limits so low that a handful of requests from one address would hit them. */
const LOW_CLEARNET_LIMITS = {
  TRUST_PROXY: '1',
  INTAKE_RATE_LIMIT: '3',
  RECEIPT_FAILED_LOOKUP_LIMIT: '3',
  RECEIPT_FOLLOW_UP_LIMIT: '3',
};
const FLOOD = 150;

let spoofCounter = 0;
/**
 * What a flooder might send beside its junk: nothing special (most Tor clients), or headers that
 * claim another client address or host. None of them may change how an onion request is counted.
 */
function hostileHeaders(): Record<string, string> {
  const n = ++spoofCounter;
  const address = `203.0.113.${(n % 250) + 1}`;
  switch (n % 4) {
    case 0:
      return {};
    case 1:
      return { 'X-Forwarded-For': address };
    case 2:
      return { 'X-Forwarded-For': `${address}, 198.51.100.${n % 250}`, 'X-Real-IP': address };
    default:
      return { Host: `flood-${n}.example`, Forwarded: `for=${address}` };
  }
}

/** Junk for the intake and for receipt look-ups, each on a new connection. */
const junkReport = (t: TestApp) => () =>
  request(t.onionApp)
    .post('/api/reports')
    .set(hostileHeaders())
    .set('Content-Type', 'application/json')
    .send('{}');
const badLookup = (t: TestApp) => () =>
  request(t.onionApp)
    .post('/api/receipts/case')
    .set(hostileHeaders())
    .send({ receiptVerifier: UNKNOWN_VERIFIER });

/** The flood with the honest requests spread through it; all sent at once. */
async function sendInterleaved(
  flood: (() => PromiseLike<Response>)[],
  honest: (() => PromiseLike<Response>)[],
): Promise<{ flood: Response[]; honest: Response[] }> {
  const order = flood.map((send) => ({ send, honest: false }));
  honest.forEach((send, i) => {
    const at = Math.floor(((i + 1) * order.length) / (honest.length + 1));
    order.splice(at, 0, { send, honest: true });
  });
  const responses = await Promise.all(order.map(({ send }) => send()));
  return {
    flood: responses.filter((_, i) => !order[i]!.honest),
    honest: responses.filter((_, i) => order[i]!.honest),
  };
}

const statusesOf = (responses: Response[]) => [...new Set(responses.map((r) => r.status))];

describe('an onion flood slows reporters down but locks none out', () => {
  const t = useTestApp({
    label: 'sec-onion-flood',
    caseworkers: 1,
    env: {
      ...LOW_CLEARNET_LIMITS,
      // 10 a second after a burst of 100 (10 seconds' worth): the flood has to queue, and the
      // queue (60 seconds' worth, 600 places) holds all of it.
      ONION_INTAKE_PER_MINUTE: '600',
      ONION_RECEIPTS_PER_MINUTE: '600',
      ONION_QUEUE_SECONDS: '60',
    },
  });

  let honestReports: BuiltSubmission[];

  test('when junk reports and bad look-ups flood the onion listener then every honest report is accepted and nothing is refused', async () => {
    honestReports = await Promise.all(
      Array.from({ length: 4 }, () => buildSubmission(t.directory)),
    );
    const { flood, honest } = await sendInterleaved(
      [
        ...Array.from({ length: FLOOD }, () => junkReport(t)),
        ...Array.from({ length: FLOOD }, () => badLookup(t)),
      ],
      honestReports.map(
        ({ body }) =>
          () =>
            request(t.onionApp).post('/api/reports').send(body),
      ),
    );
    expect(honest.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    // Junk gets its own answer (400, 404), never 429 or 503: it waited in line like everyone.
    expect(statusesOf(flood).sort()).toEqual([400, 404]);
  });

  test('when bad receipt look-ups keep coming then honest look-ups and follow-ups still succeed and none is ever 429', async () => {
    const lookup = (verifier: string) => () =>
      request(t.onionApp).post('/api/receipts/case').send({ receiptVerifier: verifier });
    const message = await encryptToDirectory(t.directory, 'TEST ONLY: more about what happened.');
    const followUp = (verifier: string) => () =>
      request(t.onionApp)
        .post('/api/receipts/messages')
        .send({ receiptVerifier: verifier, messageId: randomBytes(16).toString('hex'), message });
    const verifiers = honestReports.map(({ body }) => body.receiptVerifier);
    const { flood, honest } = await sendInterleaved(
      Array.from({ length: FLOOD }, () => badLookup(t)),
      [...verifiers.map(lookup), ...verifiers.map(followUp)],
    );
    expect(honest.map((response) => response.status)).toEqual([
      ...Array(4).fill(200),
      ...Array(4).fill(201),
    ]);
    for (const response of honest.slice(0, 4)) expect(response.body.status).toBe('new');
    expect(statusesOf(flood)).toEqual([404]);
  });

  test('when a clearnet client sends the same junk then its own address is still limited (the clearnet budget is unchanged)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await request(t.app)
        .post('/api/receipts/case')
        .set('X-Forwarded-For', '198.51.100.77')
        .send({ receiptVerifier: UNKNOWN_VERIFIER });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
  });
});

describe('a full onion queue refuses with 503 onion_busy', () => {
  const t = useTestApp({
    label: 'sec-onion-full',
    caseworkers: 1,
    // One report a minute, no burst beyond it, and a queue of two places (120 s of waiting).
    env: { ONION_INTAKE_PER_MINUTE: '1', ONION_QUEUE_SECONDS: '120' },
  });

  test('when the queue is full then the next request is refused at once and the waiting ones keep their places', async () => {
    // The one token of the minute.
    expect((await junkReport(t)()).status).toBe(400);

    const settled: Response[] = [];
    const three = Array.from({ length: 3 }, () =>
      Promise.resolve(junkReport(t)()).then((response) => {
        settled.push(response);
        return response;
      }),
    );
    // Two take the two places; whichever of the three comes third is refused without waiting.
    const refused = await Promise.race(three);
    expect(settled).toHaveLength(1);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toEqual({
      code: 'onion_busy',
      message: expect.any(String),
      requestId: refused.headers['x-request-id'],
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // Shutdown answers the two that are still waiting, the same way.
    t.releaseOnionQueues();
    const all = await Promise.all(three);
    expect(all.map((response) => response.body.error?.code)).toEqual([
      'onion_busy',
      'onion_busy',
      'onion_busy',
    ]);
  });
});

describe('the onion listener of the real server (ONION_PORT)', () => {
  test('when requests arrive on ONION_PORT then they are onion requests whatever their headers, and those on PORT are not', async () => {
    const mongodbUri = testDatabaseUri('sec-onion-listener');
    const onionPort = await findFreePort();
    const server = await startServerProcess({
      ...serverProcessEnv(mongodbUri, 'A'.repeat(40)),
      ONION_PORT: String(onionPort),
      ...LOW_CLEARNET_LIMITS,
    });
    try {
      const lookups = async (
        baseUrl: string,
        count: number,
        headers: () => Record<string, string>,
      ) => {
        const responses: Response[] = [];
        for (let i = 0; i < count; i++) {
          responses.push(
            await request(baseUrl)
              .post('/api/receipts/case')
              .set(headers())
              .send({ receiptVerifier: UNKNOWN_VERIFIER }),
          );
        }
        return responses;
      };
      const onion = await lookups(`http://127.0.0.1:${onionPort}`, 12, hostileHeaders);
      expect(onion.map((response) => response.status)).toEqual(Array(12).fill(404));
      // Nothing on the onion listener carries HSTS, whatever Host it names.
      for (const response of onion) {
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }

      // The same look-ups on PORT, even claiming to come through Tor, are counted per address.
      const clearnet = await lookups(server.baseUrl, 6, () => ({
        'X-Forwarded-For': '127.0.0.1',
        Host: `${'a'.repeat(56)}.onion`,
      }));
      expect(clearnet.map((response) => response.status)).toEqual([404, 404, 404, 429, 429, 429]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      const connection = await connectDb(mongodbUri);
      await connection.dropDatabase().catch(() => {});
      await connection.close();
    }
  });
});
