/**
 * The casework story end to end, in real pages: a caseworker joins through the dashboard and
 * creates a key in the browser, an admin vets it and the directory is published; a reporter
 * writes in Uyghur on the right-to-left reporter page; the caseworker unlocks the key, reads and
 * triages the case, writes a note and a signed reply; the reporter comes back with the receipt,
 * reads the reply and the status and answers with a signed follow-up; a caseworker who joins
 * later cannot read the case until the first shares it. No CSP rule is broken and no staff page
 * talks to another origin.
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { openObservedPage } from '../helpers/browser';
import {
  ageReauthentication,
  answerReauth,
  createKeyInBrowser,
  enrolInNewTab,
  openCase,
  openInbox,
  signInWithTotp,
  unlockInInbox,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { useReporterSite } from '../helpers/use-reporter-site';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';

const en = createDashboardTranslator('en');
const ug = createTranslator('ug');
const WHAT_HAPPENED =
  'ئەلچىخانا ئاتا-ئانامغا تېلېفون قىلىپ تەھدىت سالدى TEST ONLY canary-flow-3c1e';
const NOTE = 'Internal: ask the partner lawyer TEST ONLY canary-note-0b7d';
const REPLY = 'سالام، دوكلاتىڭىزنى تاپشۇرۇۋالدۇق TEST ONLY canary-reply-5e21';
const FOLLOW_UP = 'رەھمەت، يەنە تېلېفون قىلدى TEST ONLY canary-follow-up-a4c9';
const FIRST_KEY_PASSPHRASE = 'TEST ONLY first caseworker key passphrase 2d8f';
const SECOND_KEY_PASSPHRASE = 'TEST ONLY second caseworker key passphrase 71e0';

let admin: EnrolledStaff;
const staffTabs: StaffPage[] = [];

const site = useReporterSite('e2e-casework-flow', { caseworkers: 1 });
beforeAll(async () => {
  admin = await enrolStaff(site.t, 'admin.dilnur', 'admin');
});

interface Caseworker {
  readonly username: string;
  readonly tab: StaffPage;
  readonly totpSecret: string;
  readonly fingerprint: string;
}

/** Invitation link → password → authenticator app → key created in the browser; then signed out. */
async function joinAsCaseworker(username: string, passphrase: string): Promise<Caseworker> {
  const { tab, totpSecret } = await enrolInNewTab(site, username, 'caseworker');
  staffTabs.push(tab);
  await waitForView(tab.page, 'keys');
  const fingerprint = await createKeyInBrowser(tab.page, passphrase);
  expect(fingerprint).toMatch(/^[0-9a-f]{40}$/);
  await tab.page.click('#logout');
  await waitForView(tab.page, 'login');
  return { username, tab, totpSecret, fingerprint };
}

/** The admin vets the key through the admin API (after re-authentication); the directory is signed. */
async function vetAndPublish(fingerprint: string): Promise<void> {
  await reauthenticate(site.t, admin.client, admin);
  const vetted = await admin.client.post(`/api/admin/keys/${fingerprint}/vet`);
  expect(vetted.status).toBe(200);
  const directory = await site.t.publishDirectory();
  expect(directory.recipients.map((recipient) => recipient.fingerprint)).toContain(fingerprint);
}

async function signIn(caseworker: Caseworker): Promise<Page> {
  const { page } = caseworker.tab;
  await page.goto(`${site.baseUrl}/staff/`);
  await signInWithTotp(page, site.t, caseworker.username, caseworker.totpSecret);
  await waitForView(page, 'keys');
  return page;
}

async function threadTexts(page: Page): Promise<Record<string, string>> {
  const entries = await page
    .locator('#thread-list li[data-state="decrypted"]')
    .evaluateAll((items) =>
      items.map((item) => [
        item.getAttribute('data-kind') ?? '',
        item.querySelector('.message-text')?.textContent ?? '',
      ]),
    );
  return Object.fromEntries(entries);
}

