/**
 * The staff dashboard is usable by everyone and stays inside the strict CSP: axe-core finds no
 * serious or critical issue on any view, nothing needs sideways scrolling at 360 px, and no CSP
 * rule is broken, in English and in Uyghur (right to left). The served page and every answer
 * carry the strict policy, and neither the HTML nor the rendered views hold inline script or
 * style but the page's integrity import map, which only the page's answer admits, by its hash. axe runs through the DevTools protocol, so the page's own CSP stays in force.
 */
import { createHash } from 'node:crypto';
import type { Page, Response } from 'playwright-core';
import request from 'supertest';
import {
  ageReauthentication,
  answerReauth,
  auditAccessibility,
  confirmTotpEnrolment,
  enrolWithTotp,
  enterPassword,
  keepRecoveryCodes,
  openStaffPage,
  startTotpEnrolment,
  waitForView,
  type DashboardView,
} from '../helpers/dashboard';
import { useReporterSite } from '../helpers/use-reporter-site';
import { inviteStaff, STAFF_PASSWORD } from '../helpers/staff';

const KEY_PASSPHRASE = 'TEST ONLY accessibility key passphrase';

const site = useReporterSite('e2e-staff-axe', { caseworkers: 1 });

/**
 * The strict policy. The page's own answer also admits, by its hash, its one inline script: the
 * integrity import map (`importMapHash`); every other answer admits no inline script at all.
 */
function expectStrictPolicy(policy: string | undefined, importMapHash?: string): void {
  expect(policy).toBeDefined();
  const directives = new Map(
    policy!
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values.join(' ')]),
  );
  expect(directives.get('default-src')).toBe("'none'");
  expect(directives.get('script-src')).toBe(importMapHash ? `'self' '${importMapHash}'` : "'self'");
  expect(directives.get('style-src')).toBe("'self'");
  expect(directives.get('require-trusted-types-for')).toBe("'script'");
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).not.toContain('unsafe-eval');
}

/** The CSP hash of the page's one import map (the test fails unless there is exactly one). */
function importMapHashOf(html: string): string {
  const importMaps = [...html.matchAll(/<script type="importmap">([\s\S]*?)<\/script>/gi)].map(
    ([, body = '']) => body,
  );
  expect(importMaps).toHaveLength(1);
  return `sha256-${createHash('sha256').update(importMaps[0]!).digest('base64')}`;
}

/** Inline code in the live page: scripts without src, style elements and style attributes. */
async function inlineCodeIn(page: Page): Promise<string[]> {
  return await page.evaluate(() => [
    // The import map is data the CSP admits by its hash (checked on the served page above).
    ...[...document.querySelectorAll('script:not([src]):not([type="importmap"])')].map(
      () => 'inline <script>',
    ),
    ...[...document.querySelectorAll('style')].map(() => '<style> element'),
    ...[...document.querySelectorAll('[style]')].map(
      (node) => `style attribute on <${node.localName}>`,
    ),
  ]);
}

describe('the served staff page', () => {
  test('when /staff/ is fetched then it carries the strict CSP and its HTML has no inline script or style', async () => {
    const response = await request(site.t.app).get('/staff/').expect(200);
    const html = response.text;
    expectStrictPolicy(response.headers['content-security-policy'], importMapHashOf(html));
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(
      ([, attributes = '']) => !/\btype="importmap"/.test(attributes),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/staff\/assets\/[^"]+"/);
      expect(attributes).toMatch(/\bintegrity="sha(256|384|512)-/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  test('when a foreign image is forced into the page then the CSP blocks it and the violation is recorded (control for the checks below)', async () => {
    const tab = await openStaffPage(site.browser);
    await tab.page.goto(`${site.baseUrl}/staff/`);
    await waitForView(tab.page, 'login');
    expect(tab.allCspViolations).toEqual([]);
    await tab.page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'https://tracker.example/pixel.png';
      document.body.append(img);
    });
    // The report reaches the test through a page binding: give it a moment.
    for (let i = 0; i < 50 && tab.allCspViolations.length === 0; i++) {
      await tab.page.waitForTimeout(100);
    }
    expect(tab.allCspViolations).toEqual([expect.stringContaining('img-src')]);
    await tab.context.close();
  });
});

