/**
 * A report written to attack the caseworker (SECURITY.md "Threat model"): markup, script, links and
 * a right-to-left override in the text, and a manifest naming `x.html` (HTML with a script, sent as
 * a real encrypted attachment), `invoice‮fdp.exe` and an SVG tag as file names. Sent through
 * the intake API with client/crypto, so every byte is ours. The caseworker opens it in the
 * dashboard: nothing runs, no element is made from it, nothing is fetched from elsewhere, the
 * text shows literally with the override made visible, and files save only under inert names.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { deriveReceiptVerifier, encryptForDirectory } from '../../client/crypto';
import { caseworkerWithServiceVettedKey } from '../helpers/caseworker-desk';
import { openCase, openStaffPage, type StaffPage } from '../helpers/dashboard';
import {
  createdSinceLastLook,
  unlockWatchedInbox,
  watchForHostileContent,
  type HostileContentWatch,
} from '../helpers/hostile-content-watch';
import { useReporterSite } from '../helpers/use-reporter-site';
import { buildSubmission, reportDocument } from '../helpers/reports';
import type { EnrolledStaff } from '../helpers/staff';

const RLO = '\u202E';
const KEY_PASSPHRASE = 'TEST ONLY hostile-case key passphrase 6a1f';
const WHAT_HAPPENED = [
  'TEST ONLY <script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '<a href="javascript:alert(1)">click</a> javascript:alert(1)',
  '<a href="https://evil.example/">x</a>',
  `reversed: ${RLO}gpj.exe and <svg onload=alert(1)>`,
].join('\n');
const INVOLVED = `<iframe src="https://evil.example/frame"></iframe> ${RLO}lmth.x`;
const HTML_FILE = Buffer.from(
  '<!doctype html><html><body><script>window.__pwned=3;fetch("https://evil.example/")</script>' +
    '<p>TEST ONLY canary-html-file</p></body></html>',
);
const FILES = [
  { name: 'x.html', type: 'text/html', bytes: HTML_FILE, savedAs: 'x_html.bin' },
  {
    name: `invoice${RLO}fdp.exe`,
    type: 'application/pdf',
    bytes: Buffer.from('MZ TEST ONLY not a program'),
    savedAs: 'invoice_fdp_exe.bin',
  },
  {
    name: '<svg onload=alert(1)>.svg',
    type: 'image/svg+xml',
    bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=4"/>'),
    savedAs: 'svg_onload_alert_1_svg.bin',
  },
].map((file) => ({ ...file, attachmentId: randomBytes(16).toString('hex') }));
/** The elements a hostile text could try to make: scripts, media, links, frames, SVG. */
const ACTIVE_TAGS = 'script, img, a, svg, iframe, object, embed, image, video, audio, link, base';

let caseworker: EnrolledStaff;
let tab: StaffPage;
let watch: HostileContentWatch;
let caseId: string;

const site = useReporterSite('e2e-casework-hostile', { caseworkers: 1 });
beforeAll(async () => {
  const { t } = site;
  const desk = await caseworkerWithServiceVettedKey(t, 'caseworker.hostile', KEY_PASSPHRASE);
  caseworker = desk.staff;
  const { directory } = desk;

  const report = reportDocument(
    { city: '<b>Berlin</b>', whatHappened: WHAT_HAPPENED, involved: INVOLVED },
    FILES.map((file) => ({
      attachmentId: file.attachmentId,
      name: file.name,
      type: file.type,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      parts: 1,
      cleaned: false,
      removedMetadata: [],
    })),
  );
  const submission = await buildSubmission(directory, { report });
  const created = await request(t.app).post('/api/reports').send(submission.body).expect(201);
  caseId = (created.body as { caseId: string }).caseId;
  const verifier = await deriveReceiptVerifier(submission.receipt);
  for (const file of FILES) {
    await request(t.app)
      .put(`/api/attachments/${file.attachmentId}/parts/0`)
      .set('Content-Type', 'application/octet-stream')
      .set('X-Receipt-Verifier', verifier)
      .send(Buffer.from(await encryptForDirectory(file.bytes, directory)))
      .expect(201);
  }

  tab = await openStaffPage(site.browser);
  // Every request, dialog and active element of this tab from now on, wherever it comes from.
  watch = await watchForHostileContent(tab, ACTIVE_TAGS);
});

