/**
 * The report page with the no-JavaScript form (NO_JS_FORM=on), as built and served: every answer
 * carries a fresh submission token in the report form (compressed for that answer alone, in the
 * encoding asked for, still no-store), and the form posted from such a page is stored once
 * however often it is posted. The page without the form keeps the build's compressed files
 * (reporter-site-serving.test.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReporterSite } from '../../client/build';
import { NO_JS_SUBMISSION_PATTERN, NO_JS_SUBMISSION_SLOT } from '../../contract/api/no-js';
import { countReports } from '../helpers/database';
import { postForm, postReportTwiceAtOnce, receiptOn, reportFields } from '../helpers/no-js-forms';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** The hidden fields of the report form on a served page, as a browser would post them. */
function hiddenFieldsOf(html: string): Record<string, string> {
  const form = /<form id="report-form"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
      ([, name, value]) => [name!, value!],
    ),
  );
}

describe('the no-JavaScript report page carries a fresh submission token', () => {
  let workDir: string;
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'amanat-no-js-token-'));
    const siteDir = join(workDir, 'public');
    t = await createTestApp({
      label: 'nojstoken',
      caseworkers: 1,
      env: { NO_JS_FORM: 'on', PUBLIC_DIR: siteDir },
    });
    await buildReporterSite({ outDir: siteDir, orgFingerprint: t.organisation.fingerprint });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** The page as fetch reads it: decoded from the encoding the server chose. */
  async function load(path: string, acceptEncoding: string) {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { 'Accept-Encoding': acceptEncoding },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    return { encoding: response.headers.get('content-encoding'), html: await response.text() };
  }

  test('when the report page is loaded in each encoding then each answer has its own well-formed token, and the return page none', async () => {
    const tokens: string[] = [];
    for (const [acceptEncoding, encoding] of [
      ['gzip, deflate, br', 'br'],
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
      ['identity', null],
    ] as const) {
      const page = await load('/?lang=ug', acceptEncoding);
      expect(page.encoding).toBe(encoding);
      expect(page.html).toContain('<html lang="ug" dir="rtl">');
      expect(page.html).not.toContain(NO_JS_SUBMISSION_SLOT);
      const fields = hiddenFieldsOf(page.html);
      expect(fields['lang']).toBe('ug');
      expect(fields['submission']).toMatch(NO_JS_SUBMISSION_PATTERN);
      tokens.push(fields['submission']!);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    const returnPage = await load('/?lang=ug&view=return', 'br');
    expect(returnPage.html).toContain('id="return-form"');
    expect(returnPage.html).not.toContain('name="submission"');
    expect(returnPage.html).not.toContain(NO_JS_SUBMISSION_SLOT);
  });

  test("when a page's form is posted twice, and another page's twice at once, then each page's report is stored once under one receipt", async () => {
    const before = await countReports(t.connection);
    const formOf = async () => ({
      ...reportFields('TEST ONLY report from the served page'),
      ...hiddenFieldsOf((await load('/?lang=en', 'br')).html),
    });
    const form = await formOf();
    const first = await postForm(t.app, '/no-js/report', form);
    const reload = await postForm(t.app, '/no-js/report', form);
    expect([first.status, reload.status]).toEqual([201, 200]);
    expect(receiptOn(reload.text)).toBe(receiptOn(first.text));

    const atOnce = await postReportTwiceAtOnce(t.app, await formOf());
    expect(atOnce).not.toBe(receiptOn(first.text));
    expect(await countReports(t.connection)).toBe(before + 2);
  });
});
