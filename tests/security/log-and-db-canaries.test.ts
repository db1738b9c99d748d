/**
 * Attack: seizing the database or the logs to learn who reported, from where, with what device,
 * having come from which page, with which file. A reporter's whole visit is replayed with canary
 * values — the client address (through a trusted proxy, IPv4 and IPv6), User-Agent, Referer,
 * Origin, Accept-Language, a query string, and a file name in upload headers — on every reporter
 * route: the page and an asset, the recipient directory, intake (accepted, refused,
 * rate-limited), receipt lookups (found, wrong, malformed, rate-limited), follow-ups, attachment
 * parts (stored, refused, rate-limited), health. Defence: reporter routes keep no access log; the
 * logger passes only allow-listed fields (server/platform/logger.ts); rate-limit counters key
 * on an HMAC of the address; nothing stores a header. Then every collection and the captured log
 * output (at debug level) are searched for every canary, in the encodings a careless change
 * would use. tests/security/reporter-identity-not-kept.test.ts covers intake alone.
 */
import { randomBytes } from 'node:crypto';
import request, { type Test } from 'supertest';
import { encryptForDirectory } from '../../client/crypto';
import { dumpAllCollections } from '../helpers/database';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { useTestApp } from '../helpers/use-test-app';
import { captureLog, encodingsOf } from '../helpers/log-capture';

const CANARY = {
  address: '203.0.113.91',
  addressV6: '2001:db8:c0de:4242::91',
  userAgent: 'CanaryBrowser/9.1 (canary-user-agent-8d2f)',
  referer: 'https://canary-referer-3b7c.example/search?q=canary-referer-query',
  origin: 'https://canary-origin-61aa.example',
  language: 'x-canary-lang-77',
  query: 'canary-query-4e0d',
  fileName: 'canary-file-name-9c31.pdf',
} as const;

/** Distinctive fragments, so a partial or reformatted copy is found too. */
const FRAGMENTS = [
  '203.0.113',
  'cb00715b', // 203.0.113.91 as hex octets
  '2001:db8:c0de',
  '2001:0db8:c0de',
  'c0de:4242',
  'CanaryBrowser',
  'canary-user-agent',
  'canary-referer',
  'canary-origin',
  'x-canary-lang',
  'canary-query',
  'canary-file-name',
];

