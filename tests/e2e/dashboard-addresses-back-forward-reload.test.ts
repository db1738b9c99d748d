/**
 * The dashboard as a place a person can move around in, in real pages, in English and in Uyghur
 * (right to left): every view has its own address; Back and Forward move between views (the
 * inbox comes back with its filters); a reload comes back to the same case and asks only for the
 * key passphrase, saying the reload locked the key; switching language keeps the case, the
 * unlocked key, the text being typed (a filter, a note, a reply) and says the notice again in the
 * new language; an address naming a view the role lacks opens the role's own view and is fixed.
 * And the address never holds more than the language, the view, a case id and closed-list filters.
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator, type DashboardLocaleCode } from '../../client/dashboard/i18n';
import {
  caseworkerWithServiceVettedKey,
  signInToKeys,
  type CaseworkerAtDesk,
} from '../helpers/caseworker-desk';
import {
  ageReauthentication,
  answerReauth,
  expectHistoryWithout,
  openCase,
  openInbox,
  openStaffPage,
  signInWithTotp,
  unlockInInbox,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { sendReport } from '../helpers/reporter-traffic';
import { enrolStaff, inviteStaff, STAFF_PASSWORD } from '../helpers/staff';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-dashboard-addresses', { caseworkers: 1 });

/** Every answer to GET /api/me/key/secret from now on (200: released; 403: re-auth asked). */
function secretKeyAnswers(page: Page): number[] {
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/me/key/secret') statuses.push(response.status());
  });
  return statuses;
}

/** The address bar's path and query. */
function addressOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The id of the element that has focus. */
async function focusedId(page: Page): Promise<string> {
  return await page.evaluate(() => document.activeElement?.id ?? '');
}

/** The case view of `caseId` once its report is decrypted with the unlocked key. */
async function caseDecrypted(page: Page, caseId: string): Promise<void> {
  await page.locator(`section[data-view="case"][data-case-id="${caseId}"]`).waitFor();
  await page.locator('#case-report[data-state="decrypted"]').waitFor({ timeout: 60_000 });
}

