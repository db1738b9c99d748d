/**
 * After a language switch the view on screen is drawn anew and what the person typed is put back,
 * also into controls the view draws later. An invitation link is not typed: it is what the server
 * gave for one person. If the link of the invitation made before the switch were put into the
 * next invitation's field, the admin would send the second person the first person's token (the
 * second person would then set the password and factors of the first person's account), and the
 * "Link copied" line said before the switch would vouch for it before Copy was pressed.
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { enrolInNewTab, waitForView, type StaffPage } from '../helpers/dashboard';
import { useReporterSite } from '../helpers/use-reporter-site';

const site = useReporterSite('e2e-language-switch-invitation-link', { caseworkers: 1 });
const en = createDashboardTranslator('en');

let admin: StaffPage | undefined;

afterEach(async () => {
  await admin?.context.close();
});

/** Invites `username` from the admin view; returns the token the server answered with. */
async function inviteFromTheDashboard(page: Page, username: string): Promise<string> {
  await page.fill('#new-invite-username', username);
  const answer = page.waitForResponse(
    (response) => response.url().endsWith('/api/admin/invites') && response.status() === 201,
  );
  await page.click('#new-invite-submit');
  const { token } = (await (await answer).json()) as { token: string };
  await page.locator('#new-invite-form:not([aria-busy])').waitFor();
  return token;
}

describe('an invitation made after a language switch', () => {
  test('when the admin invites, switches language and invites again then the link shown is the second invitation, not yet marked copied', async () => {
    const enrolled = await enrolInNewTab(site, 'admin.switch', 'admin');
    admin = enrolled.tab;
    const { page } = admin;
    await waitForView(page, 'admin');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);

    const first = await inviteFromTheDashboard(page, 'first.person');
    expect(await page.inputValue('#new-invite-link')).toMatch(new RegExp(`#invite=${first}$`));
    await page.click('#new-invite-copy');
    await page.waitForFunction(
      (copied) => document.getElementById('new-invite-copied')?.textContent === copied,
      en('admin.invite.copied'),
    );

    await page.click('.languages a[lang="ug"]');
    await page.waitForFunction(() => document.documentElement.lang === 'ug');
    await waitForView(page, 'admin');

    const second = await inviteFromTheDashboard(page, 'second.person');
    expect(second).not.toBe(first);
    expect(await page.inputValue('#new-invite-link')).toMatch(new RegExp(`#invite=${second}$`));
    expect(await page.textContent('#new-invite-copied')).toBe('');
  }, 90_000);
});
