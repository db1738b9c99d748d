/**
 * Caseworker keys through the dashboard, end to end with stock GnuPG: a key created in the
 * browser, vetted by an admin in the admin view (after re-authentication) and published, opens a
 * report in `gpg --decrypt` once downloaded; a key made in GnuPG is imported in the browser and
 * decrypts a report in the page's decryption check, which shows it as text, never as markup.
 * Neither key passphrase ever leaves the page. The protected key reaches a tab only with the key
 * release token that tab's sign-in or re-authentication gave it: a reload of the same tab does
 * not ask again; another tab of the same browser (same session cookie) must re-authenticate once.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { exportCaseOf } from '../helpers/case-export';
import {
  ageReauthentication,
  answerReauth,
  enrolInNewTab,
  waitForView,
  type StaffPage,
} from '../helpers/dashboard';
import { GnuPG, withPassphrase } from '../helpers/gnupg';
import { startReporterSite, type ReporterSite } from '../helpers/reporter-site';
import { buildSubmission } from '../helpers/reports';

const en = createDashboardTranslator('en');
const BROWSER_KEY_PASSPHRASE = 'TEST ONLY browser key passphrase 41c2';
const GNUPG_PASSPHRASE = 'TEST ONLY gnupg passphrase 9e07';
const IMPORTED_KEY_PASSPHRASE = 'TEST ONLY imported key passphrase 5b3d';
const GNUPG_USER_ID = 'TEST ONLY Caseworker <caseworker@example.invalid>';

let site: ReporterSite;
let admin: StaffPage;
let adminTotpSecret: string;

beforeAll(async () => {
  site = await startReporterSite('e2e-staff-keys', { caseworkers: 1 });
  ({ tab: admin, totpSecret: adminTotpSecret } = await enrolInNewTab(
    site,
    'admin.gulnar',
    'admin',
  ));
  await waitForView(admin.page, 'admin');
});
afterAll(async () => {
  await admin.context.close();
  await site.close();
});

/** A new caseworker, invited and enrolled in their own browser; ends on the key panel. */
async function enrolCaseworker(username: string): Promise<{ tab: StaffPage; totpSecret: string }> {
  const { tab, totpSecret } = await enrolInNewTab(site, username, 'caseworker');
  await waitForView(tab.page, 'keys');
  return { tab, totpSecret };
}

/** Statuses of the page's requests for the protected secret key, in order, from now on. */
function secretKeyAnswers(page: Page): number[] {
  const statuses: number[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/me/key/secret') statuses.push(response.status());
  });
  return statuses;
}

/** The fingerprint the key panel shows, as the API spells it. */
async function shownFingerprint(tab: StaffPage): Promise<string> {
  const grouped = (await tab.page.textContent('#key-fingerprint')) ?? '';
  return grouped.replace(/\s+/g, '').toLowerCase();
}

/** The admin vets a pending key in the admin view; the re-authentication dialog must appear. */
async function vetInAdminView(fingerprint: string): Promise<void> {
  const { page } = admin;
  ageReauthentication(site.t);
  await page.click('#keys-refresh');
  const row = page.locator(`#keys-table tr[data-fingerprint="${fingerprint}"]`);
  await page
    .locator(`#keys-table tr[data-fingerprint="${fingerprint}"][data-status="pending"]`)
    .waitFor();
  await row.locator('[data-action="vet"]').click();
  await row.locator('[data-action="confirm-vet"]').click();
  await answerReauth(page, site.t, adminTotpSecret);
  await page
    .locator(`#keys-table tr[data-fingerprint="${fingerprint}"][data-status="active"]`)
    .waitFor();
  expect(await page.textContent('#keys-status')).toBe(en('admin.keys.vetDone'));
}

/** Sends a report through the intake API, encrypted to the published directory; returns its export. */
async function sendReport(report: object): Promise<{ armored: string; report: object }> {
  const directory = await site.t.publishDirectory();
  const submission = await buildSubmission(directory, { report });
  const response = await request(site.t.app).post('/api/reports').send(submission.body).expect(201);
  const exported = await exportCaseOf(
    site.t.connection,
    (response.body as { caseId: string }).caseId,
  );
  const armored = exported.files.find((file) => file.name === 'report.asc')!.content;
  return { armored, report: submission.report };
}

function sentBodies(tab: StaffPage): string {
  return tab.requests.map((sent) => sent.postData() ?? '').join('\n');
}

