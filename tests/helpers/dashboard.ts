/**
 * The staff dashboard (/staff/) in a real browser, driven the way a person uses it: accept an
 * invitation, enrol an authenticator app, keep the recovery codes, sign in, answer the
 * re-authentication dialog. Codes come from the app's test clock, one TOTP step per code
 * (each step is single-use). Plus the axe-core audit used by the accessibility tests.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { generateTotpCode } from '../../server/features/sign-in';
import { openObservedPage, type ObservedPage } from './browser';
import type { ReporterSite } from './reporter-site';
import { inviteStaff, STAFF_PASSWORD } from './staff';
import type { TestApp } from './test-app';

export interface StaffPage extends ObservedPage {
  /** Every CSP violation of this tab so far, across page loads (each load starts a new page). */
  readonly allCspViolations: readonly string[];
}

/** An observed 360 px tab whose CSP violations are kept across navigations and reloads. */
export async function openStaffPage(browser: Browser): Promise<StaffPage> {
  const observed = await openObservedPage(browser);
  const violations: string[] = [];
  await observed.page.exposeFunction('__keepCspViolation', (line: string) => {
    violations.push(line);
  });
  await observed.page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const keep = (window as unknown as { __keepCspViolation: (line: string) => Promise<void> })
        .__keepCspViolation;
      void keep(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return { ...observed, allCspViolations: violations };
}

/** What the page keeps on the device: Web Storage entries and IndexedDB databases. */
export async function deviceStorageOf(
  page: Page,
): Promise<{ localStorage: number; sessionStorage: number; indexedDb: number }> {
  return await page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDb: (await indexedDB.databases()).length,
  }));
}

/** The session view the server has for this tab's cookie (fetched from inside the page). */
export async function sessionStageOf(page: Page): Promise<string> {
  return await page.evaluate(async () => {
    const response = await fetch('/api/auth/session', { credentials: 'same-origin' });
    return ((await response.json()) as { stage: string }).stage;
  });
}

export type DashboardView =
  | 'login'
  | 'invite'
  | 'enrol-factor'
  | 'recovery-codes'
  | 'second-factor'
  | 'keys'
  | 'admin'
  | 'account'
  | 'inbox'
  | 'case'
  | 'stats';

/** The view's section once it is on screen. */
export async function waitForView(page: Page, view: DashboardView): Promise<Locator> {
  const section = page.locator(`section[data-view="${view}"]`);
  await section.waitFor();
  return section;
}

/** The authenticator app's next code: the clock moves one 30 s step first (codes are single-use). */
export function nextTotpCode(t: TestApp, secret: string): string {
  t.clock.advance(30_000);
  return generateTotpCode(secret, t.clock.now());
}

/** Opens an invitation link and chooses a password; ends on the enrol-factor view. */
export async function acceptInvitation(
  page: Page,
  link: string,
  password = STAFF_PASSWORD,
): Promise<void> {
  await page.goto(link);
  await waitForView(page, 'invite');
  await page.fill('#invite-password', password);
  await page.fill('#invite-password-repeat', password);
  await page.click('#invite-submit');
  await waitForView(page, 'enrol-factor');
}

/** Starts the authenticator-app enrolment; waits for the QR code; returns the secret as typed. */
export async function startTotpEnrolment(page: Page): Promise<string> {
  await page.click('#enrol-totp-start');
  await page.locator('#totp-secret').waitFor();
  await page.waitForFunction(
    () => (document.querySelector<HTMLCanvasElement>('#totp-qr')?.width ?? 0) > 0,
  );
  return ((await page.textContent('#totp-secret')) ?? '').replace(/\s+/g, '');
}

/** Types the app's current code into the enrolment form. */
export async function confirmTotpEnrolment(page: Page, t: TestApp, secret: string): Promise<void> {
  await page.fill('#enrol-totp-code', nextTotpCode(t, secret));
  await page.click('#totp-confirm-form button[type="submit"]');
}

/** On the recovery-codes view: reads the codes, ticks "stored" and continues. */
export async function keepRecoveryCodes(page: Page): Promise<string[]> {
  await waitForView(page, 'recovery-codes');
  const codes = await page.locator('#recovery-codes li').allTextContents();
  await page.check('#recovery-codes-stored');
  await page.click('#recovery-codes-continue');
  return codes;
}

export interface EnrolledInBrowser {
  readonly totpSecret: string;
  readonly recoveryCodes: string[];
}

/** Invitation link → password → authenticator app → recovery codes kept: signed in. */
export async function enrolWithTotp(
  page: Page,
  t: TestApp,
  link: string,
  password = STAFF_PASSWORD,
): Promise<EnrolledInBrowser> {
  await acceptInvitation(page, link, password);
  const totpSecret = await startTotpEnrolment(page);
  await confirmTotpEnrolment(page, t, totpSecret);
  const recoveryCodes = await keepRecoveryCodes(page);
  return { totpSecret, recoveryCodes };
}

