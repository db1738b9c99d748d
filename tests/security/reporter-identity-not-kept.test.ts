/**
 * Attack: seizing the database or the logs to learn who reported. A canary address, user agent
 * and query string are sent with accepted and refused reports; none may appear in any collection
 * or in the captured log output.
 */
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { captureLog } from '../helpers/log-capture';
import { buildSubmission } from '../helpers/reports';
import { dumpAllCollections } from '../helpers/database';

const CANARY_ADDRESS = '203.0.113.77';
const CANARY_ADDRESS_V6 = '2001:db8:cafe:1234::77';
const CANARY_AGENT = 'CanaryAgent/7.7 (amanat-canary-user-agent)';
const CANARY_QUERY = 'canary-query-5f1e';

describe("the reporter's address and user agent are never kept", () => {
  const { lines: logLines, destination: capture } = captureLog();
  const t = useTestApp({
    label: 'sec-identity',
    env: { TRUST_PROXY: '1', INTAKE_RATE_LIMIT: '3' }, // the proxy passes the client address on
    logDestination: capture,
  });

  function post(address: string, body: unknown) {
    return request(t.app)
      .post(`/api/reports?ref=${CANARY_QUERY}`)
      .set('X-Forwarded-For', address)
      .set('User-Agent', CANARY_AGENT)
      .send(body as object);
  }

  test('when reports are accepted, refused and rate-limited from a canary address then no trace of it is stored or logged', async () => {
    const { body } = await buildSubmission(t.directory);
    expect((await post(CANARY_ADDRESS, body)).status).toBe(201);
    expect((await post(CANARY_ADDRESS, { ...body, message: 'not armored' })).status).toBe(409);
    expect((await post(CANARY_ADDRESS, { junk: true })).status).toBe(400);
    expect((await post(CANARY_ADDRESS, { junk: true })).status).toBe(429); // limit 3
    const { body: v6Body } = await buildSubmission(t.directory);
    expect((await post(CANARY_ADDRESS_V6, v6Body)).status).toBe(201);
    await request(t.app)
      .get(`/api/nowhere?ref=${CANARY_QUERY}`)
      .set('User-Agent', CANARY_AGENT)
      .expect(404);

    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    t.writeReporterCounts(); // reporter requests are counted, not logged one by one
    const logged = logLines.join('');
    expect(logLines.length).toBeGreaterThan(0); // refusals were logged, so the search is meaningful
    for (const haystack of [stored, logged]) {
      for (const canary of canaryEncodings()) expect(haystack).not.toContain(canary);
      expect(haystack).not.toContain(CANARY_AGENT);
      expect(haystack).not.toContain('CanaryAgent');
      expect(haystack).not.toContain(CANARY_QUERY);
    }
  });
});

function canaryEncodings(): string[] {
  const forms = [CANARY_ADDRESS, CANARY_ADDRESS_V6, '2001:db8:cafe:1234', '2001:0db8:cafe:1234'];
  return forms
    .flatMap((form) => [
      form,
      Buffer.from(form).toString('base64'),
      Buffer.from(form).toString('hex'),
    ])
    .concat(['203.0.113', 'cb007177' /* 203.0.113.77 as hex octets */]);
}
