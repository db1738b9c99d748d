/**
 * Attack: flooding the intake from one address. Limits are counted in MongoDB, so every app
 * instance enforces the same budget, and are keyed by an HMAC of the address, never the address.
 */
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { buildSubmission } from '../helpers/reports';

describe('intake is rate-limited per address across instances', () => {
  const t = useTestApp({
    label: 'sec-ratelimit',
    caseworkers: 1,
    env: { TRUST_PROXY: '1', INTAKE_RATE_LIMIT: '3', INTAKE_RATE_WINDOW_SECONDS: '600' },
  });

  test('when one address exceeds the limit on two instances then the excess is refused with 429 JSON', async () => {
    const other = await t.startAnotherInstance();
    try {
      const from = (app: typeof t.app) =>
        request(app).post('/api/reports').set('X-Forwarded-For', '198.51.100.9');
      const statuses: number[] = [];
      for (const app of [t.app, other.app, t.app]) {
        const { body } = await buildSubmission(t.directory);
        statuses.push((await from(app).send(body)).status);
      }
      expect(statuses).toEqual([201, 201, 201]);
      const { body } = await buildSubmission(t.directory);
      const refused = await from(other.app).send(body);
      expect(refused.status).toBe(429);
      // Through the one error handler, like every refusal: its shape, the request id, Retry-After.
      expect(refused.body).toEqual({
        error: {
          code: 'rate_limited',
          message: 'Too many requests. Please wait a while and try again.',
          requestId: refused.headers['x-request-id'],
        },
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refused.headers['ratelimit-policy']).toBeDefined();

      // Another address is not affected.
      const { body: fromElsewhere } = await buildSubmission(t.directory);
      await request(t.app)
        .post('/api/reports')
        .set('X-Forwarded-For', '198.51.100.10')
        .send(fromElsewhere)
        .expect(201);
    } finally {
      await other.close();
    }
  });

  test('when counted requests are stored then their keys are keyed hashes, not addresses', async () => {
    const slots = await t.connection.db!.collection('rate_limit_counters').find({}).toArray();
    expect(slots.length).toBeGreaterThan(0);
    for (const slot of slots) {
      // One slot per counted request: `<limiter>:<keyed hash>:<window start>`, then its number.
      expect(String(slot['bucket'])).toMatch(/^intake:[A-Za-z0-9_-]{32}:\d+$/);
      expect(String(slot['_id'])).toBe(`${String(slot['bucket'])}:${String(slot['slot'])}`);
      expect(JSON.stringify(slot)).not.toContain('198.51.100');
    }
  });
});
