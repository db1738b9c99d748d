/**
 * In a real browser, in English and in Uyghur: the invitation and password-change forms refuse a
 * new password that is too short, too long or not repeated exactly before anything is sent (the
 * server decides, the page only tells people sooner: client/dashboard/session/password-rules.ts),
 * and an admin's "Reset second factor" button, after its confirmation and a re-authentication,
 * ends the person's sessions and gives the admin the new invitation link that lets them enrol
 * again.
 */
import type { Page } from 'playwright-core';
import { createDashboardTranslator, type DashboardTranslate } from '../../client/dashboard/i18n';
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from '../../client/dashboard/session/password-rules';
import {
  ageReauthentication,
  answerReauth,
  enrolWithTotp,
  openStaffPage,
  sessionStageOf,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import type { ReporterSite } from '../helpers/reporter-site';
import { accountsOf, inviteStaff, STAFF_PASSWORD } from '../helpers/staff';
import { useReporterSite } from '../helpers/use-reporter-site';

/** Each test runs in English and in Uyghur (right to left), with that language's texts. */
const LANGUAGES = [
  ['en', createDashboardTranslator('en')],
  ['ug', createDashboardTranslator('ug')],
] as const;
const TOO_SHORT = 'x'.repeat(MIN_PASSWORD_LENGTH - 1);
const TOO_LONG = 'x'.repeat(MAX_PASSWORD_LENGTH + 1);

/** A form that takes a new password twice: its fields, its submit button and its problem line. */
interface NewPasswordForm {
  readonly form: string;
  readonly password: string;
  readonly repeat: string;
  readonly problem: string;
  /** The API path the form posts to: nothing may reach it while the page refuses. */
  readonly api: string;
}

const INVITATION_FORM: NewPasswordForm = {
  form: '#invite-form',
  password: '#invite-password',
  repeat: '#invite-password-repeat',
  problem: '#invite-problem',
  api: '/api/auth/invite',
};

const PASSWORD_CHANGE_FORM: NewPasswordForm = {
  form: '#password-form',
  password: '#new-password',
  repeat: '#new-password-repeat',
  problem: '#password-problem',
  api: '/api/auth/password',
};

/**
 * Submits each new password (with its repetition) in turn; returns what the problem line said
 * each time, and the requests the tab sent to the form's API meanwhile.
 */
async function refusalsOf(
  tab: StaffPage,
  form: NewPasswordForm,
  attempts: readonly (readonly [password: string, repeated: string])[],
): Promise<{ said: string[]; sent: string[] }> {
  const { page } = tab;
  const sentBefore = tab.requests.length;
  const said: string[] = [];
  for (const [password, repeated] of attempts) {
    await page.fill(form.password, password);
    await page.fill(form.repeat, repeated);
    await page.click(`${form.form} button[type="submit"]`);
    await page.locator(`${form.form}:not([aria-busy])`).waitFor();
    said.push((await page.textContent(form.problem)) ?? '');
  }
  const sent = tab.requests
    .slice(sentBefore)
    .map((request) => new URL(request.url()).pathname)
    .filter((path) => path.startsWith(form.api));
  return { said, sent };
}

/** The invitation link of a new account `username`, opening the dashboard in `locale`. */
async function invitationLink(
  site: ReporterSite,
  locale: string,
  username: string,
  role = 'caseworker',
): Promise<string> {
  return `${site.baseUrl}/staff/?lang=${locale}#invite=${await inviteStaff(site.t, username, role)}`;
}

/** What each early refusal says in a language, in the order refusalsOf tries them below. */
const earlyRefusals = (t: DashboardTranslate): string[] => [
  t('error.password_too_short'),
  t('error.password_too_long'),
  t('password.mismatch'),
];
const EARLY_ATTEMPTS = [
  [TOO_SHORT, TOO_SHORT],
  [TOO_LONG, TOO_LONG],
  [STAFF_PASSWORD, `${STAFF_PASSWORD}!`],
] as const;

describe('new passwords refused by the page before anything is sent', () => {
  const site = useReporterSite('e2e-password-forms', { caseworkers: 1 });

  test.each(LANGUAGES)(
    'when an invitation in %s is given a password too short, too long or not repeated then the page says why, sends nothing and the invitation still works',
    async (locale, t) => {
      const tab = await openStaffPage(site.browser);
      const username = `invited.${locale}`;
      const link = await invitationLink(site, locale, username);
      await tab.page.goto(link);
      await waitForView(tab.page, 'invite');

      expect(await refusalsOf(tab, INVITATION_FORM, EARLY_ATTEMPTS)).toEqual({
        said: earlyRefusals(t),
        sent: [],
      });
      expect((await accountsOf(site.t).findByUsername(username))?.status).toBe('invited');

      // The same link, still unused, takes a good password.
      await enrolWithTotp(tab.page, site.t, link);
      expect((await accountsOf(site.t).findByUsername(username))?.status).toBe('active');
      expect(tab.allCspViolations).toEqual([]);
      await tab.context.close();
    },
  );

  test.each(LANGUAGES)(
    'when a password change in %s is given a new password too short, too long or not repeated then the page says why, sends nothing and the session goes on',
    async (locale, t) => {
      const tab = await openStaffPage(site.browser);
      await enrolWithTotp(
        tab.page,
        site.t,
        await invitationLink(site, locale, `changing.${locale}`),
      );
      await tab.page.click('[data-nav="account"]');
      await waitForView(tab.page, 'account');
      await tab.page.fill('#current-password', STAFF_PASSWORD);

      expect(await refusalsOf(tab, PASSWORD_CHANGE_FORM, EARLY_ATTEMPTS)).toEqual({
        said: earlyRefusals(t),
        sent: [],
      });
      await waitForView(tab.page, 'account');
      expect(await sessionStageOf(tab.page)).toBe('full');
      expect(tab.allCspViolations).toEqual([]);
      await tab.context.close();
    },
  );
});

describe("an admin resets a person's second factor from the users table", () => {
  const site = useReporterSite('e2e-factor-reset', { caseworkers: 1 });

  /** The row of `username` in the users table, once the table shows it with `status`. */
  async function userRow(page: Page, username: string, status: string) {
    const row = page.locator(`#users-table tr[data-username="${username}"]`);
    await row.locator(`td[data-status="${status}"]`).waitFor();
    return row;
  }

  test.each(LANGUAGES)(
    'when the admin in %s cancels once, then confirms and re-authenticates, then the person is signed out, back to invited, and the new link lets them enrol again',
    async (locale, t) => {
      const adminName = `admin.reset.${locale}`;
      const personName = `person.reset.${locale}`;
      const admin = await openStaffPage(site.browser);
      const person = await openStaffPage(site.browser);
      const { totpSecret } = await enrolWithTotp(
        admin.page,
        site.t,
        await invitationLink(site, locale, adminName, 'admin'),
      );
      await enrolWithTotp(person.page, site.t, await invitationLink(site, locale, personName));
      await admin.page.click('#users-refresh');

      // Cancelled: the offer comes back and nothing changes.
      let row = await userRow(admin.page, personName, 'active');
      await row.locator('[data-action="reset-factors"]').click();
      expect(await row.locator('td p').textContent()).toBe(
        t('admin.users.resetConfirm', { username: personName }),
      );
      await row.locator('[data-action="cancel-reset"]').click();
      await row.locator('[data-action="reset-factors"]').waitFor();
      expect(await sessionStageOf(person.page)).toBe('full');

      // Confirmed, with the re-authentication the sensitive action asks for.
      ageReauthentication(site.t);
      await row.locator('[data-action="reset-factors"]').click();
      await row.locator('[data-action="confirm-reset"]').click();
      await answerReauth(admin.page, site.t, totpSecret);
      row = await userRow(admin.page, personName, 'invited');
      expect(await row.locator(`td[data-status="invited"]`).textContent()).toBe(
        t('admin.users.status.invited'),
      );
      expect(await admin.page.textContent('#users-status')).toBe(
        t('admin.users.resetDone', { username: personName }),
      );
      expect(await admin.page.isVisible('#reset-invite')).toBe(true);
      const newLink = await admin.page.inputValue('#reset-invite-link');
      expect(newLink).toMatch(new RegExp(`^${site.baseUrl}/staff/#invite=`));

      // The person's session ended with the reset; the new link enrols them again.
      expect(await sessionStageOf(person.page)).toBe('none');
      await enrolWithTotp(person.page, site.t, newLink);
      expect((await accountsOf(site.t).findByUsername(personName))?.status).toBe('active');

      expect([...admin.allCspViolations, ...person.allCspViolations]).toEqual([]);
      await admin.context.close();
      await person.context.close();
    },
  );
});