describe('canaries of a whole reporter visit, on every reporter route', () => {
  const { lines: logLines, destination: capture } = captureLog();
  const t = useTestApp({
    label: 'sec-canaries',
    caseworkers: 1,
    // A proxy passes the client address on; low limits so each limiter refuses once.
    env: {
      TRUST_PROXY: '1',
      INTAKE_RATE_LIMIT: '4',
      RECEIPT_FAILED_LOOKUP_LIMIT: '3',
      ATTACHMENT_RATE_LIMIT: '4',
    },
    logDestination: capture,
  });

  /** The canary headers a reporter's browser (and the proxy) would send. */
  const visit = (test: Test, address: string = CANARY.address): Test =>
    test.set({
      'X-Forwarded-For': address,
      'User-Agent': CANARY.userAgent,
      Referer: CANARY.referer,
      Origin: CANARY.origin,
      'Accept-Language': `${CANARY.language},en;q=0.5`,
    });
  const q = `?ref=${CANARY.query}`;

  test('when a reporter visits, reports, comes back, follows up and uploads with canary values then no canary is stored or logged', async () => {
    const agent = request(t.app);
    const statuses: Record<string, number[]> = {};
    const note = (name: string, status: number) => (statuses[name] ??= []).push(status);

    // The page, an asset that does not exist, the directory, health.
    note('page', (await visit(agent.get(`/${q}&lang=ug`))).status);
    note('page', (await visit(agent.head(`/${q}`))).status);
    note('asset', (await visit(agent.get(`/assets/reporter-0000.js${q}`))).status);
    note('directory', (await visit(agent.get(`/api/recipients${q}`))).status);
    note('health', (await visit(agent.get(`/healthz${q}`))).status);
    note('health', (await visit(agent.get(`/readyz${q}`))).status);
    note('preflight', (await visit(agent.options(`/api/reports${q}`))).status);

    // Intake: accepted (IPv4 and IPv6), refused, then over the limit.
    const report = await buildSubmission(t.directory);
    note('intake', (await visit(agent.post(`/api/reports${q}`)).send(report.body)).status);
    const other = await buildSubmission(t.directory);
    note(
      'intake',
      (await visit(agent.post(`/api/reports${q}`), CANARY.addressV6).send(other.body)).status,
    );
    for (let i = 0; i < 4; i++) {
      note(
        'intake',
        (await visit(agent.post(`/api/reports${q}`)).send({ junk: CANARY.query })).status,
      );
    }

    // Coming back with the receipt: found, then follow-ups accepted and refused.
    const { receiptVerifier } = report.body;
    note(
      'lookup',
      (await visit(agent.post(`/api/receipts/case${q}`)).send({ receiptVerifier })).status,
    );
    const followUp = await encryptToDirectory(t.directory, 'TEST ONLY follow-up');
    note(
      'follow-up',
      (
        await visit(agent.post(`/api/receipts/messages${q}`)).send({
          receiptVerifier,
          messageId: randomBytes(16).toString('hex'),
          message: followUp,
        })
      ).status,
    );
    note(
      'follow-up',
      (
        await visit(agent.post(`/api/receipts/messages${q}`)).send({
          receiptVerifier,
          messageId: randomBytes(16).toString('hex'),
          message: CANARY.fileName,
        })
      ).status,
    );

    // Attachment parts with a file name where a careless client would put one.
    const upload = (bytes: Uint8Array, verifier = receiptVerifier) =>
      visit(agent.put(`/api/attachments/${randomBytes(16).toString('hex')}/parts/0${q}`))
        .set({
          'Content-Type': 'application/octet-stream',
          'X-Receipt-Verifier': verifier,
          'Content-Disposition': `attachment; filename="${CANARY.fileName}"`,
          'X-File-Name': CANARY.fileName,
        })
        .send(Buffer.from(bytes));
    const part = await encryptForDirectory(new TextEncoder().encode('TEST ONLY file'), t.directory);
    note('part', (await upload(part)).status);
    note('part', (await upload(new TextEncoder().encode(CANARY.fileName))).status);
    for (let i = 0; i < 3; i++) note('part', (await upload(part, 'B'.repeat(43))).status);

    // Wrong and malformed receipts until the failed-lookup limit answers.
    for (const verifier of ['A'.repeat(43), CANARY.query, 'A'.repeat(43), 'A'.repeat(43)]) {
      note(
        'lookup',
        (await visit(agent.post(`/api/receipts/case${q}`)).send({ receiptVerifier: verifier }))
          .status,
      );
    }

    // Every kind of answer happened: accepted, refused and rate-limited on each reporter route.
    expect(statuses).toEqual({
      page: [503, 503], // the site is not built in this test; the answer still goes through the logger
      asset: [404],
      directory: [200],
      health: [200, 200],
      preflight: [200], // Express answers OPTIONS with Allow only: no CORS headers
      intake: [201, 201, 400, 400, 400, 429],
      lookup: [200, 404, 400, 404, 429],
      'follow-up': [201, 400],
      part: [201, 422, 404, 404, 429],
    });

    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    t.writeReporterCounts(); // reporter requests are counted, not logged one by one
    const logged = logLines.join('');
    // The search is meaningful: reports, parts and counters are stored, refusals were logged.
    expect(stored).toContain(report.body.submissionId);
    expect(logLines.length).toBeGreaterThan(5);
    const found: string[] = [];
    for (const [place, haystack] of [
      ['database', stored],
      ['log', logged],
    ] as const) {
      for (const [name, value] of Object.entries(CANARY)) {
        for (const encoded of encodingsOf(value)) {
          if (haystack.includes(encoded)) found.push(`${place}: ${name} as ${encoded}`);
        }
      }
      for (const fragment of FRAGMENTS) {
        if (haystack.toLowerCase().includes(fragment.toLowerCase()))
          found.push(`${place}: fragment ${fragment}`);
      }
    }
    expect(found).toEqual([]);
  });
});
