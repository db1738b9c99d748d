/**
 * A caseworker ready to work a case in the dashboard without the slow browser enrolment: the
 * account is enrolled and its key (made here with client/crypto, as the browser would) uploaded
 * through the real API, vetted by an admin (or by the service itself) and published in the
 * directory. Then a real browser signs in, unlocks the key and opens a case.
 */
import type { Page } from 'playwright-core';
import {
  generateCaseworkerKey,
  type ProtectedCaseworkerKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import {
  openCase,
  openInbox,
  openStaffPage,
  signInWithTotp,
  unlockInInbox,
  waitForView,
  type StaffPage,
} from './dashboard';
import type { ReporterSite } from './reporter-site';
import { enrolStaff, reauthenticate, uploadOwnKey, type EnrolledStaff } from './staff';
import type { TestApp } from './test-app';

export interface CaseworkerAtDesk {
  readonly staff: EnrolledStaff;
  readonly key: ProtectedCaseworkerKey;
  readonly passphrase: string;
}

/**
 * Enrols `username`, uploads a fresh key, has `admin` vet it and publishes the directory. Needs
 * only the app (`{ t }`): integration tests use it without a browser.
 */
export async function caseworkerWithVettedKey(
  site: { readonly t: TestApp },
  admin: EnrolledStaff,
  username: string,
  passphrase: string,
): Promise<CaseworkerAtDesk> {
  const { staff, key } = await caseworkerWithUploadedKey(site.t, username, passphrase, [200, 201]);
  await reauthenticate(site.t, admin.client, admin);
  const vetted = await admin.client.post(`/api/admin/keys/${key.fingerprint}/vet`);
  if (vetted.status !== 200) throw new Error(`vet: ${vetted.status} ${vetted.text}`);
  await site.t.publishDirectory();
  return { staff, key, passphrase };
}

/**
 * Enrols `username` and uploads a fresh key (answered 201, a first upload) that the service vets
 * itself, without an admin account, then publishes the directory: for tests about what a
 * caseworker reads, not about vetting.
 */
export async function caseworkerWithServiceVettedKey(
  t: TestApp,
  username: string,
  passphrase: string,
): Promise<CaseworkerAtDesk & { readonly directory: VerifiedDirectory }> {
  const { staff, key } = await caseworkerWithUploadedKey(t, username, passphrase, [201]);
  await t.caseworkerKeys.vetKey(key.fingerprint);
  const directory = await t.publishDirectory();
  return { staff, key, passphrase, directory };
}

/**
 * Enrols admin `adminUsername`, then caseworker `username` whose key that admin vets (as
 * caseworkerWithVettedKey): the opening of the tests where one caseworker works a case.
 */
export async function caseworkerVettedByNewAdmin(
  site: { readonly t: TestApp },
  adminUsername: string,
  username: string,
  passphrase: string,
): Promise<{ readonly admin: EnrolledStaff; readonly caseworker: CaseworkerAtDesk }> {
  const admin = await enrolStaff(site.t, adminUsername, 'admin');
  const caseworker = await caseworkerWithVettedKey(site, admin, username, passphrase);
  return { admin, caseworker };
}

async function caseworkerWithUploadedKey(
  t: TestApp,
  username: string,
  passphrase: string,
  acceptedStatuses: readonly number[],
): Promise<{ staff: EnrolledStaff; key: ProtectedCaseworkerKey }> {
  const staff = await enrolStaff(t, username);
  const key = await generateCaseworkerKey(passphrase);
  await reauthenticate(t, staff.client, staff);
  const uploaded = await uploadOwnKey(staff.client, key);
  if (!acceptedStatuses.includes(uploaded.status)) {
    throw new Error(`key upload: ${uploaded.status} ${uploaded.text}`);
  }
  return { staff, key };
}

/**
 * On `page`: signs in as the caseworker and opens the inbox, its key still locked; in `locale`
 * when one is named (the dashboard's ?lang=), else in the page's default.
 */
export async function signInAtDesk(
  site: ReporterSite,
  page: Page,
  staff: EnrolledStaff,
  locale?: string,
): Promise<void> {
  await signInToKeys(site, page, staff, locale);
  await openInbox(page);
}

/** Signs `staff` in at the dashboard, as signInAtDesk, and stops at the view it opens on (keys). */
export async function signInToKeys(
  site: ReporterSite,
  page: Page,
  staff: EnrolledStaff,
  locale?: string,
): Promise<void> {
  await page.goto(`${site.baseUrl}/staff/${locale === undefined ? '' : `?lang=${locale}`}`);
  await signInWithTotp(page, site.t, staff.username, staff.totpSecret);
  await waitForView(page, 'keys');
}

/**
 * A fresh tab signed in as the caseworker, key unlocked in the inbox, the case open; in `locale`
 * when one is named, as signInAtDesk.
 */
export async function openCaseAtDesk(
  site: ReporterSite,
  caseworker: CaseworkerAtDesk,
  caseId: string,
  locale?: string,
): Promise<{ tab: StaffPage; page: Page; reportState: string }> {
  const tab = await openStaffPage(site.browser);
  const { page } = tab;
  await signInAtDesk(site, page, caseworker.staff, locale);
  await unlockInInbox(page, caseworker.passphrase);
  const reportState = await openCase(page, caseId);
  return { tab, page, reportState };
}

/**
 * Writes a reply in the open case and sends it; resolves once the composer has answered: with
 * the refusal it shows, or '' once a new reply is in the thread.
 */
export async function sendReplyAtDesk(page: Page, text: string): Promise<string> {
  return await sendAtDesk(page, 'reply', text);
}

/** Like sendReplyAtDesk, for an internal note. */
export async function sendNoteAtDesk(page: Page, text: string): Promise<string> {
  return await sendAtDesk(page, 'note', text);
}

async function sendAtDesk(page: Page, kind: 'note' | 'reply', text: string): Promise<string> {
  const sent = `#thread-list li[data-kind="${kind}"]`;
  const before = await page.locator(sent).count();
  await page.fill(`#${kind}-text`, text);
  await page.click(`#${kind}-submit`);
  await page.waitForFunction(
    ([problem, selector, count]) =>
      (document.querySelector(problem)?.textContent ?? '') !== '' ||
      document.querySelectorAll(selector).length > count,
    [`#${kind}-problem`, sent, before] as const,
  );
  return (await page.textContent(`#${kind}-problem`)) ?? '';
}
