/**
 * Attack: stored XSS aimed at caseworkers (SECURITY.md "Threat model": malicious reports). The
 * server cannot read what it stores, so every decrypted byte a caseworker's dashboard shows is
 * attacker text. Beyond the report answers and file names of
 * tests/e2e/casework-hostile-content.test.ts, this sends what a hostile reporter controls
 * elsewhere, in a real Chromium: a report that is not JSON at all (raw HTML); a report whose
 * locale, incident type and answers carry markup, wrong types (objects where text belongs),
 * `__proto__`/`constructor` keys and a manifest with a path-traversal attachment id and HTML/SVG
 * file names; follow-ups as raw HTML and as a JSON follow-up with a hostile manifest. Defence: the
 * dashboard reads decrypted documents field by field with type checks
 * (client/dashboard/cases/report-reader.ts), builds the DOM with textContent only
 * (client/shared/dom.ts), makes bidi and control characters visible, builds part URLs only from ids
 * that match a strict pattern, and the CSP (no inline script, Trusted Types) would stop what
 * slipped through. Checked: nothing runs, no element is made from the text, no prototype is
 * polluted, nothing is requested that the text named, no CSP violation.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import {
  armorBinaryMessage,
  encryptForDirectory,
  type VerifiedDirectory,
} from '../../client/crypto';
import { caseworkerWithServiceVettedKey } from '../helpers/caseworker-desk';
import { openCase, openInbox, openStaffPage, type StaffPage } from '../helpers/dashboard';
import {
  createdSinceLastLook,
  unlockWatchedInbox,
  watchForHostileContent,
  type HostileContentWatch,
} from '../helpers/hostile-content-watch';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { buildSubmission } from '../helpers/reports';
import type { EnrolledStaff } from '../helpers/staff';

const KEY_PASSPHRASE = 'TEST ONLY stored-xss key passphrase 51c0';
const SCRIPT = '<script>window.__pwned = "script"</script>';
const IMG = '<img src="x" onerror="window.__pwned = \'img\'">';
const SVG = '<svg onload="window.__pwned = \'svg\'"></svg>';
const IFRAME = '<iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>';

/** A report that is not our JSON at all: shown as plain text, whole. */
const RAW_HTML_REPORT = `<!doctype html><html><body>${SCRIPT}${IMG}<a href="javascript:window.__pwned='link'">TEST ONLY raw</a></body></html>`;

const TRAVERSAL_ID = '../../../api/admin/users';
const htmlFile = {
  attachmentId: randomBytes(16).toString('hex'),
  name: `${IMG}.html`,
  type: 'text/html',
  size: 10,
  sha256: createHash('sha256').update('0123456789').digest('hex'),
  // More parts than will ever arrive: the dashboard must show the gap, not fetch beyond.
  parts: 3,
  cleaned: false,
  removedMetadata: [SCRIPT],
};

/** A report in our schema where every attacker-chosen place carries markup or a wrong type. */
const HOSTILE_REPORT = {
  schema: 'amanat-report/v1',
  locale: `ug" dir="rtl" onmouseover="window.__pwned='locale'`,
  constructor: { prototype: { polluted: 'constructor' } },
  attachments: [
    htmlFile,
    { ...htmlFile, attachmentId: TRAVERSAL_ID, name: 'traversal.bin' },
    { ...htmlFile, attachmentId: `${'a'.repeat(22)}/../../x`, name: SVG },
  ],
  answers: {
    incidentType: `javascript:window.__pwned='type'`,
    month: SCRIPT,
    country: IMG,
    city: { toString: SCRIPT, '<b>': 'bold' },
    whatHappened: `TEST ONLY ${SCRIPT} ${IMG} ${SVG} ${IFRAME}`,
    involved: ['<b>array</b>'],
    relativesAffected: '<b>yes</b>',
    contact: { method: 'site', details: `<a href="https://evil.example/">${IMG}</a>` },
    consents: { caseworkersMayRead: 'true', statistics: {} },
  },
};