/** Marks this document: the mark is gone if the page was loaded again. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __samePage: boolean }).__samePage = true;
  });
}

async function sameDocument(page: Page): Promise<boolean> {
  return await page.evaluate(
    () => (window as unknown as { __samePage?: boolean }).__samePage === true,
  );
}

describe.each([
  ['en', 'ug', 'ltr'],
  ['ug', 'en', 'rtl'],
] as const)('the dashboard addresses in %s', (locale, otherLocale, dir) => {
  const t = createDashboardTranslator(locale);
  const other = createDashboardTranslator(otherLocale);
  let desk: CaseworkerAtDesk;
  let tab: StaffPage;
  let page: Page;
  let first: string;
  let second: string;
  const inboxAddress = (lang: DashboardLocaleCode): string =>
    `/staff/?lang=${lang}&view=inbox&needsReply=1&sort=received`;
  const caseAddress = (lang: DashboardLocaleCode, caseId: string): string =>
    `/staff/?lang=${lang}&view=case&case=${caseId}`;

  beforeAll(async () => {
    const ready = await caseworkerWithServiceVettedKey(
      site.t,
      `caseworker.addresses.${locale}`,
      `TEST ONLY addresses ${locale} key passphrase 5d21`,
    );
    desk = ready;
    first = (await sendReport(site.t.app, ready.directory)).caseId;
    second = (await sendReport(site.t.app, ready.directory)).caseId;
    tab = await openStaffPage(site.browser);
    page = tab.page;
    await signInToKeys(site, page, desk.staff, locale);
    expect(addressOf(page)).toBe(`/staff/?lang=${locale}&view=keys`);
    await openInbox(page);
    await unlockInInbox(page, desk.passphrase);
  }, 120_000);

  afterAll(async () => {
    await tab.context.close();
  });

  test(`when a case is opened from a filtered inbox then Back returns to the inbox with its filters and Forward to the case, the page ${dir}`, async () => {
    expect(await page.getAttribute('html', 'dir')).toBe(dir);
    await page.selectOption('#inbox-sort', 'received');
    await page.check('#inbox-needs-reply');
    await page.click('#inbox-apply');
    await page.waitForURL((url) => `${url.pathname}${url.search}` === inboxAddress(locale));
    await page.locator('#inbox-progress[data-done="true"]').waitFor({ state: 'attached' });

    expect(await openCase(page, first)).toBe('decrypted');
    expect(addressOf(page)).toBe(caseAddress(locale, first));
    expect(await focusedId(page)).toBe('case-title');
    expect(await page.getAttribute('[data-nav="inbox"]', 'aria-current')).toBe('page');

    await page.goBack();
    await waitForView(page, 'inbox');
    expect(addressOf(page)).toBe(inboxAddress(locale));
    expect(await page.inputValue('#inbox-sort')).toBe('received');
    expect(await page.isChecked('#inbox-needs-reply')).toBe(true);
    expect(await focusedId(page)).toBe('inbox-title');
    expect(await page.getAttribute('[data-nav="inbox"]', 'aria-current')).toBe('page');
    // Moving back did not lock the key: the rows are read again.
    await page.locator('#inbox-progress[data-done="true"]').waitFor({ state: 'attached' });
    expect(
      await page
        .locator(`#inbox-table tr.case-row[data-case-id="${first}"] .case-summary`)
        .getAttribute('data-state'),
    ).toBe('decrypted');

    await page.goForward();
    await caseDecrypted(page, first);
    expect(addressOf(page)).toBe(caseAddress(locale, first));
    expect(await focusedId(page)).toBe('case-title');
    expect(tab.allCspViolations).toEqual([]);
  }, 120_000);

  test('when a case is reloaded in the same session then the page says the reload locked the key and only the key passphrase opens the same case again', async () => {
    // Long after sign-in: this tab's key release token alone releases the key, no re-auth.
    ageReauthentication(site.t);
    const answers = secretKeyAnswers(page);
    await page.reload();
    await page.locator(`section[data-view="case"][data-case-id="${first}"]`).waitFor();
    expect(addressOf(page)).toBe(caseAddress(locale, first));
    expect(await page.getAttribute('html', 'dir')).toBe(dir);
    await page.locator('#key-gate-reload').waitFor();
    expect(await page.textContent('#key-gate-reload')).toBe(t('keyGate.lockedByReload'));
    expect(await page.locator('#case-report[data-state="decrypted"]').count()).toBe(0);

    await page.fill('#key-gate #unlock-passphrase', desk.passphrase);
    await page.click('#key-gate #unlock-submit');
    await caseDecrypted(page, first);
    expect(answers).toEqual([200]);
    expect(await page.locator('dialog[data-view="reauth"][open]').count()).toBe(0);
    expect(await page.locator('#key-gate-reload').count()).toBe(0);
    expect(addressOf(page)).toBe(caseAddress(locale, first));
  }, 120_000);

  test('when the language is switched on a case then the same case stays open with the key unlocked, and Back keeps the new language', async () => {
    await markDocument(page);
    await page.click(`.languages a[lang="${otherLocale}"]`);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, otherLocale);
    await caseDecrypted(page, first);
    expect(await sameDocument(page)).toBe(true);
    expect(addressOf(page)).toBe(caseAddress(otherLocale, first));
    expect(await page.getAttribute('html', 'dir')).toBe(dir === 'rtl' ? 'ltr' : 'rtl');
    expect(await page.textContent('#case-back')).toBe(other('case.back'));
    expect(await page.getAttribute('#key-gate #key-lock-area', 'data-state')).toBe('unlocked');
    expect(await page.getAttribute(`.languages a[lang="${otherLocale}"]`, 'aria-current')).toBe(
      'true',
    );
    // The other language link names this very view.
    expect(await page.getAttribute(`.languages a[lang="${locale}"]`, 'href')).toBe(
      `?lang=${locale}&view=case&case=${first}`,
    );

    await page.goBack();
    await waitForView(page, 'inbox');
    expect(addressOf(page)).toBe(inboxAddress(otherLocale));
    expect(await page.getAttribute('html', 'lang')).toBe(otherLocale);
    expect(await page.isChecked('#inbox-needs-reply')).toBe(true);
    expect(await sameDocument(page)).toBe(true);

    await page.click(`.languages a[lang="${locale}"]`);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
    expect(addressOf(page)).toBe(inboxAddress(locale));
    expect(await page.textContent('#inbox-title')).toBe(t('inbox.title'));
    await page.locator('#inbox-progress[data-done="true"]').waitFor({ state: 'attached' });
    expect(await page.getAttribute('#key-gate #key-lock-area', 'data-state')).toBe('unlocked');
    expect(await sameDocument(page)).toBe(true);
  }, 120_000);

  test('when a filter, a note and a reply are being typed and the language is switched then the typed text stays, on the same case with the key unlocked', async () => {
    await waitForView(page, 'inbox');
    await page.fill('#inbox-label', 'draft label \u0626\u0627');
    await page.click(`.languages a[lang="${otherLocale}"]`);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, otherLocale);
    expect(await page.textContent('#inbox-title')).toBe(other('inbox.title'));
    expect(await page.inputValue('#inbox-label')).toBe('draft label \u0626\u0627');

    expect(await openCase(page, first)).toBe('decrypted');
    const note = 'A note not yet saved \u0626\u06C7\u064A\u063A\u06C7\u0631';
    const reply = 'A reply being written,\nsecond line';
    await page.fill('#note-text', note);
    await page.fill('#reply-text', reply);
    await page.click(`.languages a[lang="${locale}"]`);
    await page.waitForFunction((lang) => document.documentElement.lang === lang, locale);
    await caseDecrypted(page, first);
    expect(await page.textContent('#case-back')).toBe(t('case.back'));
    expect(addressOf(page)).toBe(caseAddress(locale, first));
    expect(await page.inputValue('#note-text')).toBe(note);
    expect(await page.inputValue('#reply-text')).toBe(reply);
    expect(await page.getAttribute('#key-gate #key-lock-area', 'data-state')).toBe('unlocked');
    expect(await sameDocument(page)).toBe(true);

    await page.click('#case-back');
    await waitForView(page, 'inbox');
  }, 120_000);

  test('when another case is opened and the inbox page is reloaded then each lands where it was', async () => {
    expect(await openCase(page, second)).toBe('decrypted');
    await page.click('#case-back');
    await waitForView(page, 'inbox');
    expect(addressOf(page)).toBe(inboxAddress(locale));
    await page.goBack();
    await caseDecrypted(page, second);
    await page.goBack();
    await waitForView(page, 'inbox');
    await page.reload();
    await waitForView(page, 'inbox');
    expect(addressOf(page)).toBe(inboxAddress(locale));
    expect(await page.inputValue('#inbox-sort')).toBe('received');
    expect(await page.isChecked('#inbox-needs-reply')).toBe(true);
    await page.locator('#key-gate-reload').waitFor();
    await unlockInInbox(page, desk.passphrase);
  }, 120_000);

  test('when a case address is opened in a new window of the session then it says unlocking there asks for password and factor first, in the language chosen there', async () => {
    const newWindow = await tab.context.newPage();
    await newWindow.goto(`${site.baseUrl}${caseAddress(locale, second)}`);
    await newWindow.locator(`section[data-view="case"][data-case-id="${second}"]`).waitFor();
    await newWindow.locator('#key-gate-reload').waitFor();
    expect(await newWindow.textContent('#key-gate-reload')).toBe(t('keyGate.lockedNewWindow'));
    await newWindow.click(`.languages a[lang="${otherLocale}"]`);
    await newWindow.waitForFunction((lang) => document.documentElement.lang === lang, otherLocale);
    await newWindow.locator('#key-gate-reload').waitFor();
    expect(await newWindow.textContent('#key-gate-reload')).toBe(other('keyGate.lockedNewWindow'));
    const answers = secretKeyAnswers(newWindow);
    await newWindow.fill('#key-gate #unlock-passphrase', desk.passphrase);
    await newWindow.click('#key-gate #unlock-submit');
    // The re-authentication dialog speaks the language switched to in place.
    await newWindow.locator('dialog[data-view="reauth"][open]').waitFor();
    expect(await newWindow.textContent('#reauth-title')).toBe(other('reauth.title'));
    await answerReauth(newWindow, site.t, desk.staff.totpSecret);
    await caseDecrypted(newWindow, second);
    expect(answers).toEqual([403, 200]);
    await newWindow.close();
  }, 120_000);

  test('when the language is switched under a notice then the notice is said in the new language', async () => {
    const noticeTab = await openStaffPage(site.browser);
    const noticePage = noticeTab.page;
    await signInToKeys(site, noticePage, desk.staff, locale);
    await noticePage.click('#logout');
    await waitForView(noticePage, 'login');
    expect(await noticePage.textContent('#notice')).toBe(t('notice.signedOut'));
    await noticePage.click(`.languages a[lang="${otherLocale}"]`);
    await noticePage.waitForFunction((lang) => document.documentElement.lang === lang, otherLocale);
    expect(await noticePage.textContent('#notice')).toBe(other('notice.signedOut'));
    await noticeTab.context.close();
  }, 120_000);

  test('when an address names a view the role lacks, or anything unknown, then the role opens its own view and the address is fixed', async () => {
    // A caseworker has no administration: their key panel opens instead.
    await page.goto(`${site.baseUrl}/staff/?lang=${locale}&view=admin`);
    await waitForView(page, 'keys');
    expect(addressOf(page)).toBe(`/staff/?lang=${locale}&view=keys`);
    expect(await page.getAttribute('[data-nav="keys"]', 'aria-current')).toBe('page');
    // Something typed into an address is refused whole, never used.
    await page.goto(`${site.baseUrl}/staff/?lang=${locale}&view=inbox&label=anything`);
    await waitForView(page, 'keys');
    expect(new URL(page.url()).search).not.toContain('label');

    // An analyst given a case's address: statistics, with the address saying so.
    const analyst = await enrolStaff(site.t, `analyst.addresses.${locale}`, 'analyst');
    const analystTab = await openStaffPage(site.browser);
    await analystTab.page.goto(`${site.baseUrl}/staff/?lang=${locale}&view=case&case=${first}`);
    await signInWithTotp(analystTab.page, site.t, analyst.username, analyst.totpSecret);
    await waitForView(analystTab.page, 'stats');
    expect(addressOf(analystTab.page)).toBe(`/staff/?lang=${locale}&view=stats`);
    expect(await analystTab.page.getAttribute('html', 'dir')).toBe(dir);
    expect(await analystTab.page.locator('section[data-view="case"]').count()).toBe(0);
    await analystTab.context.close();
  }, 120_000);
});

describe('an invitation whose language is switched', () => {
  test('when the language is switched on the invitation view then it stays open in place, the token never returns to the address and the invitation is accepted', async () => {
    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    const token = await inviteStaff(site.t, 'caseworker.addresses.invited');
    await page.goto(`${site.baseUrl}/staff/?lang=en#invite=${token}`);
    await waitForView(page, 'invite');
    await markDocument(page);
    await page.click('.languages a[lang="ug"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ug');
    await waitForView(page, 'invite');
    expect(await sameDocument(page)).toBe(true);
    expect(addressOf(page)).toBe('/staff/?lang=ug');
    expect(await page.textContent('#invite-title')).toBe(
      createDashboardTranslator('ug')('invite.title'),
    );
    await page.fill('#invite-password', STAFF_PASSWORD);
    await page.fill('#invite-password-repeat', STAFF_PASSWORD);
    await page.click('#invite-submit');
    await waitForView(page, 'enrol-factor');
    await expectHistoryWithout(page, token);
    expect(tab.allCspViolations).toEqual([]);
    await tab.context.close();
  }, 120_000);
});
