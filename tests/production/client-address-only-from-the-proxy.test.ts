/**
 * Attack, on the production path: a client sends its own X-Forwarded-For (or Forwarded,
 * X-Real-IP) to get a fresh rate-limit bucket for every request, e.g. to guess receipts without
 * end. Defence: Caddy replaces X-Forwarded-For with the address it sees and drops the others
 * (deploy/caddy/Caddyfile), and the apps trust exactly one proxy hop (TRUST_PROXY=1), so the
 * address they count is the one Caddy saw. The buckets live in the database, shared by both
 * instances; a client at another address still has its own.
 */
import { randomBytes } from 'node:crypto';
import {
  sendThroughProxy,
  startProductionPathFor,
  type ProductionPath,
} from '../helpers/production-path';

/** Failed receipt look-ups one address may make per window. */
const LIMIT = 4;

describe('production path: the client address comes only from the proxy', () => {
  let path: ProductionPath;

  beforeAll(async () => {
    ({ path } = await startProductionPathFor('proxy-address', {
      RECEIPT_FAILED_LOOKUP_LIMIT: String(LIMIT),
    }));
  }, 90_000);

  afterAll(async () => {
    await path?.stop();
  });

  /** A look-up with a receipt nobody has: a failure that counts against the sender's address. */
  const lookUp = (forged: Record<string, string>, localAddress = '127.0.0.1') =>
    sendThroughProxy(path, {
      method: 'POST',
      path: '/api/receipts/case',
      headers: { 'Content-Type': 'application/json', ...forged },
      body: JSON.stringify({ receiptVerifier: randomBytes(32).toString('base64url') }),
      localAddress,
    });

  const forgedHeaders = (i: number) => ({
    'X-Forwarded-For': `203.0.113.${i}`,
    Forwarded: `for=198.51.100.${i}`,
    'X-Real-IP': `192.0.2.${i}`,
  });

  test('when every request forges another client address then the proxy’s address for it is what the limit counts', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= LIMIT + 2; i++) statuses.push((await lookUp(forgedHeaders(i))).status);
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(404), 429, 429]);

    // Forging the address of a client that still has room does not borrow its bucket either.
    expect((await lookUp({ 'X-Forwarded-For': '127.0.0.2' })).status).toBe(429);
  });

  test('when a client connects from another address then it has a bucket of its own', async () => {
    expect((await lookUp({}, '127.0.0.2')).status).toBe(404);
    expect((await lookUp(forgedHeaders(9), '127.0.0.3')).status).toBe(404);
  });
});
