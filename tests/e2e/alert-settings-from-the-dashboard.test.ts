/**
 * Alerts from the dashboard, in Chromium, in English and in Uyghur (right to left): a caseworker
 * turns on e-mail alerts on the account page and the address reaches the server sealed, never in
 * clear; a webhook URL whose host is not on the allow-list is refused with its message and
 * changes nothing; an admin adds the host to the allow-list (answering the re-authentication
 * dialog), after which the same URL is accepted; an alert that cannot be sent (no mail server
 * configured; a listed loopback host not marked private) shows in the admin's failures table
 * with its error code, and never its content.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import {
  ageReauthentication,
  answerReauth,
  enrolWithTotp,
  openStaffPage,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { inviteStaff } from '../helpers/staff';

describe('alert settings from the dashboard', () => {
  let site: ReporterSite;
  beforeAll(async () => {
    site = await startReporterSite('e2e-alert-settings', {
      caseworkers: 1,
      // One-minute windows; staff stay signed in while the clock moves a window on.
      env: { ALERT_BATCH_MINUTES: '1', SESSION_IDLE_MINUTES: '240', SESSION_ABSOLUTE_HOURS: '24' },
    });
  });
  afterAll(async () => {
    await site.close();
  });

  /** A new staff member, enrolled in a tab of their own in `lang`. */
  async function enrolled(username: string, role: string, lang: string) {
    const tab: StaffPage = await openStaffPage(site.browser);
    const token = await inviteStaff(site.t, username, role);
    const factors = await enrolWithTotp(
      tab.page,
      site.t,
      `${site.baseUrl}/staff/?lang=${lang}#invite=${token}`,
    );
    return { tab, ...factors };
  }

  /** The settings as the server holds them, read with the tab's own session. */
  async function serverSettings(tab: StaffPage): Promise<{ email: unknown; webhookUrl: unknown }> {
    return (await tab.page.evaluate(async () => {
      const response = await fetch('/api/me/alerts', { credentials: 'same-origin' });
      return (await response.json()) as unknown;
    })) as { email: unknown; webhookUrl: unknown };
  }

  test.each([
    ['en', 'ltr'],
    ['ug', 'rtl'],
  ] as const)(
    'when a caseworker turns on e-mail alerts and an admin allows a webhook host then both reach the server, an unlisted host is refused, and failures are listed (%s, %s)',
    async (lang, dir) => {
      const t = createDashboardTranslator(lang);
      const address = `alerted.${lang}@amanat.test`;
      // Loopback, listed without allowPrivate: the notifier refuses it before connecting (and
      // no name has to be resolved on a machine that may have no DNS).
      const hookHost = lang === 'en' ? '127.0.0.1' : '127.0.0.2';
      const hookUrl = `https://${hookHost}/alerts`;

      // The caseworker's account page: the three kinds a caseworker may turn on, not operations.
      const caseworkerName = `alerted.caseworker.${lang}`;
      const caseworker = await enrolled(caseworkerName, 'caseworker', lang);
      const { page } = caseworker.tab;
      expect(await page.getAttribute('html', 'dir')).toBe(dir);
      await page.click('[data-nav="account"]');
      await waitForView(page, 'account');
      await page.locator('#alert-kind-reports').waitFor();
      expect(await page.locator('#alert-kinds input[type="checkbox"]').count()).toBe(3);
      expect(await page.locator('#alert-kind-operations').count()).toBe(0);
      expect(await page.textContent('#alert-contents')).toBe(t('alerts.contents'));

      await page.check('#alert-kind-reports');
      await page.check('#alert-kind-deadlines');
      await page.fill('#alert-email', address);
      await page.click('#alert-settings-save');
      await page.locator('#alert-settings-status', { hasText: t('alerts.saved') }).waitFor();
      expect(await serverSettings(caseworker.tab)).toMatchObject({
        kinds: { reports: true, followUps: false, deadlines: true, operations: false },
        email: address,
        webhookUrl: null,
      });
      // Sealed at rest: the database holds the address only encrypted.
      const stored = await site.t.connection.db!.collection('alert_settings').find({}).toArray();
      expect(stored.some((document) => typeof document['emailSealed'] === 'string')).toBe(true);
      expect(JSON.stringify(stored)).not.toContain(address);

      // Every control of the section is a touch target of at least 44 px.
      const heights = await page
        .locator(
          '#alert-settings-section button, #alert-settings-section input:not([type="checkbox"]), #alert-settings-section .choice label',
        )
        .evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThanOrEqual(6);
      for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);

      // A webhook on a host nobody listed: refused with its message, nothing stored changes.
      await page.fill('#alert-webhook', hookUrl);
      await page.click('#alert-settings-save');
      await page
        .locator('#alert-settings-problem', { hasText: t('error.webhook_host_not_allowed') })
        .waitFor();
      expect(await serverSettings(caseworker.tab)).toMatchObject({
        email: address,
        webhookUrl: null,
      });

      // The admin lists the host; saving asks for re-authentication first.
      const admin = await enrolled(`alerts.admin.${lang}`, 'admin', lang);
      const adminPage = admin.tab.page;
      await adminPage.click('[data-nav="admin"]');
      await waitForView(adminPage, 'admin');
      await adminPage.locator('#webhook-hosts-table').waitFor();
      await adminPage.fill('#webhook-host', hookHost);
      await adminPage.click('#webhook-host-add');
      await adminPage.locator(`#webhook-hosts-table tr[data-host="${hookHost}"]`).waitFor();
      ageReauthentication(site.t);
      await adminPage.click('#webhook-hosts-save');
      await answerReauth(adminPage, site.t, admin.totpSecret);
      await adminPage
        .locator('#webhook-hosts-status', { hasText: t('admin.alerts.saved') })
        .waitFor();
      const hosts = await site.t.connection
        .db!.collection('alert_webhook_hosts')
        .find({})
        .toArray();
      expect(JSON.stringify(hosts)).toContain(hookHost);

      // Now listed, the same URL is accepted; a new destination after the re-authentication
      // window asks for it again.
      await page.click('#alert-settings-save');
      await answerReauth(page, site.t, caseworker.totpSecret);
      await page.locator('#alert-settings-status', { hasText: t('alerts.saved') }).waitFor();
      expect(await serverSettings(caseworker.tab)).toMatchObject({
        email: address,
        webhookUrl: hookUrl,
      });

      // A new report counted, its window closed, and no mail server: no e-mail is made, and the
      // admins' list says why, with no time of a next attempt.
      await site.t.services.alertCounter.count('reports');
      site.t.clock.advance(untilFannedOutMsOf(site.t));
      const notifier = notifierOf(site.t, null);
      try {
        await notifier.deliver();
      } finally {
        notifier.close();
      }
      await adminPage.click('#alert-failures-refresh');
      const row = adminPage.locator('#alert-failures-table tr[data-channel="email"]', {
        has: adminPage.locator('th', { hasText: caseworkerName }),
      });
      await row.waitFor();
      expect(await row.getAttribute('data-state')).toBe('given_up');
      const cells = await row.locator('td').allTextContents();
      expect(cells).toEqual([
        t('admin.alerts.channelEmail'),
        '1',
        'smtp_not_configured',
        '—',
        t('admin.alerts.givenUp'),
      ]);

      const hookRow = adminPage.locator('#alert-failures-table tr[data-channel="webhook"]', {
        has: adminPage.locator('th', { hasText: caseworkerName }),
      });
      expect(await hookRow.locator('td code').textContent()).toBe('webhook_private_address');

      expect([...caseworker.tab.allCspViolations, ...admin.tab.allCspViolations]).toEqual([]);
      await caseworker.tab.context.close();
      await admin.tab.context.close();
    },
  );
});
