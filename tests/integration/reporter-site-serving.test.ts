/**
 * The server sends the reporter site as the build compressed it (Brotli, gzip, or as it is,
 * whichever the request's Accept-Encoding allows) with the file's own type, `Vary:
 * Accept-Encoding` and `Cache-Control: no-store`; it picks the pre-rendered page by `?lang=`,
 * then Accept-Language, then English, and the variant NO_JS_FORM selects.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { buildReporterSite, type ReporterBuild } from '../../client/build';
import { buildApp, type BuiltApp } from '../../server/app';
import { createLogger } from '../../server/platform/logger';
import { getRaw } from '../helpers/raw-get';
import { useTestApp } from '../helpers/use-test-app';

describe('the reporter site as served', () => {
  const t = useTestApp({ label: 'reporter-site-serving', caseworkers: 1 });
  let siteDir: string;
  let built: ReporterBuild;
  let site: BuiltApp;
  let noJsFormSite: BuiltApp;
  let server: Server;
  beforeAll(async () => {
    siteDir = join(mkdtempSync(join(tmpdir(), 'amanat-served-')), 'public');
    built = await buildReporterSite({
      outDir: siteDir,
      orgFingerprint: t.organisation.fingerprint,
      alternativeChannels: ['Signal: +00 TEST ONLY'],
    });
    const app = (noJsForm: boolean): BuiltApp =>
      buildApp({
        config: { ...t.config, publicDir: siteDir, noJsForm },
        connection: t.connection,
        logger: createLogger('silent'),
      });
    site = app(false);
    noJsFormSite = app(true);
    server = site.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    site.close();
    noJsFormSite.close();
    rmSync(siteDir, { recursive: true, force: true });
  });

  test.each([
    ['br', 'gzip, deflate, br, zstd', 'br', '.br'],
    ['gzip', 'gzip, deflate', 'gzip', '.gz'],
    ['gzip preferred by quality', 'br;q=0.5, gzip', 'gzip', '.gz'],
    ['identity', 'identity', undefined, ''],
    ['identity preferred by quality', 'br;q=0.2, identity', undefined, ''],
    ['no Accept-Encoding at all', '', undefined, ''],
  ])(
    'when a page and an asset are asked for with %s then the built body of that encoding comes with its headers',
    async (_name, acceptEncoding, contentEncoding, suffix) => {
      const stylesheet = readdirSync(join(siteDir, 'assets')).find(
        (name) => name.startsWith('styles-') && name.endsWith('.css'),
      )!;
      for (const [path, file, type] of [
        ['/?lang=ug', join(siteDir, 'pages', 'js', 'ug', 'report.html'), /^text\/html/],
        [built.entryScript, join(siteDir, built.entryScript), /^text\/javascript/],
        [`/assets/${stylesheet}`, join(siteDir, 'assets', stylesheet), /^text\/css/],
        ['/assets/icon.svg', join(siteDir, 'assets', 'icon.svg'), /^image\/svg\+xml/],
      ] as const) {
        const response = await getRaw(
          server,
          path,
          acceptEncoding === '' ? {} : { 'Accept-Encoding': acceptEncoding },
        );
        expect({
          path,
          status: response.status,
          encoding: response.headers['content-encoding'],
        }).toEqual({
          path,
          status: 200,
          encoding: contentEncoding,
        });
        expect(response.body).toEqual(readFileSync(file + suffix));
        expect(response.headers['content-type']).toMatch(type);
        expect(response.headers['vary']).toMatch(/Accept-Encoding/);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    },
  );

  test('when the language comes from ?lang=, Accept-Language or nowhere then the page is in that language, else English', async () => {
    const langOf = async (path: string, acceptLanguage?: string): Promise<string | undefined> => {
      const response = await request(site.app)
        .get(path)
        .set(acceptLanguage === undefined ? {} : { 'Accept-Language': acceptLanguage })
        .expect(200);
      return /<html lang="([^"]+)"/.exec(response.text)?.[1];
    };
    expect(await langOf('/?lang=ug')).toBe('ug');
    expect(await langOf('/?lang=ug', 'de')).toBe('ug'); // the address wins
    expect(await langOf('/', 'de-AT,de;q=0.9,en;q=0.8')).toBe('de');
    expect(await langOf('/', 'fr;q=1, ru;q=0.4, kk;q=0.7')).toBe('kk'); // by quality
    expect(await langOf('/', 'zh-CN')).toBe('zh-Hans');
    expect(await langOf('/', 'fr, es')).toBe('en');
    expect(await langOf('/')).toBe('en');
    expect(await langOf('/?lang=../../etc', 'tr')).toBe('tr'); // an unknown lang is ignored
    expect(await langOf('/?lang=constructor')).toBe('en');
    const page = await request(site.app).get('/').set('Accept-Language', 'ug');
    expect(page.headers['vary']).toBe('Accept-Language, Accept-Encoding');
  });

  test('when a view is named then its page is served, the report form otherwise', async () => {
    const page = async (query: string) => (await request(site.app).get(`/${query}`)).text;
    expect(await page('?lang=tr&view=return')).toContain('id="return-form"');
    expect(await page('?lang=tr&view=protection')).toContain('id="protection"');
    expect(await page('?lang=tr&view=nonsense')).toContain('id="report-form"');
  });

  test('when NO_JS_FORM is on then the page whose form a browser without JavaScript can send is served; off, the one that hides it', async () => {
    const off = (await request(site.app).get('/?lang=en').expect(200)).text;
    const on = (await request(noJsFormSite.app).get('/?lang=en').expect(200)).text;
    for (const html of [off, on]) {
      expect(html).toContain('<form id="report-form" method="post" action="/no-js/report?lang=en"');
    }
    expect(off).toMatch(
      /<button type="submit" id="send-report" class="primary" formnovalidate disabled>/,
    );
    expect(off).toMatch(/<noscript><link rel="stylesheet" href="\/assets\/noscript-/);
    // On, the button that posts to the server exists only without scripting (<noscript>); the
    // script's own button starts disabled and hidden, so a browser with JavaScript never posts.
    expect(on).toMatch(
      /<button type="submit" id="send-report" class="primary" formnovalidate disabled hidden>/,
    );
    expect(on).toMatch(
      /<noscript><button type="submit" id="send-report-without-javascript" class="primary">/,
    );
    expect(on).not.toContain('noscript-');
    const onReturn = (await request(noJsFormSite.app).get('/?lang=en&view=return')).text;
    expect(onReturn).toContain(
      '<form id="return-form" method="post" action="/no-js/status?lang=en"',
    );
    expect(onReturn).toMatch(
      /<noscript><button type="submit" id="open-case-without-javascript" class="primary">/,
    );
  });

  test('when something other than a built asset is asked for under /assets then the answer is 404', async () => {
    const stylesheet = readdirSync(join(siteDir, 'assets')).find((name) => name.endsWith('.css'))!;
    for (const path of [
      '/assets/missing.js',
      `/assets/${stylesheet}.br`,
      '/assets/..%2Fpages.json',
      '/assets/.hidden.js',
    ]) {
      await request(site.app).get(path).expect(404);
    }
  });
});
