/**
 * Attack: anything a missing or loosened response header lets through — framing (clickjacking a
 * caseworker), a cross-origin window or embed reading our pages, the Referer leaking where a
 * reporter came from, a browser or proxy cache keeping a report or the fact of a visit, MIME
 * sniffing turning ciphertext into HTML, a downgrade to plain HTTP. Defence: one middleware
 * (server/platform/security-headers.ts) sets the same strict headers on every answer; this test
 * asserts them exactly, per route class: reporter page and asset, API JSON and API error,
 * dashboard page and asset, attachment part download, statistics, health. HSTS is sent
 * everywhere except on the configured onion host (Tor Browser would upgrade the http:// onion
 * address to https://, which the onion service does not serve); the clearnet reporter page
 * names the onion address in Onion-Location. Reporter answers never set a cookie.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request, { type Response } from 'supertest';
import { buildReporterSite, buildStaffSite } from '../../client/build';
import { encryptForDirectory } from '../../client/crypto';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import { buildSubmission } from '../helpers/reports';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { createTestApp, type TestApp } from '../helpers/test-app';

const ONION_HOST = `${'amanat7'.repeat(8)}.onion`;
const ONION_ORIGIN = `http://${ONION_HOST}`;
const CLEARNET_HOST = 'amanat.example.org';

/** Every answer of ours, whatever route, carries exactly these. */
const STRICT_HEADERS = {
  'content-security-policy':
    "default-src 'none';script-src 'self';style-src 'self';img-src 'self' blob:;font-src 'self';" +
    "connect-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none';" +
    "object-src 'none';require-trusted-types-for 'script'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'referrer-policy': 'no-referrer',
  'permissions-policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;
const HSTS = 'max-age=63072000; includeSubDomains';

/** Headers that would only ever tell something about us or the visitor; none may be sent. */
const NEVER_SENT = [
  'x-powered-by',
  'server',
  'etag',
  'last-modified',
  'access-control-allow-origin',
];

type RouteClass =
  | 'reporter page'
  | 'reporter asset'
  | 'API JSON'
  | 'API error'
  | 'dashboard page'
  | 'dashboard asset'
  | 'attachment part download'
  | 'statistics'
  | 'health';

interface Probe {
  readonly routeClass: RouteClass;
  readonly send: (host: string) => Promise<Response>;
  readonly status: number;
  readonly contentType: RegExp;
  /** Staff answers may set the session cookie; reporter and public answers never set any. */
  readonly mayCarryStaffCookie?: boolean;
  readonly extra?: Record<string, string>;
  /** Of NEVER_SENT, what this class may still send (see the page probes). */
  readonly tolerated?: readonly string[];
}

describe('security headers on every route class', () => {
  let t: TestApp;
  let siteDir: string;
  let reporterScript: string;
  let dashboardScript: string;
  let caseworker: EnrolledStaff;
  let analyst: EnrolledStaff;
  let partPath: string;
  let probes: Probe[];

  beforeAll(async () => {
    siteDir = join(mkdtempSync(join(tmpdir(), 'amanat-headers-')), 'public');
    t = await createTestApp({
      label: 'sec-headers',
      caseworkers: 1,
      env: { PUBLIC_DIR: siteDir, ONION_ORIGIN },
    });
    reporterScript = (
      await buildReporterSite({ outDir: siteDir, orgFingerprint: t.organisation.fingerprint })
    ).entryScript;
    dashboardScript = (
      await buildStaffSite({ outDir: siteDir, orgFingerprint: t.organisation.fingerprint })
    ).entryScript;
    caseworker = await enrolStaff(t, 'headers-caseworker');
    analyst = await enrolStaff(t, 'headers-analyst', 'analyst');

    const { body } = await buildSubmission(t.directory);
    const { caseId } = (await request(t.app).post('/api/reports').send(body).expect(201)).body;
    const attachmentId = randomBytes(16).toString('hex');
    await request(t.app)
      .put(`/api/attachments/${attachmentId}/parts/0`)
      .set({
        'Content-Type': 'application/octet-stream',
        'X-Receipt-Verifier': body.receiptVerifier,
      })
      .send(
        Buffer.from(
          await encryptForDirectory(new TextEncoder().encode('TEST ONLY file'), t.directory),
        ),
      )
      .expect(201);
    partPath = `/api/cases/${caseId}/attachments/${attachmentId}/parts/0`;

    const get =
      (path: string, headers: Record<string, string> = {}) =>
      (host: string) =>
        request(t.app)
          .get(path)
          .set({ ...headers, Host: host });
    probes = [
      {
        routeClass: 'reporter page',
        send: get('/?lang=ug'),
        status: 200,
        contentType: /^text\/html; charset=utf-8$/i,
      },
      {
        routeClass: 'reporter asset',
        send: get(reporterScript),
        status: 200,
        contentType: /^(application|text)\/javascript; charset=utf-8$/i,
      },
      {
        routeClass: 'API JSON',
        send: get('/api/recipients'),
        status: 200,
        contentType: /^application\/json; charset=utf-8$/,
      },
      {
        routeClass: 'API error',
        send: (host) =>
          request(t.app)
            .post('/api/reports')
            .set({ Host: host, 'Content-Type': 'application/json' })
            .send('{"submissionId":'),
        status: 400,
        contentType: /^application\/json; charset=utf-8$/,
      },
      {
        routeClass: 'API error',
        send: get('/api/nowhere'),
        status: 404,
        contentType: /^application\/json; charset=utf-8$/,
      },
      {
        routeClass: 'dashboard page',
        send: get('/staff/'),
        status: 200,
        contentType: /^text\/html; charset=utf-8$/i,
      },
      {
        routeClass: 'dashboard asset',
        send: get(dashboardScript),
        status: 200,
        contentType: /^(application|text)\/javascript; charset=utf-8$/i,
      },
      {
        routeClass: 'attachment part download',
        send: (host) => get(partPath, caseworker.client.headers(false))(host),
        status: 200,
        contentType: /^application\/octet-stream$/,
        mayCarryStaffCookie: true,
        extra: { 'content-disposition': 'attachment' },
      },
      {
        routeClass: 'statistics',
        send: (host) => get('/api/stats/options', analyst.client.headers(false))(host),
        status: 200,
        contentType: /^application\/json; charset=utf-8$/,
        mayCarryStaffCookie: true,
      },
      {
        routeClass: 'health',
        send: get('/healthz'),
        status: 200,
        contentType: /^application\/json; charset=utf-8$/,
      },
    ];
  });
  afterAll(async () => {
    await t.close();
    rmSync(join(siteDir, '..'), { recursive: true, force: true });
  });

  /** The headers a probe got, reduced to what this test asserts, so a failure lists them all. */
  function securityHeadersOf(response: Response, tolerated: readonly string[] = []) {
    const headers = response.headers as Record<string, string | string[] | undefined>;
    return {
      status: response.status,
      contentType: String(headers['content-type'] ?? ''),
      strict: Object.fromEntries(Object.keys(STRICT_HEADERS).map((name) => [name, headers[name]])),
      hsts: headers['strict-transport-security'],
      onionLocation: headers['onion-location'],
      neverSent: NEVER_SENT.filter(
        (name) => headers[name] !== undefined && !tolerated.includes(name),
      ),
      cookies: (headers['set-cookie'] as string[] | undefined) ?? [],
    };
  }

  test('when each route class is fetched on the clearnet host then it carries exactly the strict headers and HSTS', async () => {
    expect(new Set(probes.map((probe) => probe.routeClass)).size).toBe(9);
    for (const probe of probes) {
      const response = await probe.send(CLEARNET_HOST);
      const seen = securityHeadersOf(response, probe.tolerated);
      expect({ routeClass: probe.routeClass, ...seen }).toEqual({
        routeClass: probe.routeClass,
        status: probe.status,
        contentType: expect.stringMatching(probe.contentType),
        strict: STRICT_HEADERS,
        hsts: HSTS,
        // Only the reporter page points Tor Browser at the onion service.
        onionLocation:
          probe.routeClass === 'reporter page' ? `${ONION_ORIGIN}/?lang=ug` : undefined,
        neverSent: [],
        cookies: probe.mayCarryStaffCookie ? seen.cookies : [],
      });
      for (const [name, value] of Object.entries(probe.extra ?? {})) {
        expect([probe.routeClass, name, response.headers[name]]).toEqual([
          probe.routeClass,
          name,
          value,
        ]);
      }
    }
  });

  test('when each route class is fetched on the onion host then there is no HSTS and no Onion-Location, and everything else is the same', async () => {
    for (const probe of probes) {
      const seen = securityHeadersOf(await probe.send(ONION_HOST), probe.tolerated);
      expect({ routeClass: probe.routeClass, ...seen }).toEqual({
        routeClass: probe.routeClass,
        status: probe.status,
        contentType: expect.stringMatching(probe.contentType),
        strict: STRICT_HEADERS,
        hsts: undefined,
        onionLocation: undefined,
        neverSent: [],
        cookies: probe.mayCarryStaffCookie ? seen.cookies : [],
      });
    }
    // Upper case is the same host name.
    const upper = await request(t.app).get('/healthz').set('Host', ONION_HOST.toUpperCase());
    expect(upper.headers['strict-transport-security']).toBeUndefined();
  });

  test('when a Host only resembles the onion host then HSTS is still sent (exact match only)', async () => {
    const lookalikes = [
      `${ONION_HOST}:8080`,
      `${ONION_HOST}.evil.example`,
      `evil.${ONION_HOST}`,
      ONION_HOST.replace(/^a/, 'b'),
      ONION_HOST.slice(0, -1),
    ];
    const hsts: (string | undefined)[] = [];
    for (const host of lookalikes) {
      hsts.push(
        (await request(t.app).get('/healthz').set('Host', host)).headers[
          'strict-transport-security'
        ],
      );
    }
    expect(hsts).toEqual(lookalikes.map(() => HSTS));
    // Nor does X-Forwarded-Host (attacker-controlled unless a proxy overwrites it) turn HSTS off.
    const forwarded = await request(t.app)
      .get('/healthz')
      .set({ Host: CLEARNET_HOST, 'X-Forwarded-Host': ONION_HOST });
    expect(forwarded.headers['strict-transport-security']).toBe(HSTS);
  });

  test('when the reporter page query carries hostile characters then Onion-Location stays one percent-encoded URL on the onion origin', async () => {
    const response = await request(t.app)
      .get('/?lang=ug&x=%0d%0aSet-Cookie:%20a=b&y=<script>')
      .set('Host', CLEARNET_HOST)
      .expect(200);
    const location = response.headers['onion-location'] as string;
    expect(location.startsWith(`${ONION_ORIGIN}/?`)).toBe(true);
    expect(new URL(location).origin).toBe(ONION_ORIGIN);
    expect(location).not.toMatch(/[\r\n<> ]/);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  test('when the deployment has no onion service then every host gets HSTS and no Onion-Location', async () => {
    const plain = buildApp({
      config: { ...t.config, onionOrigin: null },
      connection: t.connection,
      logger: createLogger('silent'),
    });
    try {
      for (const host of [CLEARNET_HOST, ONION_HOST]) {
        const page = await request(plain.app).get('/').set('Host', host).expect(200);
        expect(page.headers['strict-transport-security']).toBe(HSTS);
        expect(page.headers['onion-location']).toBeUndefined();
      }
    } finally {
      plain.close();
    }
  });

  test('when ONION_ORIGIN is not exactly a v3 onion origin then start-up stops, naming it (never its value)', () => {
    const base = {
      MONGODB_URI: 'mongodb://127.0.0.1:1/x',
      ORG_FINGERPRINT: t.organisation.fingerprint,
      ADDRESS_HASH_KEY: 'a'.repeat(64),
      FACTOR_ENCRYPTION_KEY: 'b'.repeat(64),
    };
    for (const value of [
      `https://${ONION_HOST}`,
      `http://${ONION_HOST}:8080`,
      `http://${ONION_HOST}/path`,
      'http://short.onion',
      `http://${CLEARNET_HOST}`,
      ONION_HOST,
    ]) {
      let problems: readonly string[] = [];
      try {
        loadConfig({ ...base, ONION_ORIGIN: value });
      } catch (error) {
        if (error instanceof ConfigError) problems = error.problems;
      }
      expect([value, problems.some((line) => line.startsWith('ONION_ORIGIN '))]).toEqual([
        value,
        true,
      ]);
      expect(problems.join('\n')).not.toContain(value);
    }
    expect(loadConfig({ ...base, ONION_ORIGIN: `${ONION_ORIGIN}/` }).onionOrigin).toBe(
      ONION_ORIGIN,
    );
    expect(loadConfig(base).onionOrigin).toBeNull();
  });
});
