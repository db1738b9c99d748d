/**
 * An invited admin joins through the dashboard in a real browser: the invitation link (its token
 * leaves the address bar at once), a password, an authenticator app from a QR code, ten recovery
 * codes shown once; then sign-out and sign-in again. The session lives only in a `__Host-`
 * cookie the page cannot read; the one thing stored on the device is this tab's key release token
 * in sessionStorage (gone at sign-out), nothing breaks the CSP and no request leaves our origin.
 */
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { qrModules } from '../../client/dashboard/session/qr-code';
import {
  deviceStorageOf,
  expectHistoryWithout,
  keepRecoveryCodes,
  nextTotpCode,
  openStaffPage,
  sessionStageOf,
  signInWithTotp,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { useReporterSite } from '../helpers/use-reporter-site';
import { inviteStaff, STAFF_PASSWORD } from '../helpers/staff';

const SESSION_COOKIE = '__Host-amanat_session';
const en = createDashboardTranslator('en');

const site = useReporterSite('e2e-staff-sign-in', { caseworkers: 1 });

describe('an invited admin joins and signs in again', () => {
  const username = 'admin.amina';
  let tab: StaffPage;
  let totpSecret: string;
  beforeAll(async () => {
    tab = await openStaffPage(site.browser);
  });
  afterAll(async () => {
    await tab.context.close();
  });

  test('when the invitation link is opened then the invitation view shows and the token is gone from the address bar', async () => {
    const token = await inviteStaff(site.t, username, 'admin');
    await tab.page.goto(`${site.baseUrl}/staff/#invite=${token}`);
    await waitForView(tab.page, 'invite');
    expect(tab.page.url()).toBe(`${site.baseUrl}/staff/`);
    expect(await tab.page.evaluate(() => window.location.hash)).toBe('');
  });

  test('when a password is chosen and the authenticator app is set up then the QR code of its otpauth URI is drawn and the secret is shown in groups', async () => {
    const { page } = tab;
    await page.fill('#invite-password', STAFF_PASSWORD);
    await page.fill('#invite-password-repeat', STAFF_PASSWORD);
    await page.click('#invite-submit');
    await waitForView(page, 'enrol-factor');
    const [setup] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/api/auth/factors/totp/setup')),
      page.click('#enrol-totp-start'),
    ]);
    const { secret, otpauthUri } = (await setup.json()) as { secret: string; otpauthUri: string };
    const shown = (await page.locator('#totp-secret').textContent()) ?? '';
    // Base32 in groups of four, for typing by hand.
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    totpSecret = shown.replace(/\s+/g, '');
    expect(totpSecret).toBe(secret.replace(/=+$/, ''));
    expect(new URL(otpauthUri).searchParams.get('secret')).toBe(totpSecret);
    await page.waitForFunction(
      () => (document.querySelector<HTMLCanvasElement>('#totp-qr')?.width ?? 0) > 0,
    );
    // Read the canvas back module by module (6 px each, 4 modules of quiet zone).
    const expected = qrModules(otpauthUri);
    const drawn = await page.evaluate((size) => {
      const canvas = document.querySelector<HTMLCanvasElement>('#totp-qr')!;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const modulePixels = canvas.width / (size + 8);
      return Array.from({ length: size }, (_, row) =>
        Array.from({ length: size }, (_, column) => {
          const x = Math.floor((column + 4.5) * modulePixels);
          const y = Math.floor((row + 4.5) * modulePixels);
          return pixels.data[(y * canvas.width + x) * 4]! < 128;
        }),
      );
    }, expected.length);
    expect(drawn).toEqual(expected);
  });

  test('when the code the app shows is confirmed then ten recovery codes are shown once, and only a ticked box lets the admin continue', async () => {
    const { page } = tab;
    await page.fill('#enrol-totp-code', nextTotpCode(site.t, totpSecret));
    await page.click('#totp-confirm-form button[type="submit"]');
    await waitForView(page, 'recovery-codes');
    const codes = await page.locator('#recovery-codes li').allTextContents();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await page.isDisabled('#recovery-codes-continue')).toBe(true);
    await page.click('#recovery-codes-continue', { force: true });
    await waitForView(page, 'recovery-codes');
    expect(await keepRecoveryCodes(page)).toEqual(codes);
    await waitForView(page, 'admin');
    expect(await page.textContent('#signed-in-as')).toBe(
      en('header.signedInAs', { username, role: en('role.admin') }),
    );
    expect(await page.locator('#recovery-codes').count()).toBe(0);
    // Shown once: a reload goes straight to the signed-in view.
    await page.reload();
    await waitForView(page, 'admin');
    expect(await page.locator('#recovery-codes').count()).toBe(0);
  });

  test('when signed in then the session is only an HttpOnly, Secure, SameSite=Strict __Host- cookie', async () => {
    const session = (await tab.context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({
      domain: 'localhost',
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      expires: -1,
    });
    expect(await tab.page.evaluate(() => document.cookie)).toBe('');
    expect(await sessionStageOf(tab.page)).toBe('full');
  });

  test('when the admin signs out then the session cookie is gone and /staff/ shows sign-in', async () => {
    const { page } = tab;
    await page.click('#logout');
    await waitForView(page, 'login');
    expect(await page.textContent('#notice')).toBe(en('notice.signedOut'));
    const names = (await tab.context.cookies()).map((cookie) => cookie.name);
    expect(names).not.toContain(SESSION_COOKIE);
    expect(await deviceStorageOf(page)).toEqual({
      localStorage: 0,
      sessionStorage: 0,
      indexedDb: 0,
    });
    await page.goto(`${site.baseUrl}/staff/`);
    await waitForView(page, 'login');
    expect(await sessionStageOf(page)).toBe('none');
  });

  test('when the admin signs in again with password and authenticator code then the admin view opens', async () => {
    const { page } = tab;
    await signInWithTotp(page, site.t, username, totpSecret);
    await waitForView(page, 'admin');
    expect(await sessionStageOf(page)).toBe('full');
    const session = (await tab.context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
  });

  test('when all of this is done then no CSP rule was broken, nothing left our origin and only the key release token and sign-in mark were stored, for this tab', async () => {
    expect(tab.allCspViolations).toEqual([]);
    expect(tab.requests.length).toBeGreaterThan(0);
    const foreign = tab.requests
      .map((request) => request.url())
      .filter((url) => new URL(url).origin !== site.baseUrl);
    expect(foreign).toEqual([]);
    expect(await deviceStorageOf(tab.page)).toEqual({
      localStorage: 0,
      sessionStorage: 2,
      indexedDb: 0,
    });
    // This tab's key release token and sign-in mark (client/dashboard/session/key-release.ts):
    // random, worth nothing without the session cookie, and not shared with any other tab.
    const stored = await tab.page.evaluate(() =>
      Object.keys(sessionStorage)
        .sort()
        .map((key) => [key, sessionStorage.getItem(key)]),
    );
    expect(stored).toEqual([
      ['amanat.keyRelease', expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)],
      ['amanat.signInMark', expect.stringMatching(/^[0-9a-f]{32}$/)],
    ]);
  });
});

describe('an invitation link opened in a tab that already shows the dashboard', () => {
  test('when the link is pasted into the address bar then the invitation view opens and no history entry keeps the token', async () => {
    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    await page.goto(`${site.baseUrl}/staff/`);
    await waitForView(page, 'login');
    const token = await inviteStaff(site.t, 'caseworker.bahar', 'caseworker');
    // Only the fragment differs, so the browser does not load the page again by itself.
    await page.goto(`${site.baseUrl}/staff/#invite=${token}`);
    await waitForView(page, 'invite');
    expect(page.url()).toBe(`${site.baseUrl}/staff/`);
    await expectHistoryWithout(page, token);
    expect(tab.allCspViolations).toEqual([]);
    await tab.context.close();
  });
});
