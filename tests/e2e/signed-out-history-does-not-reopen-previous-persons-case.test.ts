/**
 * Attack: a shared staff computer. One caseworker opens a case from a filtered inbox and signs
 * out (or leaves, and their session lapses); the next person at the same tab presses Back and
 * Forward on the sign-in screen, or signs in and presses Back, hoping to land on the earlier
 * person's case or inbox filters. The shell marks every history entry it writes with a random
 * value of the sign-in (forgotten at sign-out) and follows only entries of the current sign-in
 * or of none (a fresh load or bookmark); on the sign-in screen Back and Forward leave the bare
 * language in the address. In English and in Uyghur (right to left).
 */
import type { Page } from 'playwright-core';
import { caseworkerWithServiceVettedKey, type CaseworkerAtDesk } from '../helpers/caseworker-desk';
import {
  openStaffPage,
  signInWithTotp,
  waitForView,
  type DashboardView,
  type StaffPage,
} from '../helpers/dashboard';
import { sendReport } from '../helpers/reporter-traffic';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-signed-out-history', { caseworkers: 1 });

/** The address bar's path, query and fragment. */
function addressOf(page: Page): string {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
}

describe.each([
  ['en', 'ltr'],
  ['ug', 'rtl'],
] as const)('history left by an earlier caseworker, in %s', (locale, dir) => {
  let earlier: CaseworkerAtDesk;
  let next: EnrolledStaff;
  let caseId: string;
  let tab: StaffPage;
  let page: Page;
  const filteredInbox = `/staff/?lang=${locale}&view=inbox&needsReply=1&sort=received`;
  const bare = `/staff/?lang=${locale}`;

  beforeAll(async () => {
    const ready = await caseworkerWithServiceVettedKey(
      site.t,
      `caseworker.history.earlier.${locale}`,
      `TEST ONLY history ${locale} key passphrase 8e02`,
    );
    earlier = ready;
    caseId = (await sendReport(site.t.app, ready.directory)).caseId;
    next = await enrolStaff(site.t, `caseworker.history.next.${locale}`);
    tab = await openStaffPage(site.browser);
    page = tab.page;
  }, 120_000);

  afterAll(async () => {
    await tab.context.close();
  });

  /** The earlier caseworker signs in at a filtered inbox and opens the case (a pushed entry). */
  async function earlierOpensCase(): Promise<void> {
    await page.goto(`${site.baseUrl}${filteredInbox}`);
    await signInWithTotp(page, site.t, earlier.staff.username, earlier.staff.totpSecret);
    await waitForView(page, 'inbox');
    expect(addressOf(page)).toBe(filteredInbox);
    const row = `#inbox-table tr.case-row[data-case-id="${caseId}"] [data-action="open-case"]`;
    await page.click(row);
    await page.locator(`section[data-view="case"][data-case-id="${caseId}"]`).waitFor();
    expect(addressOf(page)).toBe(`/staff/?lang=${locale}&view=case&case=${caseId}`);
  }

  async function signOut(): Promise<void> {
    await page.click('#logout');
    await waitForView(page, 'login');
    expect(addressOf(page)).toBe(bare);
  }

  /** The next caseworker signs in: their landing view (the key panel) and their own address. */
  async function nextSignsIn(): Promise<void> {
    await signInWithTotp(page, site.t, next.username, next.totpSecret);
    await waitForView(page, 'keys');
    expect(addressOf(page)).toBe(`/staff/?lang=${locale}&view=keys`);
    expect(await page.getAttribute('html', 'dir')).toBe(dir);
  }

  /** The next caseworker's inbox has the default filters, not the earlier one's. */
  async function nextHasDefaultInbox(): Promise<void> {
    await page.click('[data-nav="inbox"]');
    await waitForView(page, 'inbox');
    expect(addressOf(page)).toBe(`/staff/?lang=${locale}&view=inbox`);
    expect(await page.isChecked('#inbox-needs-reply')).toBe(false);
    expect(await page.inputValue('#inbox-sort')).toBe('urgency');
  }

  /** Back or Forward: the view it lands on and the address it shows. */
  async function stepTo(
    step: 'back' | 'forward',
    view: DashboardView,
    address: string,
  ): Promise<void> {
    await (step === 'back' ? page.goBack() : page.goForward());
    await waitForView(page, view);
    expect(addressOf(page)).toBe(address);
  }

  /** The next caseworker still sees no case, has the default inbox, and signs out. */
  async function nextLeavesNoTrace(): Promise<void> {
    await showsNoCase();
    await nextHasDefaultInbox();
    await page.click('#logout');
    await waitForView(page, 'login');
  }

  async function showsNoCase(): Promise<void> {
    expect(await page.locator('section[data-view="case"]').count()).toBe(0);
    expect(addressOf(page)).not.toContain(caseId);
    for (const link of await page.locator('.languages a').all()) {
      expect(await link.getAttribute('href')).not.toContain(caseId);
    }
  }

  test('when Back and Forward are pressed on the sign-in screen after sign-out then the screen stays and the address names no view of the earlier caseworker', async () => {
    await earlierOpensCase();
    await signOut();
    await stepTo('back', 'login', bare);
    await stepTo('forward', 'login', bare);
    await stepTo('back', 'login', bare);
    await showsNoCase();

    await nextSignsIn();
    await nextLeavesNoTrace();
  }, 120_000);

  test('when the next caseworker signs in and presses Back then the earlier caseworker’s case and filters are not opened', async () => {
    await earlierOpensCase();
    await signOut();
    await nextSignsIn();
    // Back reaches the earlier caseworker's filtered inbox entry: it is written over, not opened.
    await stepTo('back', 'keys', `/staff/?lang=${locale}&view=keys`);
    await showsNoCase();
    await page.goForward();
    await waitForView(page, 'keys');
    await nextLeavesNoTrace();
  }, 120_000);

  test('when a case page is reloaded after its session lapsed then the next caseworker lands on their own view', async () => {
    await earlierOpensCase();
    // The session is gone (expired on the server, cookie dropped); the tab is reloaded.
    await tab.context.clearCookies();
    await page.reload();
    await waitForView(page, 'login');
    expect(addressOf(page)).toBe(bare);
    await showsNoCase();
    await nextSignsIn();
    await showsNoCase();
    await page.goBack();
    await waitForView(page, 'keys');
    await nextLeavesNoTrace();
  }, 120_000);
});
