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
import request from 'supertest';
import { buildApp } from '../../server/app';
import { ConfigError, loadConfig } from '../../server/config';
import { createLogger } from '../../server/platform/logger';
import {
  expectClearnetHeaderMatrix,
  expectedSecurityHeaders,
  HSTS,
  securityHeadersOf,
  startProbedApp,
  type ProbedApp,
  type RouteProbe,
} from '../helpers/security-headers';
import type { TestApp } from '../helpers/test-app';

const ONION_HOST = `${'amanat7'.repeat(8)}.onion`;
const ONION_ORIGIN = `http://${ONION_HOST}`;
const CLEARNET_HOST = 'amanat.example.org';

describe('security headers on every route class', () => {
  let probed: ProbedApp;
  let t: TestApp;
  let probes: readonly RouteProbe[];

  beforeAll(async () => {
    probed = await startProbedApp('sec-headers', ONION_ORIGIN);
    ({ t, probes } = probed);
  });
  afterAll(async () => {
    await probed.close();
  });

  /** Sends `probe` to the app in process, for `host`. */
  async function send(probe: RouteProbe, host: string) {
    const sent = request(t.app)
      [probe.method === 'GET' ? 'get' : 'post'](probe.path)
      .set({ ...probe.headers, Host: host });
    const response = await (probe.body === undefined ? sent : sent.send(probe.body));
    return {
      response,
      seen: securityHeadersOf(response.status, response.headers),
    };
  }

  test('when each route class is fetched on the clearnet host then it carries exactly the strict headers and HSTS', async () => {
    await expectClearnetHeaderMatrix(probes, ONION_ORIGIN, async (probe) => {
      const { response } = await send(probe, CLEARNET_HOST);
      return response;
    });
  });

  test('when each route class is fetched on the onion host then there is no HSTS and no Onion-Location, and everything else is the same', async () => {
    for (const probe of probes) {
      const { seen } = await send(probe, ONION_HOST);
      expect({ routeClass: probe.routeClass, ...seen }).toEqual({
        routeClass: probe.routeClass,
        ...expectedSecurityHeaders(probe, seen, { hsts: undefined, onionLocation: undefined }),
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
      ALERT_ADDRESS_KEY: 'ae'.repeat(64),
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
