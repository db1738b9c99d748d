/**
 * A staff member manages their own security keys from the account page, in Chromium with CDP
 * virtual authenticators (USB CTAP2 keys, touched automatically), in English and in Uyghur
 * (right to left): enrols with a first key, adds a second one on the account page, signs out and
 * in again with the second, removes the first after re-authenticating with the second in the
 * dialog, and is refused when removing the last one. WebAuthn needs a secure context:
 * http://localhost is one.
 */
import type { CDPSession } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import {
  acceptInvitation,
  ageReauthentication,
  enrolWithTotp,
  enterPassword,
  keepRecoveryCodes,
  openStaffPage,
  sessionStageOf,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { inviteStaff, STAFF_PASSWORD } from '../helpers/staff';

const FIRST_KEY = 'TEST ONLY first key';
const SECOND_KEY = 'TEST ONLY second key';

describe('own security keys on the account page', () => {
  let site: ReporterSite;
  beforeAll(async () => {
    site = await startReporterSite('e2e-staff-own-factors', { caseworkers: 1 });
  });
  afterAll(async () => {
    await site.close();
  });

  test.each([
    ['en', 'ltr'],
    ['ug', 'rtl'],
  ] as const)(
    'when a second key is added, used to sign in and the first removed, then the last one cannot be removed (%s, %s)',
    async (lang, dir) => {
      const t = createDashboardTranslator(lang);
      const username = `analyst.keys.${lang}`;
      const tab: StaffPage = await openStaffPage(site.browser);
      const { page } = tab;
      const cdp: CDPSession = await tab.context.newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      const plugIn = async (): Promise<string> =>
        (
          await cdp.send('WebAuthn.addVirtualAuthenticator', {
            options: {
              protocol: 'ctap2',
              transport: 'usb',
              hasResidentKey: false,
              hasUserVerification: true,
              isUserVerified: true,
              automaticPresenceSimulation: true,
            },
          })
        ).authenticatorId;
      const factorItem = (name: string) =>
        page.locator('#own-factors li', { has: page.locator('.factor-name', { hasText: name }) });
      const registerKey = async (name: string) => {
        await page.fill('#security-key-name', name);
        await page.click('#webauthn-register-form button[type="submit"]');
      };

      // Enrolment with the first key.
      const first = await plugIn();
      const token = await inviteStaff(site.t, username, 'analyst');
      await acceptInvitation(page, `${site.baseUrl}/staff/?lang=${lang}#invite=${token}`);
      expect(await page.getAttribute('html', 'dir')).toBe(dir);
      await page.click('#enrol-webauthn-start');
      await registerKey(FIRST_KEY);
      expect(await keepRecoveryCodes(page)).toHaveLength(10);
      await waitForView(page, 'stats');

      // The second key, on another authenticator, added from the account page.
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: first });
      const second = await plugIn();
      await page.click('[data-nav="account"]');
      await waitForView(page, 'account');
      await factorItem(FIRST_KEY).waitFor();
      await page.click('#own-factors-add-key');
      await registerKey(SECOND_KEY);
      await page.locator('#own-factors-status', { hasText: t('ownFactors.added') }).waitFor();
      await factorItem(SECOND_KEY).waitFor();
      expect(await page.locator('#own-factors li').count()).toBe(2);
      // Every control of the section is a touch target of at least 44 px.
      const heights = await page
        .locator('#own-factors-section button:visible')
        .evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().height));
      expect(heights.length).toBeGreaterThanOrEqual(5);
      for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);
      expect(await page.textContent('#account-factors')).toBe(
        t('account.factors', { totp: t('common.no'), webauthn: 2, recovery: 10 }),
      );

      // Signed out, and in again with the second key (the only authenticator plugged in).
      await page.click('#logout');
      await enterPassword(page, username);
      await page.click('#use-security-key');
      await waitForView(page, 'stats');
      expect(await sessionStageOf(page)).toBe('full');
      const [secondCredential] = (
        await cdp.send('WebAuthn.getCredentials', { authenticatorId: second })
      ).credentials;
      expect(secondCredential!.signCount).toBeGreaterThan(0);

      // The first key removed, after re-authenticating with the second in the dialog.
      await page.click('[data-nav="account"]');
      await waitForView(page, 'account');
      ageReauthentication(site.t);
      await factorItem(FIRST_KEY).locator('.remove-factor').click();
      await factorItem(FIRST_KEY).locator('.remove-factor-yes').click();
      const dialog = page.locator('dialog[data-view="reauth"][open]');
      await dialog.waitFor();
      await page.fill('#reauth-password', STAFF_PASSWORD);
      await page.click('#reauth-security-key');
      await dialog.waitFor({ state: 'detached' });
      await page
        .locator('#own-factors-status', {
          hasText: t('ownFactors.removed', { name: FIRST_KEY }),
        })
        .waitFor();
      expect(await factorItem(FIRST_KEY).count()).toBe(0);

      // The last key stays.
      await factorItem(SECOND_KEY).locator('.remove-factor').click();
      await factorItem(SECOND_KEY).locator('.remove-factor-yes').click();
      await page.locator('#own-factors-problem', { hasText: t('error.last_factor') }).waitFor();
      expect(await page.locator('#own-factors li').count()).toBe(1);
      expect(await page.textContent('#account-factors')).toBe(
        t('account.factors', { totp: t('common.no'), webauthn: 1, recovery: 10 }),
      );
      expect(await page.getAttribute('html', 'dir')).toBe(dir);

      const account = await site.t.services.accounts.findByUsername(username);
      const events = await site.t.connection
        .db!.collection('audit_log')
        .find({ actor: `account:${account!.id}`, event: /^factor\./ })
        .sort({ _id: 1 })
        .map((entry) => entry['event'] as string)
        .toArray();
      expect(events).toEqual([
        'factor.security_key_added',
        'factor.security_key_added',
        'factor.security_key_removed',
      ]);
      expect(tab.allCspViolations).toEqual([]);
      await tab.context.close();
    },
  );

  test('when a key is added to an app-only account then the app can be removed after re-authenticating with the new key', async () => {
    const t = createDashboardTranslator('en');
    const tab: StaffPage = await openStaffPage(site.browser);
    const { page } = tab;
    const cdp: CDPSession = await tab.context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: false,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const token = await inviteStaff(site.t, 'analyst.app.only', 'analyst');
    await enrolWithTotp(page, site.t, `${site.baseUrl}/staff/#invite=${token}`);
    await waitForView(page, 'stats');
    await page.click('[data-nav="account"]');
    await waitForView(page, 'account');
    await page.click('#own-factors-add-key');
    await page.fill('#security-key-name', SECOND_KEY);
    await page.click('#webauthn-register-form button[type="submit"]');
    await page.locator('#own-factors-status', { hasText: t('ownFactors.added') }).waitFor();

    // The session view read at sign-in knew no key; the dialog offers the key all the same.
    ageReauthentication(site.t);
    const app = page.locator('#own-factors li[data-factor-kind="totp"]');
    await app.locator('.remove-factor').click();
    await app.locator('.remove-factor-yes').click();
    const dialog = page.locator('dialog[data-view="reauth"][open]');
    await dialog.waitFor();
    expect(await page.isVisible('#reauth-security-key')).toBe(true);
    await page.fill('#reauth-password', STAFF_PASSWORD);
    await page.click('#reauth-security-key');
    await dialog.waitFor({ state: 'detached' });
    await page
      .locator('#own-factors-status', {
        hasText: t('ownFactors.removed', { name: t('ownFactors.totp') }),
      })
      .waitFor();
    expect(await page.locator('#own-factors li').allTextContents()).toEqual([
      expect.stringContaining(SECOND_KEY),
    ]);
    expect(tab.allCspViolations).toEqual([]);
    await tab.context.close();
  });
});
