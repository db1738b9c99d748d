/**
 * The exact response headers every route class must carry, and one request per route class: for
 * the app itself (tests/security/security-headers-every-route-class.test.ts) and for the app
 * behind the production proxy (tests/production), which must hand on exactly the same matrix.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { buildReporterSite, buildStaffSite } from '../../client/build';
import { encryptForDirectory } from '../../client/crypto';
import { PAGES_MANIFEST } from '../../contract/reporter-pages';
import { STAFF_PAGE_MANIFEST, type StaffPageManifest } from '../../contract/staff-page';
import { buildSubmission } from './reports';
import { enrolStaff } from './staff';
import { createTestApp, type TestApp } from './test-app';

/** Every answer of ours, whatever route, carries exactly these. */
export const STRICT_HEADERS = {
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
export const HSTS = 'max-age=63072000; includeSubDomains';

/** Headers that would only ever tell something about us or the visitor; none may be sent. */
export const NEVER_SENT = [
  'x-powered-by',
  'server',
  'etag',
  'last-modified',
  'access-control-allow-origin',
];

export type RouteClass =
  | 'reporter page'
  | 'reporter asset'
  | 'API JSON'
  | 'API error'
  | 'dashboard page'
  | 'dashboard asset'
  | 'attachment part download'
  | 'statistics'
  | 'health';

/** One request of a route class, whoever sends it. */
export interface RouteProbe {
  readonly routeClass: RouteClass;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly status: number;
  readonly contentType: RegExp;
  /** Staff answers may set the session cookie; reporter and public answers never set any. */
  readonly mayCarryStaffCookie?: boolean;
  readonly extra?: Readonly<Record<string, string>>;
  /** CSP hashes of the page's own inline scripts (the reporter's or dashboard's import map). */
  readonly inlineScriptHashes?: readonly string[];
}

/** An app serving both sites from a scratch PUBLIC_DIR, and a probe of each of its route classes. */
export interface ProbedApp {
  readonly t: TestApp;
  /** The app's PUBLIC_DIR, removed on close. */
  readonly siteDir: string;
  readonly probes: readonly RouteProbe[];
  close(): Promise<void>;
}

/** The app of a header matrix test; `onionOrigin` is its ONION_ORIGIN. */
export async function startProbedApp(label: string, onionOrigin: string): Promise<ProbedApp> {
  const siteDir = join(mkdtempSync(join(tmpdir(), `amanat-${label}-`)), 'public');
  const t = await createTestApp({
    label,
    caseworkers: 1,
    env: { PUBLIC_DIR: siteDir, ONION_ORIGIN: onionOrigin },
  });
  return {
    t,
    siteDir,
    probes: await prepareRouteProbes(t, siteDir),
    close: async () => {
      await t.close();
      rmSync(dirname(siteDir), { recursive: true, force: true });
    },
  };
}

/**
 * Builds both sites into `siteDir` (the app's PUBLIC_DIR), enrols a caseworker and an analyst,
 * stores a report with one attachment part, and returns a probe of every route class.
 */
async function prepareRouteProbes(t: TestApp, siteDir: string): Promise<RouteProbe[]> {
  const orgFingerprint = t.organisation.fingerprint;
  const reporterScript = (await buildReporterSite({ outDir: siteDir, orgFingerprint })).entryScript;
  const dashboardScript = (await buildStaffSite({ outDir: siteDir, orgFingerprint })).entryScript;
  const caseworker = await enrolStaff(t, 'headers-caseworker');
  const analyst = await enrolStaff(t, 'headers-analyst', 'analyst');

  const { body } = await buildSubmission(t.directory);
  const { caseId } = (await request(t.app).post('/api/reports').send(body).expect(201)).body as {
    caseId: string;
  };
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

  const html = /^text\/html; charset=utf-8$/i;
  const script = /^(application|text)\/javascript; charset=utf-8$/i;
  const json = /^application\/json; charset=utf-8$/;
  const get = (routeClass: RouteClass, path: string, status: number, contentType: RegExp) =>
    ({ routeClass, method: 'GET', path, headers: {}, status, contentType }) as const;
  /** The CSP hashes of a page's import map, as its build's manifest lists them. */
  const inlineScriptHashes = (manifest: string): readonly string[] =>
    (JSON.parse(readFileSync(join(siteDir, manifest), 'utf8')) as StaffPageManifest)
      .inlineScriptHashes;
  return [
    {
      ...get('reporter page', '/?lang=ug', 200, html),
      inlineScriptHashes: inlineScriptHashes(PAGES_MANIFEST),
    },
    get('reporter asset', reporterScript, 200, script),
    get('API JSON', '/api/recipients', 200, json),
    {
      routeClass: 'API error',
      method: 'POST',
      path: '/api/reports',
      headers: { 'Content-Type': 'application/json' },
      body: '{"submissionId":',
      status: 400,
      contentType: json,
    },
    get('API error', '/api/nowhere', 404, json),
    {
      ...get('dashboard page', '/staff/', 200, html),
      inlineScriptHashes: inlineScriptHashes(join('staff', STAFF_PAGE_MANIFEST)),
    },
    get('dashboard asset', dashboardScript, 200, script),
    {
      ...get(
        'attachment part download',
        `/api/cases/${caseId}/attachments/${attachmentId}/parts/0`,
        200,
        /^application\/octet-stream$/,
      ),
      headers: caseworker.client.headers(false),
      mayCarryStaffCookie: true,
      extra: { 'content-disposition': 'attachment' },
    },
    {
      ...get('statistics', '/api/stats/options', 200, json),
      headers: analyst.client.headers(false),
      mayCarryStaffCookie: true,
    },
    get('health', '/healthz', 200, json),
  ];
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** The headers an answer carried, reduced to what the matrix asserts, so a failure lists them all. */
export function securityHeadersOf(status: number, headers: Headers) {
  return {
    status,
    contentType: String(headers['content-type'] ?? ''),
    strict: Object.fromEntries(Object.keys(STRICT_HEADERS).map((name) => [name, headers[name]])),
    hsts: headers['strict-transport-security'],
    onionLocation: headers['onion-location'],
    neverSent: NEVER_SENT.filter((name) => headers[name] !== undefined),
    cookies: cookiesOf(headers),
  };
}

/**
 * What securityHeadersOf must find for `probe`: every strict header, HSTS and Onion-Location as
 * given (they depend on the host), nothing of NEVER_SENT, a cookie only on staff answers.
 */
export function expectedSecurityHeaders(
  probe: RouteProbe,
  seen: ReturnType<typeof securityHeadersOf>,
  expected: { readonly hsts: string | undefined; readonly onionLocation: string | undefined },
) {
  return {
    status: probe.status,
    contentType: expect.stringMatching(probe.contentType) as unknown as string,
    strict: {
      ...STRICT_HEADERS,
      // Exactly the page's own inline scripts, by hash; never 'unsafe-inline'.
      'content-security-policy': STRICT_HEADERS['content-security-policy'].replace(
        "script-src 'self'",
        ["script-src 'self'", ...(probe.inlineScriptHashes ?? []).map((h) => `'${h}'`)].join(' '),
      ),
    },
    hsts: expected.hsts,
    onionLocation: expected.onionLocation,
    neverSent: [],
    cookies: probe.mayCarryStaffCookie ? seen.cookies : [],
  };
}

/** An answer to one probe, however it was sent (in process or through the proxy). */
interface ProbeAnswer {
  readonly status: number;
  readonly headers: Headers;
}

/**
 * Sends every probe as the clearnet host sees it and asserts the whole matrix: the strict headers,
 * HSTS, Onion-Location (`onionOrigin` with the reporter's language) only on the reporter page, and
 * each probe's extra headers. All nine route classes must be probed.
 */
export async function expectClearnetHeaderMatrix(
  probes: readonly RouteProbe[],
  onionOrigin: string,
  send: (probe: RouteProbe) => Promise<ProbeAnswer>,
): Promise<void> {
  expect(new Set(probes.map((probe) => probe.routeClass)).size).toBe(9);
  for (const probe of probes) {
    const answer = await send(probe);
    const seen = securityHeadersOf(answer.status, answer.headers);
    expect({ routeClass: probe.routeClass, ...seen }).toEqual({
      routeClass: probe.routeClass,
      ...expectedSecurityHeaders(probe, seen, {
        hsts: HSTS,
        // Only the reporter page points Tor Browser at the onion service.
        onionLocation: probe.routeClass === 'reporter page' ? `${onionOrigin}/?lang=ug` : undefined,
      }),
    });
    for (const [name, value] of Object.entries(probe.extra ?? {})) {
      expect([probe.routeClass, name, answer.headers[name]]).toEqual([
        probe.routeClass,
        name,
        value,
      ]);
    }
  }
}

function cookiesOf(headers: Headers): string[] {
  const value = headers['set-cookie'];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
