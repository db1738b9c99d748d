/**
 * Attack: a file a caseworker downloads runs as a page of our origin. The server cannot read
 * ciphertext, so a hostile reporter can upload an attachment "part" that passes every packet
 * check — real key packets for the caseworkers, then an encrypted-data packet whose opaque body
 * is an HTML document with script — and hope the download is rendered (or sniffed) as HTML on
 * our origin, next to the caseworker's session. Defence: parts are served as
 * `application/octet-stream` with `Content-Disposition: attachment` and `nosniff`, exports as
 * `application/x-tar` with an attachment file name made of the hex case id only, and every
 * answer carries the strict CSP. In a real Chromium, signed in as a caseworker, opening the part
 * and export URLs directly starts a download; nothing is rendered and nothing runs.
 * (Decrypted files are saved as `*.bin` blobs by the dashboard:
 * tests/e2e/casework-hostile-content.test.ts.)
 */
import { randomBytes } from 'node:crypto';
import type { Download, Page } from 'playwright-core';
import request from 'supertest';
import { encryptForDirectory } from '../../client/crypto';
import { openStaffPage, signInWithTotp, waitForView, type StaffPage } from '../helpers/dashboard';
import { framePackets, newFormatHeader } from '../helpers/packet-oracle';
import type { ReporterSite } from '../helpers/reporter-site';
import { useReporterSite } from '../helpers/use-reporter-site';
import { buildSubmission } from '../helpers/reports';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';

const CANARY_TITLE = 'TEST ONLY hostile download canary';
const HOSTILE_HTML = Buffer.from(
  `<!doctype html><html><head><title>${CANARY_TITLE}</title></head><body>` +
    '<script>window.__pwned = 1; fetch("/api/cases?pwned=1")</script>' +
    '<img src="x" onerror="window.__pwned = 2">' +
    `<h1 id="pwned">${CANARY_TITLE}</h1></body></html>`,
);

/**
 * What a hostile reporter can store as an attachment part: the key packets of a real message
 * for the caseworkers, then a SEIPD v1 packet whose "ciphertext" is an HTML document.
 */
async function htmlDisguisedAsPart(site: ReporterSite): Promise<Buffer> {
  const real = await encryptForDirectory(new TextEncoder().encode('TEST ONLY'), site.t.directory);
  const packets = framePackets(real)!;
  const keyPackets = Buffer.from(real.subarray(0, packets.at(-1)!.start));
  // Version 1, then the HTML where the encrypted prefix and data would be.
  const body = Buffer.concat([Buffer.from([1]), HOSTILE_HTML]);
  return Buffer.concat([keyPackets, newFormatHeader(18, body.length, true), body]);
}

let caseworker: EnrolledStaff;
let tab: StaffPage;
let caseId: string;
let partPath: string;
let exportPath: string;
const dialogs: string[] = [];
const requested: string[] = [];

const site = useReporterSite('sec-download-xss', { caseworkers: 1 });
beforeAll(async () => {
  const { t } = site;
  caseworker = await enrolStaff(t, 'download-caseworker');
  const { body } = await buildSubmission(t.directory);
  caseId = (await request(t.app).post('/api/reports').send(body).expect(201)).body.caseId;
  const attachmentId = randomBytes(16).toString('hex');
  // The validator cannot tell this from ciphertext, and must not try: it is stored.
  await request(t.app)
    .put(`/api/attachments/${attachmentId}/parts/0`)
    .set({ 'Content-Type': 'application/octet-stream', 'X-Receipt-Verifier': body.receiptVerifier })
    .send(await htmlDisguisedAsPart(site))
    .expect(201);
  partPath = `/api/cases/${caseId}/attachments/${attachmentId}/parts/0`;
  exportPath = `/api/cases/${caseId}/export`;

  tab = await openStaffPage(site.browser);
  tab.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  tab.context.on('request', (sent) => requested.push(sent.url()));
});

/** Opens a URL in the tab as a top-level navigation; resolves with the download it starts. */
async function navigateExpectingDownload(page: Page, url: string): Promise<Download> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10_000 }),
    // Chromium aborts the navigation when the answer is a download.
    page.goto(url).catch(() => null),
  ]);
  return download;
}

async function pwnedIn(page: Page): Promise<unknown> {
  return await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

describe('hostile bytes served as a download', () => {
  test('when the part and the export are fetched then they are opaque attachments: octet-stream or tar, attachment, nosniff, strict CSP', async () => {
    const headers = caseworker.client.headers(false);
    const part = await request(site.t.app).get(partPath).set(headers).expect(200);
    expect(part.headers['content-type']).toBe('application/octet-stream');
    expect(part.headers['content-disposition']).toBe('attachment');
    expect(part.headers['x-content-type-options']).toBe('nosniff');
    expect(part.headers['content-security-policy']).toMatch(
      /^default-src 'none';script-src 'self';/,
    );
    // The bytes are served exactly as stored: the HTML is in there, and must stay inert.
    expect(Buffer.from(part.body as Buffer).includes(HOSTILE_HTML)).toBe(true);

    const exported = await request(site.t.app).get(exportPath).set(headers).expect(200);
    expect(exported.headers['content-type']).toBe('application/x-tar');
    expect(exported.headers['content-disposition']).toBe(
      `attachment; filename="amanat-case-${caseId}.tar"`,
    );
    expect(exported.headers['x-content-type-options']).toBe('nosniff');
  });

  test('when a signed-in caseworker opens the part URL directly in Chromium then it downloads, nothing renders and nothing runs', async () => {
    const { page } = tab;
    await page.goto(`${site.baseUrl}/staff/`);
    await signInWithTotp(page, site.t, caseworker.username, caseworker.totpSecret);
    await waitForView(page, 'keys');
    const before = page.url();

    const download = await navigateExpectingDownload(page, `${site.baseUrl}${partPath}`);
    const saved = await download.path();
    expect(saved).toBeTruthy();
    // Still the dashboard: the HTML never became the document.
    expect(page.url()).toBe(before);
    expect(await page.title()).not.toBe(CANARY_TITLE);
    expect(await page.locator('#pwned').count()).toBe(0);
    expect(await pwnedIn(page)).toBeUndefined();
  });

  test('when the caseworker opens the export URL directly then it downloads as a tar as well', async () => {
    const { page } = tab;
    const before = page.url();
    const download = await navigateExpectingDownload(page, `${site.baseUrl}${exportPath}`);
    expect(download.suggestedFilename()).toBe(`amanat-case-${caseId}.tar`);
    expect(page.url()).toBe(before);
    expect(await pwnedIn(page)).toBeUndefined();
  });

  test('when all of this is done then no script of the file ran: no dialog, no request it would make, no CSP violation', () => {
    expect(dialogs).toEqual([]);
    expect(requested.filter((url) => url.includes('pwned'))).toEqual([]);
    expect(tab.allCspViolations).toEqual([]);
  });
});