const RAW_HTML_FOLLOW_UP = `TEST ONLY follow-up ${IFRAME}${SCRIPT}`;
const JSON_FOLLOW_UP = {
  schema: 'amanat-follow-up/v1',
  text: `TEST ONLY json follow-up ${SVG}`,
  attachments: [{ ...htmlFile, attachmentId: randomBytes(16).toString('hex'), name: IFRAME }],
};

/** The elements a hostile text could try to make. */
const ACTIVE_TAGS =
  'script, img, a, svg, iframe, object, embed, image, video, audio, link, base, b';

let site: ReporterSite;
let caseworker: EnrolledStaff;
let tab: StaffPage;
let watch: HostileContentWatch;
let rawCaseId: string;
let hostileCaseId: string;

async function submit(
  directory: VerifiedDirectory,
  plaintext: string,
): Promise<{ caseId: string; verifier: string }> {
  const { body } = await buildSubmission(directory);
  const message = armorBinaryMessage(
    await encryptForDirectory(new TextEncoder().encode(plaintext), directory),
  );
  const created = await request(site.t.app)
    .post('/api/reports')
    .send({ ...body, message })
    .expect(201);
  return { caseId: created.body.caseId as string, verifier: body.receiptVerifier };
}

async function followUp(
  directory: VerifiedDirectory,
  verifier: string,
  plaintext: string,
): Promise<void> {
  await request(site.t.app)
    .post('/api/receipts/messages')
    .send({
      receiptVerifier: verifier,
      messageId: randomBytes(16).toString('hex'),
      message: armorBinaryMessage(
        await encryptForDirectory(new TextEncoder().encode(plaintext), directory),
      ),
    })
    .expect(201);
}

beforeAll(async () => {
  site = await startReporterSite('sec-stored-xss', { caseworkers: 1 });
  const { t } = site;
  const desk = await caseworkerWithServiceVettedKey(t, 'xss-caseworker', KEY_PASSPHRASE);
  caseworker = desk.staff;
  const { directory } = desk;

  rawCaseId = (await submit(directory, RAW_HTML_REPORT)).caseId;
  // `__proto__` as an own JSON key (an object literal would set the prototype instead).
  const hostileJson = JSON.stringify(HOSTILE_REPORT)
    .replace('"schema"', '"__proto__":{"polluted":"report"},"schema"')
    .replace('"answers":{', '"answers":{"__proto__":{"polluted":"answers"},');
  const hostile = await submit(directory, hostileJson);
  hostileCaseId = hostile.caseId;
  await followUp(directory, hostile.verifier, RAW_HTML_FOLLOW_UP);
  await followUp(directory, hostile.verifier, JSON.stringify(JSON_FOLLOW_UP));
  // One real part of the HTML "file", so the files panel has something to offer.
  await request(t.app)
    .put(`/api/attachments/${htmlFile.attachmentId}/parts/0`)
    .set({ 'Content-Type': 'application/octet-stream', 'X-Receipt-Verifier': hostile.verifier })
    .send(Buffer.from(await encryptForDirectory(new TextEncoder().encode('0123456789'), directory)))
    .expect(201);

  tab = await openStaffPage(site.browser);
  watch = await watchForHostileContent(tab, ACTIVE_TAGS);
});
afterAll(async () => {
  await site.close();
});

/** Everything a successful attack would leave behind in the page. */
async function tracesIn(page: Page): Promise<Record<string, unknown>> {
  return await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    pollutedObject: ({} as { polluted?: unknown }).polluted,
    pollutedArray: ([] as unknown as { polluted?: unknown }).polluted,
  }));
}
const CLEAN = { pwned: undefined, pollutedObject: undefined, pollutedArray: undefined };