describe.each([
  ['en', 'ltr'],
  ['ug', 'rtl'],
])('the staff dashboard in %s', (locale, dir) => {
  test(`when every view is audited then axe finds no serious or critical issue, nothing is wider than 360 px, the page is ${dir} and no CSP rule is broken`, async () => {
    const problems: string[] = [];
    const responses: Response[] = [];
    const audit = async (
      page: Page,
      view: DashboardView | 'reauth',
      label: string = view,
    ): Promise<void> => {
      if (view === 'reauth') await page.locator('dialog[data-view="reauth"][open]').waitFor();
      else await waitForView(page, view);
      expect({ label, lang: await page.getAttribute('html', 'lang') }).toEqual({
        label,
        lang: locale,
      });
      expect({ label, dir: await page.getAttribute('html', 'dir') }).toEqual({ label, dir });
      problems.push(...(await auditAccessibility(page, `${locale} ${label}`)));
      problems.push(...(await inlineCodeIn(page)).map((found) => `${locale} ${label}: ${found}`));
    };
    const link = (token: string): string => `${site.baseUrl}/staff/?lang=${locale}#invite=${token}`;

    // A caseworker: invitation, enrolment, recovery codes, key panel, account, sign-in.
    const caseworker = await openStaffPage(site.browser);
    caseworker.page.on('response', (response) => responses.push(response));
    const { page } = caseworker;
    const caseworkerName = `caseworker.${locale}`;
    await page.goto(link(await inviteStaff(site.t, caseworkerName, 'caseworker')));
    await audit(page, 'invite');
    await page.fill('#invite-password', STAFF_PASSWORD);
    await page.fill('#invite-password-repeat', STAFF_PASSWORD);
    await page.click('#invite-submit');
    const secret = await startTotpEnrolment(page);
    await audit(page, 'enrol-factor');
    await confirmTotpEnrolment(page, site.t, secret);
    await audit(page, 'recovery-codes');
    await keepRecoveryCodes(page);
    await page.locator('#generate-key-form').waitFor();
    await audit(page, 'keys', 'keys without a key');
    await page.fill('#generate-passphrase', KEY_PASSPHRASE);
    await page.fill('#generate-passphrase-repeat', KEY_PASSPHRASE);
    await page.click('#generate-key-submit');
    await page.locator('#key-status[data-status="pending"]').waitFor({ timeout: 30_000 });
    await page.fill('#unlock-passphrase', KEY_PASSPHRASE);
    await page.click('#unlock-submit');
    await page.locator('#key-lock-area[data-state="unlocked"]').waitFor();
    await audit(page, 'keys', 'keys unlocked');
    const fingerprint = ((await page.textContent('#key-fingerprint')) ?? '')
      .replace(/\s+/g, '')
      .toLowerCase();
    await page.click('[data-nav="account"]');
    await audit(page, 'account');
    await page.click('#logout');
    await audit(page, 'login');
    await enterPassword(page, caseworkerName);
    await audit(page, 'second-factor');

    // An admin: the admin view with the caseworker's pending key, and the re-auth dialog.
    const admin = await openStaffPage(site.browser);
    admin.page.on('response', (response) => responses.push(response));
    const { totpSecret } = await enrolWithTotp(
      admin.page,
      site.t,
      link(await inviteStaff(site.t, `admin.${locale}`, 'admin')),
    );
    await admin.page.locator(`#keys-table tr[data-fingerprint="${fingerprint}"]`).waitFor();
    await audit(admin.page, 'admin');
    ageReauthentication(site.t);
    const row = admin.page.locator(`#keys-table tr[data-fingerprint="${fingerprint}"]`);
    await row.locator('[data-action="vet"]').click();
    await row.locator('[data-action="confirm-vet"]').click();
    await audit(admin.page, 'reauth', 'reauth dialog');
    await answerReauth(admin.page, site.t, totpSecret);
    await admin.page
      .locator(`#keys-table tr[data-fingerprint="${fingerprint}"][data-status="active"]`)
      .waitFor();

    expect(problems).toEqual([]);
    expect([...caseworker.allCspViolations, ...admin.allCspViolations]).toEqual([]);
    // Every answer of our origin (page, scripts, styles, API) carries the same strict policy.
    const ours = responses.filter((response) => response.url().startsWith(site.baseUrl));
    expect(ours.length).toBeGreaterThan(10);
    const pageHash = importMapHashOf((await request(site.t.app).get('/staff/').expect(200)).text);
    for (const response of ours) {
      const headers = await response.allHeaders();
      const isPage = (headers['content-type'] ?? '').startsWith('text/html');
      expectStrictPolicy(headers['content-security-policy'], isPage ? pageHash : undefined);
    }
    await caseworker.context.close();
    await admin.context.close();
  });
});