describe('a key created in the browser opens reports in GnuPG', () => {
  const gpg = new GnuPG();
  let caseworker: StaffPage;
  let fingerprint: string;
  beforeAll(async () => {
    ({ tab: caseworker } = await enrolCaseworker('caseworker.ayse'));
  });
  afterAll(async () => {
    await caseworker.context.close();
    gpg.dispose();
  });

  test('when the caseworker creates a key then it is uploaded as pending and the passphrase stays in the page', async () => {
    const { page } = caseworker;
    await page.locator('#generate-key-form').waitFor();
    await page.fill('#generate-passphrase', BROWSER_KEY_PASSPHRASE);
    await page.fill('#generate-passphrase-repeat', BROWSER_KEY_PASSPHRASE);
    await page.click('#generate-key-submit');
    await page.locator('#key-status[data-status="pending"]').waitFor({ timeout: 30_000 });
    fingerprint = await shownFingerprint(caseworker);
    expect(fingerprint).toMatch(/^[0-9a-f]{40}$/);
    const stored = await page.evaluate(
      async () => ((await (await fetch('/api/me/key')).json()) as { key: object }).key,
    );
    expect(stored).toMatchObject({ fingerprint, status: 'pending' });
    const bodies = sentBodies(caseworker);
    expect(bodies).toContain('-----BEGIN PGP PRIVATE KEY BLOCK-----');
    expect(bodies).not.toContain(BROWSER_KEY_PASSPHRASE);
  });

  test('when an admin vets it in the admin view and the directory is published then reporters encrypt to it', async () => {
    await vetInAdminView(fingerprint);
    const directory = await site.t.publishDirectory();
    expect(directory.recipients.map((recipient) => recipient.fingerprint)).toContain(fingerprint);
    await caseworker.page.reload();
    await caseworker.page.locator('#key-status[data-status="active"]').waitFor();
  });

  test('when a report arrives then the downloaded key, imported into GnuPG, decrypts it to the original report', async () => {
    const sent = await sendReport({
      locale: 'en',
      incidentType: 'pressure_through_relatives',
      whatHappened: 'TEST ONLY: my brother was told to report on me.',
    });
    // Long after sign-in, and after a reload: this tab's key release token still releases it.
    ageReauthentication(site.t);
    const answers = secretKeyAnswers(caseworker.page);
    const downloading = caseworker.page.waitForEvent('download');
    await caseworker.page.click('#download-key');
    const download = await downloading;
    expect(answers).toEqual([200]);
    expect(await caseworker.page.locator('dialog[data-view="reauth"][open]').count()).toBe(0);
    expect(download.suggestedFilename()).toBe(`amanat-key-${fingerprint.slice(-16)}.asc`);
    const armoredKey = await readFile(await download.path(), 'utf8');
    expect(armoredKey).toMatch(/^-----BEGIN PGP PRIVATE KEY BLOCK-----/);
    gpg.importSecretKey(armoredKey, BROWSER_KEY_PASSPHRASE);
    expect(gpg.fingerprintOf(fingerprint)).toBe(fingerprint);
    const file = join(site.workDir, 'browser-key-report.asc');
    writeFileSync(file, sent.armored);
    // The file is protected: without the key passphrase GnuPG opens nothing. (The agent is
    // restarted first so that no passphrase cached during the import can stand in.)
    execFileSync('gpgconf', ['--homedir', gpg.home, '--kill', 'gpg-agent']);
    const refused = gpg.tryRun([...withPassphrase('not the key passphrase'), '--decrypt', file]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('Bad passphrase');
    expect(refused.stdout.toString('utf8')).not.toContain('whatHappened');
    const plaintext = gpg.decryptFile(file, BROWSER_KEY_PASSPHRASE).toString('utf8');
    expect(JSON.parse(plaintext)).toEqual(sent.report);
    expect(caseworker.allCspViolations).toEqual([]);
  });
});

describe('a key made in GnuPG is imported and checked in the browser', () => {
  const gpg = new GnuPG();
  let caseworker: StaffPage;
  let totpSecret: string;
  let gnupgFingerprint: string;
  /** A second tab of the caseworker's browser: same cookie, its own sessionStorage. */
  let otherTab: Page;
  beforeAll(async () => {
    ({ tab: caseworker, totpSecret } = await enrolCaseworker('caseworker.merve'));
  });
  afterAll(async () => {
    await caseworker.context.close();
    gpg.dispose();
  });

  async function checkDecryption(page: Page, armored: string): Promise<string> {
    await page.fill('#check-message', armored);
    await page.click('#check-decryption-submit');
    await page.locator('#check-result:not([hidden])').waitFor();
    return (await page.textContent('#check-plaintext')) ?? '';
  }

  test('when the exported GnuPG key is imported then the page names its user id and, once confirmed, uploads it as pending', async () => {
    gnupgFingerprint = gpg.generateSigningKeyWithEncryptionSubkey(GNUPG_USER_ID, GNUPG_PASSPHRASE);
    const exported = gpg.exportSecretKey(gnupgFingerprint, GNUPG_PASSPHRASE);

    const { page } = caseworker;
    await page.fill('#import-armored', exported);
    await page.fill('#import-gnupg-passphrase', GNUPG_PASSPHRASE);
    await page.fill('#import-passphrase', IMPORTED_KEY_PASSPHRASE);
    await page.fill('#import-passphrase-repeat', IMPORTED_KEY_PASSPHRASE);
    await page.click('#import-key-submit');
    await page.locator('#import-confirm-upload').waitFor({ timeout: 30_000 });
    expect(await page.textContent('#import-user-ids')).toBe(
      en('keys.import.userIds', { userIds: GNUPG_USER_ID }),
    );
    await page.click('#import-confirm-upload');
    await page.locator('#key-status[data-status="pending"]').waitFor();
    expect(await shownFingerprint(caseworker)).toBe(gnupgFingerprint);
    const bodies = sentBodies(caseworker);
    expect(bodies).not.toContain(GNUPG_PASSPHRASE);
    expect(bodies).not.toContain(IMPORTED_KEY_PASSPHRASE);
  });

  test('when it is vetted and published and a report arrives then unlocking in another tab of the same browser asks to re-authenticate once and the key shows the report in the decryption check', async () => {
    await vetInAdminView(gnupgFingerprint);
    const sent = await sendReport({
      locale: 'ug',
      incidentType: 'threats_through_relatives',
      whatHappened: 'TEST ONLY: ئاتا-ئانامغا تېلېفون قىلىپ تەھدىت سالدى',
    });
    // A new tab shares the session cookie, not the first tab's sessionStorage.
    const page = await caseworker.context.newPage();
    otherTab = page;
    const answers = secretKeyAnswers(page);
    await page.goto(`${site.baseUrl}/staff/`);
    await page.locator('#key-status[data-status="active"]').waitFor();
    await page.fill('#unlock-passphrase', IMPORTED_KEY_PASSPHRASE);
    await page.click('#unlock-submit');
    // The session cookie alone does not release the key: the dialog comes first.
    await answerReauth(page, site.t, totpSecret);
    await page.locator('#key-lock-area[data-state="unlocked"]').waitFor();
    expect(answers).toEqual([403, 200]);
    expect(await checkDecryption(page, sent.armored)).toBe(JSON.stringify(sent.report));
  });

  test('when either tab is reloaded later in the same session then unlocking does not ask again', async () => {
    ageReauthentication(site.t);
    for (const page of [caseworker.page, otherTab]) {
      await page.reload();
      const answers = secretKeyAnswers(page);
      await page.locator('#key-status[data-status="active"]').waitFor();
      await page.fill('#unlock-passphrase', IMPORTED_KEY_PASSPHRASE);
      await page.click('#unlock-submit');
      await page.locator('#key-lock-area[data-state="unlocked"]').waitFor();
      expect(answers).toEqual([200]);
      expect(await page.locator('dialog[data-view="reauth"][open]').count()).toBe(0);
    }
  });

  test('when a report carries markup then the check shows it literally and creates no element from it', async () => {
    const { page } = caseworker;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const markup = '<img src=x onerror=alert(1)>';
    const sent = await sendReport({
      locale: 'en',
      incidentType: 'online_harassment',
      whatHappened: `TEST ONLY ${markup} canary-markup`,
    });
    const shown = await checkDecryption(page, sent.armored);
    expect(shown).toBe(JSON.stringify(sent.report));
    expect(shown).toContain(markup);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#check-plaintext *').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(
      caseworker.requests.filter((sentRequest) => new URL(sentRequest.url()).pathname === '/x'),
    ).toEqual([]);
    expect(caseworker.allCspViolations).toEqual([]);
  });
});