describe('a caseworker opens reports and follow-ups written to attack them', () => {
  test('when the inbox decrypts both reports then their summaries are text and nothing runs', async () => {
    const { page } = tab;
    await unlockWatchedInbox(site, page, caseworker, KEY_PASSPHRASE);
    for (const caseId of [rawCaseId, hostileCaseId]) {
      const summary = page.locator(`tr.case-row[data-case-id="${caseId}"] .case-summary`);
      expect(await summary.getAttribute('data-state')).toBe('decrypted');
    }
    expect(await page.locator('#inbox-table').locator(ACTIVE_TAGS).count()).toBe(0);
    expect(await createdSinceLastLook(page)).toEqual([]);
    expect(await tracesIn(page)).toEqual(CLEAN);
  });

  test('when the raw HTML report opens then it is shown whole, as text', async () => {
    const { page } = tab;
    expect(await openCase(page, rawCaseId)).toBe('decrypted');
    expect(await page.textContent('.answer[data-answer="plaintext"] .answer-text')).toBe(
      RAW_HTML_REPORT,
    );
    expect(await page.locator('#case-report').locator(ACTIVE_TAGS).count()).toBe(0);
    expect(await createdSinceLastLook(page)).toEqual([]);
    expect(await tracesIn(page)).toEqual(CLEAN);
  });

  test('when the hostile JSON report opens then markup stays text, wrong types are dropped and no prototype is polluted', async () => {
    const { page } = tab;
    await openInbox(page);
    await createdSinceLastLook(page);
    expect(await openCase(page, hostileCaseId)).toBe('decrypted');
    await page.locator('#thread-list li.message').nth(1).waitFor();
    const answerText = async (key: string) =>
      await page.locator(`.answer[data-answer="${key}"] .answer-text`).textContent();
    expect(await answerText('whatHappened')).toBe(HOSTILE_REPORT.answers.whatHappened);
    expect(await answerText('month')).toBe(SCRIPT);
    expect(await answerText('locale')).toBe(HOSTILE_REPORT.locale);
    // An object, an array or a string where a boolean belongs is not an answer.
    for (const dropped of ['city', 'involved', 'relativesAffected']) {
      expect([dropped, await page.locator(`.answer[data-answer="${dropped}"]`).count()]).toEqual([
        dropped,
        0,
      ]);
    }
    // The follow-ups, raw and in our schema, are text.
    const messages = page.locator('#thread-list li.message[data-kind="follow-up"] .message-text');
    expect(await messages.allTextContents()).toEqual([RAW_HTML_FOLLOW_UP, JSON_FOLLOW_UP.text]);
    const caseView = page.locator(`section[data-view="case"][data-case-id="${hostileCaseId}"]`);
    expect(await caseView.locator(ACTIVE_TAGS).count()).toBe(0);
    expect(await createdSinceLastLook(page)).toEqual([]);
    expect(await tracesIn(page)).toEqual(CLEAN);
  });

  test('when the files are listed then hostile names are text and ids that are not ids are never used', async () => {
    const { page } = tab;
    const files = page.locator('#file-list li.file');
    // Manifest entries whose attachment id is not an id are not offered at all.
    const offered = await files.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-attachment-id')),
    );
    expect(offered).not.toContain(TRAVERSAL_ID);
    expect(offered).toContain(htmlFile.attachmentId);
    const names = await page.locator('#file-list .file-name').allTextContents();
    expect(names).toEqual(expect.arrayContaining([htmlFile.name]));
    expect(await page.locator('#file-list .file-name *').count()).toBe(0);
    expect(await page.locator('#file-list').locator(ACTIVE_TAGS).count()).toBe(0);
    expect(await tracesIn(page)).toEqual(CLEAN);
  });

  test('when all of this is done then nothing was requested that the text named, from anywhere, and no CSP rule was broken', () => {
    expect(watch.requests.length).toBeGreaterThan(0);
    const foreign = watch.requests.filter(
      (url) => !url.startsWith(`${site.baseUrl}/`) && !url.startsWith(`blob:${site.baseUrl}/`),
    );
    expect(foreign).toEqual([]);
    // The traversal id never became a path, and no admin route was touched from this page.
    expect(
      watch.requests.filter(
        (url) => url.includes('/api/admin') || url.includes('..') || url.includes('%2F'),
      ),
    ).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    expect(tab.allCspViolations).toEqual([]);
  });
});
