/**
 * Attack: someone who can write to the database plants an "internal note" or a "reply" in a
 * case, encrypted to the caseworkers (their keys are public), to pass as a colleague ("spoke to
 * her, she withdraws the report, close it", "the family asked us to send the files to this
 * address"). Defence: the dashboard signs notes and replies with the caseworker's key (a note
 * bound to its case, a reply to its reply key) and checks each against the verified directory
 * (client/crypto decryptCaseworkerMessage): only a valid signature by a directory key names a
 * colleague; an unsigned message is marked as such (a note from before signing looks the same,
 * and says so), one signed otherwise as not verified as from a caseworker.
 */
import type { Page } from 'playwright-core';
import { encryptForDirectory } from '../../client/crypto';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import {
  caseworkerWithVettedKey,
  openCaseAtDesk,
  sendNoteAtDesk,
  sendReplyAtDesk,
  type CaseworkerAtDesk,
} from '../helpers/caseworker-desk';
import { plantInThread } from '../helpers/database-writer';
import { plantedMessageForKeys } from '../helpers/forge';
import { useReporterSite } from '../helpers/use-reporter-site';
import { enrolStaff } from '../helpers/staff';
import { sendPreparedReport } from '../helpers/reporter-traffic';

const en = createDashboardTranslator('en');
const GENUINE_NOTE = 'TEST ONLY genuine note: lawyer called canary-note-3e1f';
const GENUINE_REPLY = 'TEST ONLY genuine reply: we received it canary-reply-7a20';
const UNSIGNED = 'TEST ONLY planted: she withdraws, close it canary-unsigned-91cd';
const STRANGER = 'TEST ONLY planted: send the files to this address canary-stranger-4b6e';
const PLANTED_REPLY = 'TEST ONLY planted reply canary-planted-reply-0d58';

const site = useReporterSite('planted-note', { caseworkers: 1 });
let amina: CaseworkerAtDesk;
let bekzat: CaseworkerAtDesk;
beforeAll(async () => {
  const admin = await enrolStaff(site.t, 'admin.notes', 'admin');
  amina = await caseworkerWithVettedKey(site, admin, 'caseworker.amina', 'TEST ONLY amina 5c2e');
  bekzat = await caseworkerWithVettedKey(site, admin, 'caseworker.bekzat', 'TEST ONLY bekzat 8f31');
});

/** [kind, data-from-caseworker, what it says about the writer, text] of each note and reply. */
async function shownMessages(page: Page): Promise<(string | null)[][]> {
  return await page
    .locator('#thread-list li:is([data-kind="note"], [data-kind="reply"])')
    .evaluateAll((items) =>
      items.map((item) => [
        item.getAttribute('data-kind'),
        item.getAttribute('data-from-caseworker'),
        item.querySelector('.message-verified, .message-unverified')?.textContent ?? null,
        item.querySelector('.message-text')?.textContent ?? '',
      ]),
    );
}

test('when a database writer plants notes and a reply then a colleague sees them as not verified as from a caseworker, and the genuine ones as signed by their writer', async () => {
  const { t } = site;
  const { prepared, caseId } = await sendPreparedReport(t.app, t.directory, {
    whatHappened: 'TEST ONLY: a relative was questioned',
  });

  // Amina writes a note and a reply in her dashboard.
  const desk = await openCaseAtDesk(site, amina, caseId);
  expect(await sendNoteAtDesk(desk.page, GENUINE_NOTE)).toBe('');
  expect(await sendReplyAtDesk(desk.page, GENUINE_REPLY)).toBe('');
  await desk.tab.context.close();

  // The database writer: an unsigned note, a note signed by a stranger, an unsigned "reply".
  const caseworkerKeys = t.directory.recipients.map((recipient) => recipient.publicKey);
  await plantInThread(
    t,
    caseId,
    'note',
    await encryptForDirectory(new TextEncoder().encode(UNSIGNED), t.directory),
  );
  await plantInThread(
    t,
    caseId,
    'note',
    await plantedMessageForKeys(STRANGER, caseworkerKeys, { signed: true }),
  );
  await plantInThread(
    t,
    caseId,
    'reply',
    await plantedMessageForKeys(PLANTED_REPLY, [...caseworkerKeys, prepared.body.replyKey], {
      signed: false,
    }),
  );

  // Bekzat reads the case.
  const { tab, page } = await openCaseAtDesk(site, bekzat, caseId);
  const signedByAmina = `${en('thread.caseworker.verified', { label: 'caseworker.amina' })} `;
  const shown = await shownMessages(page);
  expect(shown.map(([kind, state, , text]) => [kind, state, text])).toEqual([
    ['note', 'verified', GENUINE_NOTE],
    ['reply', 'verified', GENUINE_REPLY],
    ['note', 'unsigned', UNSIGNED],
    ['note', 'unverified', STRANGER],
    ['reply', 'unsigned', PLANTED_REPLY],
  ]);
  expect(shown.map(([, , said]) => said)).toEqual([
    expect.stringMatching(new RegExp(`^${escapeRegExp(signedByAmina)}[0-9A-F ]+$`)),
    expect.stringMatching(new RegExp(`^${escapeRegExp(signedByAmina)}[0-9A-F ]+$`)),
    en('thread.caseworker.unsigned'),
    en('thread.caseworker.unverified'),
    en('thread.caseworker.unsigned'),
  ]);
  // The genuine ones name Amina's key, as the directory lists it.
  const fingerprints = await page
    .locator('#thread-list li[data-from-caseworker="verified"] .fingerprint')
    .allTextContents();
  expect(fingerprints.map((grouped) => grouped.replace(/ /g, '').toLowerCase())).toEqual([
    amina.key.fingerprint,
    amina.key.fingerprint,
  ]);
  expect(tab.allCspViolations).toEqual([]);
  await tab.context.close();
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
