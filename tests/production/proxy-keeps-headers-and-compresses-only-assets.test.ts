/**
 * The production path hands on exactly what the app answers: every route class carries the same
 * strict header matrix through Caddy as from the app itself (tests/helpers/security-headers.ts),
 * Caddy adds no Server header and nothing else of the matrix's forbidden ones, and plain HTTP only
 * redirects to HTTPS. Compression, as the Caddyfile configures it: the static assets (hashed
 * script bundles) come gzip- or zstd-encoded, byte for byte the app's own; the built pages come
 * as the app sends them (compressed at build time); no other answer is compressed, whatever the
 * client accepts, because API answers carry secrets next to attacker-chosen text (BREACH).
 */
import { gunzipSync, zstdDecompressSync } from 'node:zlib';
import {
  sendThroughProxy,
  startProductionPath,
  type ProductionPath,
} from '../helpers/production-path';
import {
  expectClearnetHeaderMatrix,
  startProbedApp,
  type ProbedApp,
  type RouteProbe,
} from '../helpers/security-headers';
import type { TestApp } from '../helpers/test-app';

const ONION_ORIGIN = `http://${'amanat7'.repeat(8)}.onion`;
const ASSET_CLASSES = ['reporter asset', 'dashboard asset'];
/** Built pages: the app sends them as the build compressed them (no secret, nothing reflected). */
const PAGE_CLASSES = ['reporter page', 'dashboard page'];

describe('production path: headers and compression through Caddy', () => {
  let probed: ProbedApp;
  let t: TestApp;
  let probes: readonly RouteProbe[];
  let path: ProductionPath;

  beforeAll(async () => {
    probed = await startProbedApp('proxy-headers', ONION_ORIGIN);
    ({ t, probes } = probed);
    path = await startProductionPath({
      appEnv: {
        MONGODB_URI: t.config.mongodbUri,
        ORG_FINGERPRINT: t.organisation.fingerprint,
        DIRECTORY_MIN_VERSION: '1',
        ADDRESS_HASH_KEY: t.config.addressHashKey.toString('hex'),
        FACTOR_ENCRYPTION_KEY: t.config.factorEncryptionKey.toString('hex'),
        ALERT_ADDRESS_KEY: t.config.alertAddressKey.toString('hex'),
        PUBLIC_DIR: probed.siteDir,
        ONION_ORIGIN,
        RETENTION_SWEEP_MINUTES: '0',
      },
    });
  }, 120_000);

  afterAll(async () => {
    await path?.stop();
    await probed?.close();
  });

  const send = (probe: RouteProbe, headers: Record<string, string> = {}) =>
    sendThroughProxy(path, {
      method: probe.method,
      path: probe.path,
      headers: { ...probe.headers, ...headers },
      ...(probe.body === undefined ? {} : { body: probe.body }),
    });

  test('when each route class is fetched through Caddy then it carries exactly the strict headers and HSTS, as from the app', async () => {
    await expectClearnetHeaderMatrix(probes, ONION_ORIGIN, (probe) => send(probe));
  });

  test('when a client speaks plain HTTP then Caddy only redirects to HTTPS, and nothing reaches the app', async () => {
    const answer = await fetch(`http://localhost:${path.httpPort}/api/recipients`, {
      redirect: 'manual',
    });
    expect(answer.status).toBe(308);
    // Same host and path over HTTPS (Caddy 2.6 names no port here: it is 443 in compose).
    const location = new URL(answer.headers.get('location') ?? '');
    expect([location.protocol, location.hostname, location.pathname]).toEqual([
      'https:',
      'localhost',
      '/api/recipients',
    ]);
    expect(answer.headers.get('content-type')).toBeNull();
    expect(await answer.text()).toBe('');
  });

  test('when a static asset is fetched with gzip or zstd accepted then it comes compressed, byte for byte the app’s own', async () => {
    const assets = probes.filter((probe) => ASSET_CLASSES.includes(probe.routeClass));
    expect(assets).toHaveLength(2);
    for (const probe of assets) {
      const original = (await send(probe, { 'Accept-Encoding': 'identity' })).body;
      const gzip = await send(probe, { 'Accept-Encoding': 'gzip' });
      const zstd = await send(probe, { 'Accept-Encoding': 'zstd' });
      expect([probe.routeClass, gzip.headers['content-encoding']]).toEqual([
        probe.routeClass,
        'gzip',
      ]);
      expect([probe.routeClass, zstd.headers['content-encoding']]).toEqual([
        probe.routeClass,
        'zstd',
      ]);
      expect(gzip.body.length).toBeLessThan(original.length);
      expect(gunzipSync(gzip.body).equals(original)).toBe(true);
      expect(zstdDecompressSync(zstd.body).equals(original)).toBe(true);
    }
  });

  test('when anything but a static asset is fetched with compression accepted then it is never compressed', async () => {
    const others = probes.filter(
      (probe) => ![...ASSET_CLASSES, ...PAGE_CLASSES].includes(probe.routeClass),
    );
    const encodings: Record<string, unknown> = {};
    for (const probe of others) {
      const answer = await send(probe, { 'Accept-Encoding': 'zstd, gzip' });
      encodings[`${probe.routeClass} ${probe.path}`] = answer.headers['content-encoding'];
      if (probe.routeClass === 'API JSON') {
        // Large enough that Caddy would compress it (its minimum is 512 bytes) if allowed to.
        expect(answer.body.length).toBeGreaterThan(1024);
      }
    }
    expect(Object.values(encodings).filter((encoding) => encoding !== undefined)).toEqual([]);
  });
});
