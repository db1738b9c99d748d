/**
 * A language switch waits for the actions running to say their outcome, but not forever: a
 * request that never answers (a hung connection, a security-key prompt left open) must not leave
 * the language links dead for someone who needs the dashboard in a language they read. Here the
 * sign-in request is held and never released: the switch still happens.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { waitForView } from '../helpers/dashboard';
import { switchLanguageWhileSignInHeld, useTabPerTest } from '../helpers/language-switch';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-language-switch-never-answered', { caseworkers: 1 });
const ug = createDashboardTranslator('ug');

const openTab = useTabPerTest(site);

describe('a language switch while a request never answers', () => {
  test('when the sign-in request is never answered then the language is switched anyway', async () => {
    const { page } = await openTab();
    await switchLanguageWhileSignInHeld(page, site.baseUrl);

    // The request is still held (it is never released): the switch does not wait for it.
    await page.waitForFunction(() => document.documentElement.lang === 'ug', undefined, {
      timeout: 60_000,
    });
    await waitForView(page, 'login');
    expect(await page.textContent('#login-title')).toBe(ug('login.title'));
    expect(await page.getAttribute('.languages', 'aria-busy')).toBeNull();
    expect(await page.inputValue('#login-username')).toBe('nobody-here');
  }, 90_000);
});
