/**
 * Attack: a network observer (TLS record lengths on clearnet, partly over Tor) tells which
 * language a reporter reads by the size of the page they download: each language's page embeds
 * its own text, so a Uyghur reader's page would be longer than a Turkish or a Kazakh one's.
 * Defence: the build pads every language's page of one view and variant to one size in each
 * encoding the server sends (client/page-padding.ts), and the no-JavaScript form's answer pages
 * to one length per page in every language (every case status's page alike).
 *
 * Checked over HTTP, on the raw bytes sent (not decoded), for every language, view, variant and
 * encoding. The report page with the no-JavaScript form carries a fresh token per answer and is
 * compressed per answer: its size is checked as sent without compression.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReporterSite } from '../../client/build';
import { buildApp, type BuiltApp } from '../../server/app';
import { createLogger } from '../../server/platform/logger';
import { getRaw } from '../helpers/raw-get';
import { useTestApp } from '../helpers/use-test-app';

const ENCODINGS = [
  ['br', 'br'],
  ['gzip', 'gzip'],
  ['identity', 'identity'],
] as const;

describe('the size of a page does not reveal its language', () => {
  const t = useTestApp({ label: 'page-size-language', caseworkers: 1 });
  let siteDir: string;
  let manifest: { locales: string[]; views: string[] };
  const servers: { variant: string; app: BuiltApp; server: Server }[] = [];
  beforeAll(async () => {
    siteDir = join(mkdtempSync(join(tmpdir(), 'amanat-page-size-')), 'public');
    await buildReporterSite({
      outDir: siteDir,
      orgFingerprint: t.organisation.fingerprint,
      alternativeChannels: ['Signal: +00 TEST ONLY'],
    });
    manifest = JSON.parse(readFileSync(join(siteDir, 'pages.json'), 'utf8')) as typeof manifest;
    for (const [variant, noJsForm] of [
      ['js', false],
      ['no-js-form', true],
    ] as const) {
      const app = buildApp({
        config: { ...t.config, publicDir: siteDir, noJsForm },
        connection: t.connection,
        logger: createLogger('silent'),
      });
      const server = app.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.push({ variant, app, server });
    }
  });
  afterAll(async () => {
    for (const { app, server } of servers) {
      await new Promise((resolve) => server.close(resolve));
      app.close();
    }
    rmSync(siteDir, { recursive: true, force: true });
  });

  test('when every language of each view, variant and encoding is fetched then all are the same number of bytes', async () => {
    const sizes: Record<string, Record<string, number>> = {};
    for (const { variant, server } of servers) {
      for (const view of manifest.views) {
        for (const [name, acceptEncoding] of ENCODINGS) {
          // Compressed per answer (its token): only its uncompressed size is fixed.
          if (variant === 'no-js-form' && view === 'report' && name !== 'identity') continue;
          const kind = `${variant} ${view} ${name}`;
          sizes[kind] = {};
          for (const locale of manifest.locales) {
            const response = await getRaw(server, `/?lang=${locale}&view=${view}`, {
              'Accept-Encoding': acceptEncoding,
            });
            expect(response.status).toBe(200);
            expect(response.headers['content-encoding']).toBe(
              name === 'identity' ? undefined : name,
            );
            sizes[kind][locale] = response.body.length;
          }
        }
      }
    }
    expect(Object.keys(sizes)).toHaveLength(2 * manifest.views.length * ENCODINGS.length - 2);
    for (const [kind, byLocale] of Object.entries(sizes)) {
      expect({ kind, sizes: new Set(Object.values(byLocale)).size }).toEqual({ kind, sizes: 1 });
    }
  });

  test('when the no-JavaScript answer pages are compared then each is as long in every language, and every status page alike', () => {
    const answers = join(siteDir, 'no-js');
    const lengths = new Map<string, Set<number>>();
    for (const locale of manifest.locales) {
      for (const file of readdirSync(join(answers, locale))) {
        const group = file.startsWith('status-') ? 'status' : file;
        const length = readFileSync(join(answers, locale, file)).length;
        lengths.set(group, (lengths.get(group) ?? new Set()).add(length));
      }
    }
    expect(lengths.size).toBeGreaterThan(3);
    for (const [group, set] of lengths) {
      expect({ group, lengths: set.size }).toEqual({ group, lengths: 1 });
    }
  });
});
