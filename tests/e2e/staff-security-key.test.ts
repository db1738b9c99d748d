/**
 * A security key (WebAuthn) as the only second factor, in Chromium with a CDP virtual
 * authenticator (a USB CTAP2 key, no resident keys, user verified, touched automatically):
 * registered at enrolment, used to sign in again; a different key is refused with a clear
 * message and no signed-in session. WebAuthn needs a secure context: http://localhost is one.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import {
  acceptInvitation,
  enterPassword,
  keepRecoveryCodes,
  openStaffPage,
  sessionStageOf,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { inviteStaff } from '../helpers/staff';
import { virtualKeysFor, type VirtualKeys } from '../helpers/virtual-authenticator';

const en = createDashboardTranslator('en');

describe('an analyst whose second factor is a security key', () => {
  const username = 'analyst.dilnur';
  let site: ReporterSite;
  let tab: StaffPage;
  let keys: VirtualKeys;
  let authenticatorId: string;

  beforeAll(async () => {
    site = await startReporterSite('e2e-staff-security-key', { caseworkers: 1 });
    tab = await openStaffPage(site.browser);
    keys = await virtualKeysFor(tab);
    authenticatorId = await keys.plugIn();
  });
  afterAll(async () => {
    await tab.context.close();
    await site.close();
  });

  test('when a security key is registered as the first factor then the account is signed in with recovery codes and one key', async () => {
    const { page } = tab;
    const token = await inviteStaff(site.t, username, 'analyst');
    await acceptInvitation(page, `${site.baseUrl}/staff/#invite=${token}`);
    await page.click('#enrol-webauthn-start');
    await page.fill('#security-key-name', 'TEST ONLY blue key');
    await page.click('#webauthn-register-form button[type="submit"]');
    expect(await keepRecoveryCodes(page)).toHaveLength(10);
    // Analysts land on the statistics; their factors are under Account.
    await waitForView(page, 'stats');
    await page.click('[data-nav="account"]');
    await waitForView(page, 'account');
    expect(await page.textContent('#account-factors')).toBe(
      en('account.factors', { totp: en('common.no'), webauthn: 1, recovery: 10 }),
    );
    // The credential lives on the authenticator, bound to our origin's host, not discoverable.
    const credentials = await keys.credentialsOn(authenticatorId);
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ rpId: 'localhost', isResidentCredential: false });
  });

  test('when the analyst signs out and in again then password and the security key open a full session', async () => {
    const { page } = tab;
    await page.click('#logout');
    await enterPassword(page, username);
    // No authenticator app on this account: only the security key and recovery are offered.
    expect(await page.locator('#totp-form').count()).toBe(0);
    const before = (await keys.credentialsOn(authenticatorId))[0]!.signCount;
    await page.click('#use-security-key');
    await waitForView(page, 'stats');
    expect(await sessionStageOf(page)).toBe('full');
    expect((await keys.credentialsOn(authenticatorId))[0]!.signCount).toBeGreaterThan(before);
  });

  test('when the registered key is removed and another key is used then a clear error is shown and no session is signed in', async () => {
    const { page } = tab;
    await page.click('#logout');
    await waitForView(page, 'login');
    await keys.unplug(authenticatorId);
    const stranger = await keys.plugIn();
    await enterPassword(page, username);
    await page.click('#use-security-key');
    await page.locator('#second-factor-problem:not(:empty)').waitFor();
    expect(await page.textContent('#second-factor-problem')).toBe(en('webauthn.failed'));
    await waitForView(page, 'second-factor');
    expect(await sessionStageOf(page)).toBe('second-factor');
    expect(await keys.credentialsOn(stranger)).toEqual([]);
    expect(tab.allCspViolations).toEqual([]);
  });
});
