/**
 * Attack: a burst of concurrent requests from one address, aimed at slipping through the
 * per-address limit while the counter is being updated. On FerretDB v1 `$inc` is not atomic (20
 * concurrent increments of one counter were seen to leave it at 7), so a counter document lets a
 * burst pass many times over. Each hit is its own inserted document, counted after the insert:
 * the k-th insert to complete counts at least k, so no more than the limit can pass.
 */
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';

const LIMIT = 10;
const BURST = 100;

describe('concurrent hits cannot pass the rate limit', () => {
  const t = useTestApp({
    label: 'sec-concurrent-hits',
    caseworkers: 1,
    env: {
      TRUST_PROXY: '1',
      INTAKE_RATE_LIMIT: String(LIMIT),
      INTAKE_RATE_WINDOW_SECONDS: '3600',
    },
  });

  test('when 100 requests from one address arrive at once then at most 10 get past the limiter', async () => {
    // The limiter runs before the body is read: an empty body that gets past it is answered 400
    // empty_body, one that does not is answered 429. No report needs to be encrypted.
    const statuses = await Promise.all(
      Array.from({ length: BURST }, async () => {
        const response = await request(t.app)
          .post('/api/reports')
          .set('X-Forwarded-For', '203.0.113.77')
          .set('Content-Type', 'application/json')
          .send('{}');
        return response.status;
      }),
    );
    const passed = statuses.filter((status) => status !== 429);
    expect(passed.every((status) => status === 400)).toBe(true);
    expect(passed.length).toBeLessThanOrEqual(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(BURST - passed.length);

    // The window stays spent: one more request from the address is refused too.
    const after = await request(t.app)
      .post('/api/reports')
      .set('X-Forwarded-For', '203.0.113.77')
      .set('Content-Type', 'application/json')
      .send('{}');
    expect(after.status).toBe(429);
    expect(after.body.error.code).toBe('rate_limited');
  });
});