/** Invites `username` as `role` and enrols them in a fresh tab of their own; ends signed in. */
export async function enrolInNewTab(
  site: ReporterSite,
  username: string,
  role: string,
): Promise<EnrolledInBrowser & { readonly tab: StaffPage }> {
  const tab = await openStaffPage(site.browser);
  const token = await inviteStaff(site.t, username, role);
  const enrolled = await enrolWithTotp(tab.page, site.t, `${site.baseUrl}/staff/#invite=${token}`);
  return { ...enrolled, tab };
}

/** Username and password on the login view; ends on the second-factor view. */
export async function enterPassword(
  page: Page,
  username: string,
  password = STAFF_PASSWORD,
): Promise<void> {
  await waitForView(page, 'login');
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('#login-submit');
  await waitForView(page, 'second-factor');
}

/** Signs in from the login view with password and authenticator code. */
export async function signInWithTotp(
  page: Page,
  t: TestApp,
  username: string,
  totpSecret: string,
  password = STAFF_PASSWORD,
): Promise<void> {
  await enterPassword(page, username, password);
  await page.fill('#totp-code', nextTotpCode(t, totpSecret));
  await page.click('#totp-form button[type="submit"]');
}

/** Waits for the re-authentication dialog, answers it with password + code, waits for it to close. */
export async function answerReauth(
  page: Page,
  t: TestApp,
  totpSecret: string,
  password = STAFF_PASSWORD,
): Promise<void> {
  const open = page.locator('dialog[data-view="reauth"][open]');
  await open.waitFor();
  await page.fill('#reauth-password', password);
  await page.fill('#reauth-code', nextTotpCode(t, totpSecret));
  await page.click('#reauth-submit');
  await open.waitFor({ state: 'detached' });
}

/** Moves the app's clock past the 5-minute re-authentication window (within the idle timeout). */
export function ageReauthentication(t: TestApp): void {
  t.clock.advance(6 * 60_000);
}

/** On the key panel: creates a key in the browser; waits until it is uploaded as pending; returns its fingerprint. */
export async function createKeyInBrowser(page: Page, passphrase: string): Promise<string> {
  await page.locator('#generate-key-form').waitFor();
  await page.fill('#generate-passphrase', passphrase);
  await page.fill('#generate-passphrase-repeat', passphrase);
  await page.click('#generate-key-submit');
  await page.locator('#key-status[data-status="pending"]').waitFor({ timeout: 60_000 });
  return ((await page.textContent('#key-fingerprint')) ?? '').replace(/\s+/g, '').toLowerCase();
}

/** Opens the inbox from the navigation and waits for its first case row. */
export async function openInbox(page: Page): Promise<Locator> {
  await page.click('[data-nav="inbox"]');
  const section = await waitForView(page, 'inbox');
  await page.locator('#inbox-table tr.case-row').first().waitFor();
  return section;
}

/** Unlocks the key in the inbox's key gate; waits until every summary has been tried. */
export async function unlockInInbox(page: Page, passphrase: string): Promise<void> {
  await page.locator('#key-gate #unlock-passphrase').fill(passphrase);
  await page.click('#key-gate #unlock-submit');
  // The bar is hidden once done: wait for the mark, not for the bar to be seen.
  await page
    .locator('#inbox-progress[data-done="true"]')
    .waitFor({ state: 'attached', timeout: 60_000 });
}

/** Opens a case from its inbox row; waits until the report has been tried with the unlocked key. */
export async function openCase(page: Page, caseId: string): Promise<string> {
  await page.click(`#inbox-table tr.case-row[data-case-id="${caseId}"] [data-action="open-case"]`);
  await page.locator(`section[data-view="case"][data-case-id="${caseId}"]`).waitFor();
  const report = page.locator('#case-report');
  await report.waitFor({ timeout: 60_000 });
  return (await report.getAttribute('data-state')) ?? '';
}

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now, and any landmark rule's
 * (two landmarks of one name leave a screen reader user unable to tell them apart; axe rates it
 * moderate), plus a line if anything forces sideways scrolling at the viewport width; each
 * prefixed with `label`. Empty is good.
 */
export async function auditAccessibility(page: Page, label: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }>;
        };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  const found = violations
    .filter(
      (violation) =>
        violation.impact === 'serious' ||
        violation.impact === 'critical' ||
        violation.id.startsWith('landmark-'),
    )
    .map(
      (violation) =>
        `${label}: ${violation.id} at ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  if (scrollWidth > innerWidth) found.push(`${label}: ${scrollWidth} px wide at ${innerWidth} px`);
  return found;
}

/**
 * Presses Back three times (a step past the start of the tab's history is let be) and checks
 * that no address reached holds `secret`: an invitation token must not stay in the history.
 */
export async function expectHistoryWithout(page: Page, secret: string): Promise<void> {
  const visited: string[] = [];
  for (let step = 0; step < 3; step++) {
    await page.goBack().catch(() => null);
    visited.push(page.url());
  }
  expect(visited.filter((url) => url.includes(secret))).toEqual([]);
}
