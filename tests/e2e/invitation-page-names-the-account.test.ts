/**
 * The invitation page names the account its link is for, as the server has it, before a
 * password is chosen (in Uyghur here, right to left), in a read-only username field a password
 * manager saves the new password under; a link that can no longer be used says so at once.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { openStaffPage, waitForView } from '../helpers/dashboard';
import { inviteStaff } from '../helpers/staff';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-invite-names', { caseworkers: 1 });

describe('the invitation page', () => {
  test('when an invitation link is opened then the page shows the username it is for', async () => {
    const ug = createDashboardTranslator('ug');
    const token = await inviteStaff(site.t, 'caseworker.gulnar', 'caseworker');
    const { page, context } = await openStaffPage(site.browser);
    await page.goto(`${site.baseUrl}/staff/?lang=ug#invite=${token}`);
    const view = await waitForView(page, 'invite');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    const username = page.locator('#invite-username');
    await page.waitForFunction(
      () => document.querySelector<HTMLInputElement>('#invite-username')?.value !== '',
    );
    expect(await username.inputValue()).toBe('caseworker.gulnar');
    expect(await username.getAttribute('autocomplete')).toBe('username');
    expect(await username.getAttribute('readonly')).not.toBeNull();
    expect(await view.locator('label[for="invite-username"]').textContent()).toBe(
      ug('login.username'),
    );
    await context.close();
  });

  test('when the link is no longer valid then the page says so before a password is typed', async () => {
    const en = createDashboardTranslator('en');
    const { page, context } = await openStaffPage(site.browser);
    await page.goto(`${site.baseUrl}/staff/?lang=en#invite=${'x'.repeat(43)}`);
    await waitForView(page, 'invite');
    await page.locator('#invite-problem', { hasText: en('error.invite_invalid') }).waitFor();
    expect(await page.inputValue('#invite-username')).toBe('');
    await context.close();
  });
});
