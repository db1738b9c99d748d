/**
 * Attack: escaping the per-address limits (intake flood, receipt guessing, part uploads, password
 * guessing) by making each request look as if it came from somewhere else: a fresh
 * X-Forwarded-For value each time, other "client address" headers proxies sometimes use, or
 * fresh IPv6 addresses from one's own /56. Defence: Express trusts exactly TRUST_PROXY hops
 * (`trust proxy` = the number, never `true`), so the address is the one the last trusted proxy
 * appended — the attacker only controls what stands left of it — and no other header is read;
 * without a proxy, X-Forwarded-For is ignored. Counters key on the /56 of an IPv6 address.
 */
import request, { type Test } from 'supertest';
import type { TestApp } from '../helpers/test-app';
import { useTestApp } from '../helpers/use-test-app';

const LIMIT = 3;
const LIMITS = {
  INTAKE_RATE_LIMIT: String(LIMIT),
  RECEIPT_FAILED_LOOKUP_LIMIT: String(LIMIT),
  ATTACHMENT_RATE_LIMIT: String(LIMIT),
};
/** A receipt verifier of the right form that opens nothing: every lookup with it fails. */
const UNKNOWN_VERIFIER = 'A'.repeat(43);

/** Headers some proxies and CDNs use for the client address; none of them is ours to trust. */
const OTHER_ADDRESS_HEADERS = [
  'X-Real-IP',
  'True-Client-IP',
  'CF-Connecting-IP',
  'X-Client-IP',
  'Client-IP',
  'X-Cluster-Client-IP',
  'Fastly-Client-IP',
  'Forwarded',
];

interface LimitedRoute {
  readonly name: string;
  readonly send: (app: TestApp['app'], headers: Record<string, string>) => Test;
  readonly refusedBeforeLimit: number;
}

/** Requests each limiter counts (failed lookups only count when they fail, so they all fail). */
const ROUTES: LimitedRoute[] = [
  {
    name: 'intake',
    send: (app, headers) =>
      request(app)
        .post('/api/reports')
        .set(headers)
        .set('Content-Type', 'application/json')
        .send('{}'),
    refusedBeforeLimit: 400,
  },
  {
    name: 'receipt lookup',
    send: (app, headers) =>
      request(app)
        .post('/api/receipts/case')
        .set(headers)
        .send({ receiptVerifier: UNKNOWN_VERIFIER }),
    refusedBeforeLimit: 404,
  },
  {
    name: 'attachment part',
    send: (app, headers) =>
      request(app)
        .put(`/api/attachments/${'c'.repeat(32)}/parts/0`)
        .set(headers)
        .set({ 'Content-Type': 'application/octet-stream', 'X-Receipt-Verifier': UNKNOWN_VERIFIER })
        .send(Buffer.from([0xc1, 0x00])),
    refusedBeforeLimit: 404,
  },
];

let counter = 0;
/** A different spoofed value every call. */
const spoofed = () => `203.0.113.${(++counter % 250) + 1}`;

async function statusesOf(
  app: TestApp['app'],
  route: LimitedRoute,
  headersFor: (attempt: number) => Record<string, string>,
  attempts = LIMIT + 3,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    statuses.push((await route.send(app, headersFor(attempt))).status);
  }
  return statuses;
}

const limited = (route: LimitedRoute, attempts = LIMIT + 3) => [
  ...Array<number>(LIMIT).fill(route.refusedBeforeLimit),
  ...Array<number>(attempts - LIMIT).fill(429),
];

/** The block's app, with the limits above, trusting `hops` proxies in front of it. */
const useAppTrusting = (label: string, hops: '0' | '1') =>
  useTestApp({ label, caseworkers: 1, env: { TRUST_PROXY: hops, ...LIMITS } });

/** One test per limited route, named for it. */
const eachRoute = test.each(ROUTES.map((route) => [route.name, route] as const));

describe('rate limits behind one trusted proxy (TRUST_PROXY=1)', () => {
  const t = useAppTrusting('sec-spoof-proxy', '1');

  eachRoute(
    'when the %s client writes a new X-Forwarded-For each time then the proxy-appended address is still limited',
    async (_name, route) => {
      // The proxy appends the address it saw; whatever the client sent stays in front of it.
      const real = `198.51.100.${10 + ROUTES.indexOf(route)}`;
      const statuses = await statusesOf(t.app, route, () => ({
        'X-Forwarded-For': `${spoofed()}, ${spoofed()}, ${real}`,
      }));
      expect(statuses).toEqual(limited(route));
    },
  );

  test('when the client sends several X-Forwarded-For headers then only the one the proxy appended counts', async () => {
    const route = ROUTES[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      // Node joins repeated headers with ", ": the proxy's line is still the last entry.
      const response = await request(t.app)
        .post('/api/reports')
        .set('Content-Type', 'application/json')
        // Two header lines (superagent types arrays for Cookie only; Node sends any as lines).
        .set('X-Forwarded-For', [spoofed(), `${spoofed()}, 198.51.100.40`] as unknown as string)
        .send('{}');
      statuses.push(response.status);
    }
    expect(statuses).toEqual(limited(route, LIMIT + 2));
  });

  test('when the client rotates other address headers then they are ignored', async () => {
    const route = ROUTES[1]!;
    const statuses = await statusesOf(t.app, route, (attempt) => {
      const headers: Record<string, string> = { 'X-Forwarded-For': '198.51.100.50' };
      const name = OTHER_ADDRESS_HEADERS[attempt % OTHER_ADDRESS_HEADERS.length]!;
      headers[name] = name === 'Forwarded' ? `for=${spoofed()}` : spoofed();
      return headers;
    });
    expect(statuses).toEqual(limited(route));
  });

  test('when the client rotates IPv6 addresses inside one /56 then they share one budget', async () => {
    const route = ROUTES[0]!;
    const statuses = await statusesOf(t.app, route, (attempt) => ({
      // 2001:db8:77:1200::/56 — the interface part and the last 8 bits of the prefix change.
      'X-Forwarded-For': `2001:db8:77:12${(attempt * 37).toString(16).padStart(2, '0')}::${attempt + 1}`,
    }));
    expect(statuses).toEqual(limited(route));
    // Another /56 has its own budget.
    const elsewhere = await route.send(t.app, { 'X-Forwarded-For': '2001:db8:77:1300::1' });
    expect(elsewhere.status).toBe(route.refusedBeforeLimit);
  });

  test('when one address guesses passwords for many accounts behind rotating spoofed entries then it is throttled', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const response = await request(t.app)
        .post('/api/auth/login')
        .set({
          'Content-Type': 'application/json',
          'X-Forwarded-For': `${spoofed()}, 198.51.100.60`,
          'X-Real-IP': spoofed(),
        })
        .send({ username: `nobody-${i}`, password: 'a wrong password of decent length' });
      statuses.push(response.status);
    }
    // 10 free attempts per address (SECURITY.md "Staff identity, sessions and keys"), then a wait.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('rate limits with no proxy in front (TRUST_PROXY=0)', () => {
  const t = useAppTrusting('sec-spoof-direct', '0');

  eachRoute(
    'when the %s client sends X-Forwarded-For without a proxy then it is ignored and the socket address is limited',
    async (_name, route) => {
      const statuses = await statusesOf(t.app, route, () => ({
        'X-Forwarded-For': spoofed(),
        'X-Real-IP': spoofed(),
      }));
      expect(statuses).toEqual(limited(route));
    },
  );
});
