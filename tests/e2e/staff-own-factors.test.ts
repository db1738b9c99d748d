/**
 * A staff member manages their own security keys from the account page, in Chromium with CDP
 * virtual authenticators (USB CTAP2 keys, touched automatically), in English and in Uyghur
 * (right to left): enrols with a first key, adds a second one on the account page, signs out and
 * in again with the second, removes the first after re-authenticating with the second in the
 * dialog, and is refused when removing the last one. WebAuthn needs a secure context:
 * http://localhost is one.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { isolatedName } from '../../client/dashboard/session/own-factors-section';
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
import { generateTotpCode } from '../../server/features/sign-in';
import { inviteStaff, STAFF_PASSWORD } from '../helpers/staff';
import { virtualKeysFor } from '../helpers/virtual-authenticator';
import type { Locator } from 'playwright-core';

const en = createDashboardTranslator('en');
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
      const keys = await virtualKeysFor(tab);
      const factorItem = (name: string) =>
        page.locator('#own-factors li', { has: page.locator('.factor-name', { hasText: name }) });
      const registerKey = async (name: string) => {
        await page.fill('#security-key-name', name);
        await page.click('#webauthn-register-form button[type="submit"]');
      };

      // Enrolment with the first key.
      const first = await keys.plugIn();
      const token = await inviteStaff(site.t, username, 'analyst');
      await acceptInvitation(page, `${site.baseUrl}/staff/?lang=${lang}#invite=${token}`);
      expect(await page.getAttribute('html', 'dir')).toBe(dir);
      await page.click('#enrol-webauthn-start');
      await registerKey(FIRST_KEY);
      expect(await keepRecoveryCodes(page)).toHaveLength(10);
      await waitForView(page, 'stats');

      // The second key, on another authenticator, added from the account page.
      await keys.unplug(first);
      const second = await keys.plugIn();
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
      const [secondCredential] = await keys.credentialsOn(second);
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
          hasText: t('ownFactors.removed', { name: isolatedName(FIRST_KEY) }),
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
    const { tab } = await appOnlyAccountWithKey('analyst.app.only', SECOND_KEY);
    await removeAppWithKey(tab);
    expect(await tab.page.locator('#own-factors li').allTextContents()).toEqual([
      expect.stringContaining(SECOND_KEY),
    ]);
    expect(tab.allCspViolations).toEqual([]);
    await tab.context.close();
  });

  test('when the only factor left is a lost security key then the dialog takes a recovery code, enough to set up a new app', async () => {
    const { tab, keys, enrolled, key } = await appOnlyAccountWithKey(
      'analyst.lost.key',
      SECOND_KEY,
    );
    const { page } = tab;
    await removeAppWithKey(tab);
    await keys.unplug(key);

    ageReauthentication(site.t);
    await page.click('#own-factors-totp');
    const dialog = page.locator('dialog[data-view="reauth"][open]');
    await dialog.waitFor();
    expect(await page.isVisible('#reauth-code')).toBe(false);
    // The lost key is still registered: the recovery code is behind "lost your app and keys?".
    expect(await page.isVisible('#reauth-recovery-code')).toBe(false);
    await page.click('#reauth-use-recovery');
    expect(await page.isVisible('#reauth-security-key')).toBe(false);
    expect(await page.isVisible('#reauth-recovery-code')).toBe(true);
    expect(await page.textContent('label[for="reauth-recovery-code"]')).toBe(
      en('secondFactor.recovery.label'),
    );
    await page.fill('#reauth-password', STAFF_PASSWORD);
    await page.fill('#reauth-recovery-code', enrolled.recoveryCodes[0]!);
    await page.click('#reauth-submit');
    await dialog.waitFor({ state: 'detached' });
    // Re-authenticated with a recovery code: a factor may be added, and the app set-up opens.
    await page.locator('#own-factors-panel canvas').waitFor();
    expect(tab.allCspViolations).toEqual([]);
    await tab.context.close();
  });

  test('when someone who has their app uses a recovery code to renew the codes then the dialog asks again for the app, without the recovery code, and the renewal completes', async () => {
    const tab: StaffPage = await openStaffPage(site.browser);
    const { page } = tab;
    const token = await inviteStaff(site.t, 'analyst.app.recovery', 'analyst');
    const enrolled = await enrolWithTotp(page, site.t, `${site.baseUrl}/staff/#invite=${token}`);
    await waitForView(page, 'stats');
    await page.click('[data-nav="account"]');
    await waitForView(page, 'account');
    ageReauthentication(site.t);
    await page.click('#own-factors-recovery');
    await page.click('#own-factors-recovery-yes');
    const dialog = page.locator('dialog[data-view="reauth"][open]');
    await dialog.waitFor();
    // The account has its app: the recovery code is not offered beside it.
    expect(await page.isVisible('#reauth-code')).toBe(true);
    expect(await page.isVisible('#reauth-recovery-code')).toBe(false);
    expect(await page.isVisible('#reauth-factor-required')).toBe(false);
    await page.click('#reauth-use-recovery');
    expect(await page.isVisible('#reauth-code')).toBe(false);
    await page.fill('#reauth-password', STAFF_PASSWORD);
    await page.fill('#reauth-recovery-code', enrolled.recoveryCodes[0]!);
    await page.click('#reauth-submit');

    // A recovery code may not renew the codes (reauth_factor_required): the dialog asks again.
    await page.locator('#reauth-factor-required').waitFor({ state: 'visible' });
    expect(await page.textContent('#reauth-factor-required')).toBe(en('reauth.factorRequired'));
    expect(await page.isVisible('#reauth-recovery-code')).toBe(false);
    expect(await page.isVisible('#reauth-use-recovery')).toBe(false);
    site.t.clock.advance(30_000);
    await page.fill('#reauth-password', STAFF_PASSWORD);
    await page.fill('#reauth-code', generateTotpCode(enrolled.totpSecret, site.t.clock.now()));
    await page.click('#reauth-submit');
    await dialog.waitFor({ state: 'detached' });
    await page.locator('#recovery-codes li').first().waitFor();
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    expect(tab.allCspViolations).toEqual([]);
    await tab.context.close();
  });

  test('when a key name holds a right-to-left override then the sentences that name it keep their order', async () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE: without isolation it would reverse the rest of the sentence;
    // the U+2069 before it would close a bare isolate early and let it.
    const spoofed = 'TEST ONLY x\u2069\u202Eyek eulb';
    const { tab } = await appOnlyAccountWithKey('analyst.bidi.key', spoofed);
    const { page } = tab;
    const item = page.locator('#own-factors li[data-factor-kind="webauthn"]');
    await item.locator('.remove-factor').click();
    expect(await item.locator('p').textContent()).toBe(
      en('ownFactors.removeQuestion', { name: isolatedName(spoofed) }),
    );
    expect(await endsRightmost(item.locator('p'))).toBe(true);
    await item.locator('.remove-factor-yes').click();
    const status = page.locator('#own-factors-status', {
      hasText: en('ownFactors.removed', { name: isolatedName(spoofed) }),
    });
    await status.waitFor();
    expect(await endsRightmost(status)).toBe(true);
    await tab.context.close();
  });

  /** Whether the last character of an English sentence is drawn right of the others on its line. */
  async function endsRightmost(sentence: Locator): Promise<boolean> {
    return await sentence.evaluate((node) => {
      const boxes: DOMRect[] = [];
      const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        for (let i = 0; i < (text.textContent ?? '').length; i++) {
          const range = document.createRange();
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          const box = range.getBoundingClientRect();
          if (box.width > 0) boxes.push(box);
        }
      }
      const last = boxes.at(-1)!;
      const line = boxes.filter((box) => Math.abs(box.top - last.top) < 1);
      return last.right >= Math.max(...line.map((box) => box.right)) - 0.5;
    });
  }

  /** An account enrolled with the app only, in a tab of its own, that then adds a key named `keyName`. */
  async function appOnlyAccountWithKey(username: string, keyName: string) {
    const tab: StaffPage = await openStaffPage(site.browser);
    const { page } = tab;
    const keys = await virtualKeysFor(tab);
    const key = await keys.plugIn();
    const token = await inviteStaff(site.t, username, 'analyst');
    const enrolled = await enrolWithTotp(page, site.t, `${site.baseUrl}/staff/#invite=${token}`);
    await waitForView(page, 'stats');
    await page.click('[data-nav="account"]');
    await waitForView(page, 'account');
    await page.click('#own-factors-add-key');
    await page.fill('#security-key-name', keyName);
    await page.click('#webauthn-register-form button[type="submit"]');
    await page.locator('#own-factors-status', { hasText: en('ownFactors.added') }).waitFor();
    // The status is said before the list is read again and redrawn: wait for the new key's row,
    // so a click that follows does not land on a row about to be replaced.
    await page.locator('#own-factors li[data-factor-kind="webauthn"]').waitFor();
    return { tab, keys, key, enrolled };
  }

  /** Removes the app, re-authenticating with the key in the dialog. */
  async function removeAppWithKey(tab: StaffPage): Promise<void> {
    const { page } = tab;
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
        hasText: en('ownFactors.removed', { name: isolatedName(en('ownFactors.totp')) }),
      })
      .waitFor();
  }
});
