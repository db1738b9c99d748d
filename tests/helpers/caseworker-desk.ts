/**
 * A caseworker ready to work a case in the dashboard without the slow browser enrolment: the
 * account is enrolled and its key (made here with client/crypto, as the browser would) uploaded
 * through the real API, vetted by an admin and published in the directory. Then a real browser
 * signs in, unlocks the key and opens a case.
 */
import type { Page } from 'playwright-core';
import { generateCaseworkerKey, type ProtectedCaseworkerKey } from '../../client/crypto';
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
import { enrolStaff, reauthenticate, type EnrolledStaff } from './staff';
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
  const staff = await enrolStaff(site.t, username);
  const key = await generateCaseworkerKey(passphrase);
  await reauthenticate(site.t, staff.client, staff);
  const uploaded = await staff.client.put('/api/me/key', {
    armoredPublicKey: key.armoredPublicKey,
    protectedSecretKey: key.protectedSecretKey,
  });
  if (uploaded.status !== 201 && uploaded.status !== 200) {
    throw new Error(`key upload: ${uploaded.status} ${uploaded.text}`);
  }
  await reauthenticate(site.t, admin.client, admin);
  const vetted = await admin.client.post(`/api/admin/keys/${key.fingerprint}/vet`);
  if (vetted.status !== 200) throw new Error(`vet: ${vetted.status} ${vetted.text}`);
  await site.t.publishDirectory();
  return { staff, key, passphrase };
}

/** A fresh tab signed in as the caseworker, key unlocked in the inbox, the case open. */
export async function openCaseAtDesk(
  site: ReporterSite,
  caseworker: CaseworkerAtDesk,
  caseId: string,
): Promise<{ tab: StaffPage; page: Page; reportState: string }> {
  const tab = await openStaffPage(site.browser);
  const { page } = tab;
  await page.goto(`${site.baseUrl}/staff/`);
  await signInWithTotp(page, site.t, caseworker.staff.username, caseworker.staff.totpSecret);
  await waitForView(page, 'keys');
  await openInbox(page);
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