async function pwned(page: Page): Promise<unknown> {
  return await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

describe('a caseworker opens a report written to attack them', () => {
  test('when the inbox decrypts the hostile report then its summary is text and nothing runs', async () => {
    const { page } = tab;
    await unlockWatchedInbox(site, page, caseworker, KEY_PASSPHRASE);
    const summary = page.locator(`tr.case-row[data-case-id="${caseId}"] .case-summary`);
    expect(await summary.getAttribute('data-state')).toBe('decrypted');
    expect(await summary.textContent()).toContain('<script>window.__pwned=1</script>');
    expect(await page.locator(`#inbox-table :is(${ACTIVE_TAGS})`).count()).toBe(0);
    expect(await createdSinceLastLook(page)).toEqual([]);
    expect(await pwned(page)).toBeUndefined();
  });

  test('when the case opens then the text shows literally, the override is a visible marker and no element is made from it', async () => {
    const { page } = tab;
    expect(await openCase(page, caseId)).toBe('decrypted');
    await page
      .locator('#file-list li.file')
      .nth(FILES.length - 1)
      .waitFor();
    const marker = '⟨U+202E⟩';
    const shown = await page.textContent('.answer[data-answer="whatHappened"] .answer-text');
    expect(shown).toBe(WHAT_HAPPENED.replaceAll(RLO, marker));
    expect(shown).not.toContain(RLO);
    expect(await page.textContent('.answer[data-answer="involved"] .answer-text')).toBe(
      INVOLVED.replaceAll(RLO, marker),
    );
    expect(await page.textContent('.answer[data-answer="city"] .answer-text')).toBe(
      '<b>Berlin</b>',
    );
    const caseView = page.locator(`section[data-view="case"][data-case-id="${caseId}"]`);
    expect(await caseView.locator(ACTIVE_TAGS).count()).toBe(0);
    expect(await caseView.locator('b, iframe').count()).toBe(0);
    expect(await page.locator('.answer-text *').count()).toBe(0);
    expect(await createdSinceLastLook(page)).toEqual([]);
    expect(await pwned(page)).toBeUndefined();
    expect(watch.dialogs).toEqual([]);
  });

  test('when the files are listed then their names are inert text and every safe name ends in .bin', async () => {
    const { page } = tab;
    for (const file of FILES) {
      const item = page.locator(`#file-list li.file[data-attachment-id="${file.attachmentId}"]`);
      expect(await item.locator('.file-name').textContent()).toBe(
        file.name.replaceAll(RLO, '⟨U+202E⟩'),
      );
      expect(await item.locator('.file-name *').count()).toBe(0);
      expect(await item.locator('code[data-safe-name]').getAttribute('data-safe-name')).toBe(
        file.savedAs,
      );
      expect(await item.locator('code[data-safe-name]').textContent()).toMatch(/\.bin$/);
      // Neither HTML nor SVG is ever previewed.
      expect(await item.locator('[data-action="preview"]').count()).toBe(0);
    }
    expect(await page.locator('#file-list :is(svg, img, canvas, iframe)').count()).toBe(0);
  });

  test('when x.html is downloaded then it is saved as x_html.bin with exactly the original bytes and nothing of it runs', async () => {
    const { page } = tab;
    const html = FILES[0]!;
    const item = page.locator(`#file-list li.file[data-attachment-id="${html.attachmentId}"]`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      item.locator('[data-action="download"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('x_html.bin');
    const saved = await readFile(await download.path());
    expect(saved.equals(HTML_FILE)).toBe(true);
    // The only element the download made: our own hidden link to an octet-stream Blob.
    const created = await createdSinceLastLook(page);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatch(
      /^<a href="blob:http:\/\/localhost:\d+\/[0-9a-f-]+" download="x_html\.bin"/,
    );
    expect(await pwned(page)).toBeUndefined();
    expect(watch.dialogs).toEqual([]);
  });

  test('when all of this is done then nothing was requested from another origin and no CSP rule was broken', () => {
    expect(watch.requests.length).toBeGreaterThan(0);
    const foreign = watch.requests.filter(
      (url) => !url.startsWith(`${site.baseUrl}/`) && !url.startsWith(`blob:${site.baseUrl}/`),
    );
    expect(foreign).toEqual([]);
    expect(watch.requests.some((url) => url.includes('evil.example'))).toBe(false);
    expect(tab.allCspViolations).toEqual([]);
  });
});
