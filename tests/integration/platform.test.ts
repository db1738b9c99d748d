import request from 'supertest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReporterSite } from '../../client/build';
import { buildApp } from '../../server/app';
import { createLogger } from '../../server/platform/logger';
import { useTestApp } from '../helpers/use-test-app';

describe('the HTTP platform', () => {
  const t = useTestApp({ label: 'platform', caseworkers: 1 });

  test('when any response is sent then it carries the strict CSP written out and no x-powered-by', async () => {
    const response = await request(t.app).get('/healthz').expect(200);
    const csp = response.headers['content-security-policy'] as string;
    const directives = Object.fromEntries(
      csp.split(';').map((d) => [d.trim().split(' ')[0], d.trim()]),
    );
    expect(directives['default-src']).toBe("default-src 'none'");
    expect(directives['script-src']).toBe("script-src 'self'");
    expect(directives['style-src']).toBe("style-src 'self'");
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
    expect(directives['require-trusted-types-for']).toBe("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('https:');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  test('when the database is reachable then /readyz is 200; during shutdown it is 503', async () => {
    await request(t.app)
      .get('/readyz')
      .expect(200, { status: 'ready', directory: { state: 'current', version: 1, daysLeft: 30 } });
    let shuttingDown = false;
    const built = buildApp({
      config: t.config,
      connection: t.connection,
      logger: createLogger('silent'),
      lifecycle: { isShuttingDown: () => shuttingDown },
    });
    await request(built.app).get('/readyz').expect(200);
    shuttingDown = true;
    await request(built.app).get('/readyz').expect(503, { status: 'shutting_down' });
    await request(built.app).get('/healthz').expect(200);
    built.close();
  });

  test('when an unknown path is requested then the reply is a JSON error with a request id', async () => {
    const response = await request(t.app).get('/nope').expect(404);
    expect(response.body).toEqual({
      error: {
        code: 'not_found',
        message: 'No such endpoint.',
        requestId: response.headers['x-request-id'],
      },
    });
  });

  test('when the reporter site lives under a dot-directory (as the demo does) then / and its assets are served', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'amanat-')), '.data', 'public');
    const built = await buildReporterSite({
      outDir: dir,
      orgFingerprint: t.organisation.fingerprint,
    });
    const site = buildApp({
      config: { ...t.config, publicDir: dir },
      connection: t.connection,
      logger: createLogger('silent'),
    });
    const page = await request(site.app).get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain(built.entryScript);
    const script = await request(site.app).get(built.entryScript).expect(200);
    // Never cached: a browser cache on a seized phone would show the site was visited.
    expect(script.headers['cache-control']).toBe('no-store');
    await request(site.app).get('/assets/missing.js').expect(404);
    site.close();
  });

  test('when the recipient directory is requested then the signed directory and organisation key are served', async () => {
    const response = await request(t.app).get('/api/recipients').expect(200);
    expect(response.body.directory).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(response.body.organisationKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(response.body.version).toBe(t.directory.version);
  });
});