describe('a report in Uyghur is read, triaged, answered and shared', () => {
  let amina: Caseworker;
  let bekzat: Caseworker;
  let receipt: string;
  let caseId: string;

  test('when a caseworker joins and creates a key in the browser and an admin vets it then the published directory names the key', async () => {
    amina = await joinAsCaseworker('caseworker.amina', FIRST_KEY_PASSPHRASE);
    await vetAndPublish(amina.fingerprint);
  });

  test('when a reporter writes in Uyghur on the right-to-left page then the report is sent and a receipt is shown', async () => {
    const reporter = await openObservedPage(site.browser);
    const { page } = reporter;
    await page.goto(`${site.baseUrl}/?lang=ug`);
    await page.locator('#report-form').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    await page.selectOption('select[name="incidentType"]', 'threats_through_relatives');
    await page.fill('input[name="month"]', '2026-10');
    await page.selectOption('select[name="country"]', 'TR');
    await page.fill('textarea[name="whatHappened"]', WHAT_HAPPENED);
    await page.check('input[name="relativesAffected"][value="yes"]');
    await page.check('input[name="consentRead"]');
    await page.click('#send-report');
    receipt = ((await page.locator('#receipt-code').textContent({ timeout: 60_000 })) ?? '').trim();
    expect(receipt).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(await page.textContent('#receipt-title')).toBe(ug('receipt.title'));
    const sent = reporter.requests.map((request) => request.postData() ?? '').join('\n');
    expect(sent).not.toContain('canary-flow-3c1e');
    expect(await reporter.cspViolations()).toEqual([]);
    await reporter.context.close();
  });

  test('when the caseworker signs in and unlocks the key then the inbox summary and the case show the Uyghur text', async () => {
    const page = await signIn(amina);
    await openInbox(page);
    const row = page.locator('#inbox-table tr.case-row').first();
    caseId = (await row.getAttribute('data-case-id')) ?? '';
    expect(caseId).toMatch(/^[0-9a-f]{32}$/);
    expect(await row.getAttribute('data-status')).toBe('new');
    expect(await row.locator('.case-summary').getAttribute('data-state')).toBe('locked');
    expect(await row.textContent()).not.toContain('canary-flow-3c1e');
    await unlockInInbox(page, FIRST_KEY_PASSPHRASE);
    await row.locator('.case-summary[data-state="decrypted"]').waitFor();
    expect(await row.locator('.case-summary').textContent()).toContain('canary-flow-3c1e');
    expect(await openCase(page, caseId)).toBe('decrypted');
    expect(await page.textContent('.answer[data-answer="whatHappened"] .answer-text')).toBe(
      WHAT_HAPPENED,
    );
  });

  test('when the case is triaged and saved then the history names every change', async () => {
    const { page } = amina.tab;
    await page.selectOption('#triage-status', 'in_progress');
    await page.selectOption('#triage-priority', 'urgent');
    await page.fill('#triage-deadline', '2031-05-20');
    await page.selectOption('#triage-incident-category', 'threats_through_relatives');
    await page.selectOption('#triage-host-country', 'TR');
    await page.fill('#triage-month', '2026-10');
    await page.click('#triage-save');
    await page.locator('#triage-status-line', { hasText: en('triage.saved') }).waitFor();
    const history = (
      await page.locator('#case-history li[data-event="case.triage_changed"]').allTextContents()
    ).join('\n');
    for (const [field, value] of [
      ['triage.status', en('case.status.in_progress')],
      ['triage.priority', en('case.priority.urgent')],
      ['triage.deadline', '2031-05-20'],
      ['triage.incidentCategory', en('incident.threats_through_relatives')],
      ['triage.hostCountry', '(TR)'],
      ['triage.month', '2026-10'],
    ] as const) {
      expect(history).toMatch(new RegExp(`${en(field)}: [^\\n]*→ [^\\n]*${literal(value)}`));
    }
    expect(await page.getAttribute('section[data-view="case"]', 'data-status')).toBe('in_progress');
  });

  test('when the caseworker writes a note and a reply then both show decrypted in the thread', async () => {
    const { page } = amina.tab;
    // The stored reply key is the one the encrypted report names.
    expect(await page.getAttribute('#reply-key', 'data-state')).toBe('bound');
    await page.fill('#note-text', NOTE);
    await page.click('#note-submit');
    await page.locator('#thread-list li[data-kind="note"][data-state="decrypted"]').waitFor();
    await page.fill('#reply-text', REPLY);
    await page.click('#reply-submit');
    await page.locator('#thread-list li[data-kind="reply"][data-state="decrypted"]').waitFor();
    expect(await threadTexts(page)).toEqual({ note: NOTE, reply: REPLY });
  });

  test('when the reporter returns with the receipt then the reply and the status are shown in plain words and a follow-up is sent', async () => {
    const returning = await openObservedPage(site.browser);
    const { page } = returning;
    await page.goto(`${site.baseUrl}/?lang=ug&view=return`);
    await page.fill('#receipt-input', receipt);
    await page.click('#return-form button[type="submit"]');
    await page.locator('#case-status').waitFor({ timeout: 60_000 });
    expect(await page.getAttribute('#case-status', 'data-status')).toBe('in_progress');
    expect(await page.textContent('#case-status')).toBe(ug('return.status.in_progress'));
    expect(await page.locator('.reply-text').allTextContents()).toEqual([REPLY]);
    expect(await page.textContent('body')).not.toContain('canary-note-0b7d');
    await page.fill('#follow-up', FOLLOW_UP);
    await page.click('#follow-up-form button[type="submit"]');
    await page.getByText(ug('return.followUp.sent')).waitFor({ timeout: 60_000 });
    const sent = returning.requests.map((request) => request.postData() ?? '').join('\n');
    expect(sent).not.toContain('canary-follow-up-a4c9');
    expect(sent).not.toContain(receipt);
    expect(await returning.cspViolations()).toEqual([]);
    await returning.context.close();
  });

  test('when a caseworker joins later then they cannot read the case until the first caseworker shares it', async () => {
    bekzat = await joinAsCaseworker('caseworker.bekzat', SECOND_KEY_PASSPHRASE);
    await vetAndPublish(bekzat.fingerprint);
    const page = await signIn(bekzat);
    await openInbox(page);
    await unlockInInbox(page, SECOND_KEY_PASSPHRASE);
    const summary = page.locator(`tr.case-row[data-case-id="${caseId}"] .case-summary`);
    expect(await summary.getAttribute('data-state')).toBe('failed');
    expect(await openCase(page, caseId)).toBe('undecryptable');
    // Neither the report nor any message of its thread opens with this key.
    expect(
      await page
        .locator('#thread-list li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-state'))),
    ).toEqual(['undecryptable', 'undecryptable', 'undecryptable']);
    expect(await page.locator('.answer-text, .message-text').count()).toBe(0);

    // The first caseworker shares it from the access list; sharing asks for re-authentication.
    const first = amina.tab.page;
    await first.click('#access-refresh');
    const row = first.locator(`#access-list li[data-fingerprint="${bekzat.fingerprint}"]`);
    await first
      .locator(`#access-list li[data-fingerprint="${bekzat.fingerprint}"][data-can-read="false"]`)
      .waitFor();
    expect(
      await first
        .locator(`#access-list li[data-fingerprint="${amina.fingerprint}"]`)
        .getAttribute('data-can-read'),
    ).toBe('true');
    ageReauthentication(site.t);
    await row.locator('[data-action="share"]').click();
    await row.locator('[data-action="confirm-share"]').click();
    await answerReauth(first, site.t, amina.totpSecret);
    await first
      .locator(`#access-list li[data-fingerprint="${bekzat.fingerprint}"][data-can-read="true"]`)
      .waitFor({ timeout: 60_000 });
  });

  test('when the second caseworker signs in and unlocks the key then the report, note, reply and follow-up decrypt', async () => {
    const { page } = bekzat.tab;
    await page.click('#logout');
    await waitForView(page, 'login');
    await signIn(bekzat);
    await openInbox(page);
    await unlockInInbox(page, SECOND_KEY_PASSPHRASE);
    expect(
      await page
        .locator(`tr.case-row[data-case-id="${caseId}"] .case-summary`)
        .getAttribute('data-state'),
    ).toBe('decrypted');
    expect(await openCase(page, caseId)).toBe('decrypted');
    expect(await page.textContent('.answer[data-answer="whatHappened"] .answer-text')).toBe(
      WHAT_HAPPENED,
    );
    await page.locator('#thread-list li[data-kind="follow-up"]').waitFor();
    expect(
      await page
        .locator('#thread-list li')
        .evaluateAll((items) => items.map((item) => item.getAttribute('data-state'))),
    ).toEqual(['decrypted', 'decrypted', 'decrypted']);
    expect(await threadTexts(page)).toEqual({
      note: NOTE,
      reply: REPLY,
      'follow-up': FOLLOW_UP,
    });
    // Signed on the reporter's page with the reply key the report names.
    expect(
      await page.getAttribute('#thread-list li[data-kind="follow-up"]', 'data-from-reporter'),
    ).toBe('verified');
    expect(await page.textContent('#thread-list li[data-kind="follow-up"]')).toContain(
      en('thread.followUp.verified'),
    );
  });

  test('when all of this is done then no CSP rule was broken and no staff page asked another origin', () => {
    expect(staffTabs).toHaveLength(2);
    for (const tab of staffTabs) {
      expect(tab.allCspViolations).toEqual([]);
      const foreign = tab.requests
        .map((request) => request.url())
        .filter((url) => new URL(url).origin !== site.baseUrl);
      expect(foreign).toEqual([]);
    }
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
