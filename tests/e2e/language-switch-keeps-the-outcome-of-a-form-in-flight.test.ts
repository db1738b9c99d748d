/**
 * A language is switched in place by drawing the view anew. A form sent just before must not say
 * its outcome into the view that left the screen, where no one sees it (the person would not know
 * whether it was done, and might send it again): the switch waits for the answer, and the new
 * view says the outcome, marked with the language it was said in. An answer that moves on to
 * another view (a sign-in completed) is followed by that view, drawn in the new language.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { heldRoute } from '../helpers/browser';
import { enterPassword, waitForView } from '../helpers/dashboard';
import { switchLanguageWhileSignInHeld, useTabPerTest } from '../helpers/language-switch';
import { enrolStaff } from '../helpers/staff';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-language-switch-outcome', { caseworkers: 1 });
const en = createDashboardTranslator('en');
const ug = createDashboardTranslator('ug');

const openTab = useTabPerTest(site);

describe('a language switch while a form is being answered', () => {
  test('when sign-in is refused after the language was switched then the new view says the refusal', async () => {
    const { page } = await openTab();
    const login = await switchLanguageWhileSignInHeld(page, site.baseUrl);
    // The answer has not come: the view that will say it is still the one on screen.
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('.languages', 'aria-busy')).toBe('true');

    login.release();
    await page.waitForFunction(() => document.documentElement.lang === 'ug');
    await waitForView(page, 'login');
    expect(await page.textContent('#login-title')).toBe(ug('login.title'));
    expect(await page.textContent('#login-problem')).toBe(en('error.login_failed'));
    expect(await page.getAttribute('#login-problem span', 'lang')).toBe('en');
    expect(await page.getAttribute('.languages', 'aria-busy')).toBeNull();
    // The typed username stays; the password does not.
    expect(await page.inputValue('#login-username')).toBe('nobody-here');
    expect(await page.inputValue('#login-password')).toBe('');
  }, 60_000);

  test('when a recovery code signs in after the language was switched then the signed-in view opens in the new language', async () => {
    const staff = await enrolStaff(site.t, 'recovery-code-switch');
    const { page } = await openTab();
    await page.goto(`${site.baseUrl}/staff/?lang=en`);
    await enterPassword(page, staff.username);
    await page.click('#use-recovery-code');
    await page.fill('#recovery-code', staff.recoveryCodes[0]!);
    const recovery = heldRoute();
    await page.route('**/api/auth/second-factor/recovery', recovery.handler);
    await page.click('#recovery-form button[type="submit"]');
    await page.locator('#recovery-form[aria-busy="true"]').waitFor();
    await page.click('.languages a[lang="ug"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    recovery.release();
    await page.waitForFunction(() => document.documentElement.lang === 'ug');
    await waitForView(page, 'keys');
    expect(await page.textContent('#keys-title')).toBe(ug('keys.title'));
    // The one-time code is on no screen once used.
    expect(await page.locator('#recovery-code').count()).toBe(0);
  }, 60_000);
});
