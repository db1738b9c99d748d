/**
 * Where the language-switch tests start: a language is switched in place while a form's answer is
 * still to come, so the switch has an action in flight to wait for (or, if it never answers, not).
 */
import type { Browser, Page } from 'playwright-core';
import { heldRoute } from './browser';
import { openStaffPage, waitForView, type StaffPage } from './dashboard';

/** Opens a fresh staff tab for the test that calls it; the tab is closed after each test. */
export function useTabPerTest(site: { readonly browser: Browser }): () => Promise<StaffPage> {
  let tab: StaffPage | undefined;
  afterEach(async () => {
    await tab?.context.close();
    tab = undefined;
  });
  return async () => (tab = await openStaffPage(site.browser));
}

/**
 * Opens the sign-in view in English, holds the sign-in request, sends a sign-in for a name no one
 * has and, while it is held, clicks the link to Uyghur. Resolves to the held request: release()
 * lets its answer through.
 */
export async function switchLanguageWhileSignInHeld(
  page: Page,
  baseUrl: string,
): Promise<ReturnType<typeof heldRoute>> {
  await page.goto(`${baseUrl}/staff/?lang=en`);
  await waitForView(page, 'login');
  const login = heldRoute();
  await page.route('**/api/auth/login', login.handler);

  await page.fill('#login-username', 'nobody-here');
  await page.fill('#login-password', 'not the password of anyone');
  await page.click('#login-submit');
  await page.locator('#login-form[aria-busy="true"]').waitFor();
  await page.click('.languages a[lang="ug"]');
  return login;
}
