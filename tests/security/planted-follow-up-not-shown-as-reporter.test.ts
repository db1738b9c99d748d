/**
 * Attack: someone who can write to the database plants a "follow-up from the reporter" in a case,
 * encrypted to the caseworkers (their keys are public), to steer the casework ("I am safe now,
 * close my case", "call my cousin on this number"). Defence: the reporter's page signs follow-ups
 * with the report's reply key; the dashboard verifies each against the key the encrypted report
 * names (client/crypto decryptFollowUp) and shows any other follow-up, unsigned, signed by a
 * stranger or by a reply key swapped into the database, as "not verified as from the reporter".
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import {
  createMessageId,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
  encryptForDirectory,
  encryptSignedFollowUp,
  generateReplyKey,
  storedMessageId,
  unlockReplyKey,
} from '../../client/crypto';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { dearmorMessage } from '../../server/platform/openpgp';
import {
  caseworkerVettedByNewAdmin,
  openCaseAtDesk,
  type CaseworkerAtDesk,
} from '../helpers/caseworker-desk';
import { plantedMessageForKeys } from '../helpers/forge';
import { plantInThread, swapStoredReplyKey } from '../helpers/database-writer';
import { useReporterSite } from '../helpers/use-reporter-site';
import { sendPreparedReport, type PreparedReport } from '../helpers/reporter-traffic';

const en = createDashboardTranslator('en');
const KEY_PASSPHRASE = 'TEST ONLY planted follow-up passphrase 2b9e';
const ATTACKER_PASSPHRASE = 'TEST ONLY the attacker knows this passphrase';
const GENUINE = 'TEST ONLY genuine: they called again canary-genuine-5d1a';
const UNSIGNED = 'TEST ONLY planted: I am safe now, close my case canary-unsigned-8c3b';
const STRANGER = 'TEST ONLY planted: call my cousin canary-stranger-0f4e';
const SWAPPED = 'TEST ONLY planted with a swapped key canary-swapped-6a7d';

const site = useReporterSite('planted-follow-up', { caseworkers: 1 });
let amina: CaseworkerAtDesk;
beforeAll(async () => {
  ({ caseworker: amina } = await caseworkerVettedByNewAdmin(
    site,
    'admin.follow',
    'caseworker.amina',
    KEY_PASSPHRASE,
  ));
});

const followUp = (text: string) => ({ schema: 'amanat-follow-up/v1', text, attachments: [] });
const followUpBytes = (text: string) => new TextEncoder().encode(JSON.stringify(followUp(text)));

async function submitReport(): Promise<PreparedReport> {
  return await sendPreparedReport(site.t.app, site.t.directory, {
    whatHappened: 'TEST ONLY: pressure through relatives',
  });
}

/** [data-from-reporter, text] of every follow-up as the dashboard shows it. */
async function shownFollowUps(page: Page): Promise<(string | null)[][]> {
  return await page
    .locator('#thread-list li[data-kind="follow-up"]')
    .evaluateAll((items) =>
      items.map((item) => [
        item.getAttribute('data-from-reporter'),
        item.querySelector('.message-text')?.textContent ?? '',
      ]),
    );
}

test('when a database writer plants follow-ups then the dashboard shows them as not verified as from the reporter, and a signed one as from the reporter', async () => {
  const { t } = site;
  const { prepared, caseId } = await submitReport();
  // The reporter's page: a follow-up signed with the reply key, through the real route.
  const replyKey = await unlockReplyKey(
    prepared.armoredReplySecretKey,
    await deriveReplyKeyPassphrase(prepared.receipt),
  );
  const messageId = 'a'.repeat(32);
  await request(t.app)
    .post('/api/receipts/messages')
    .send({
      receiptVerifier: await deriveReceiptVerifier(prepared.receipt),
      messageId,
      message: await encryptSignedFollowUp(followUp(GENUINE), replyKey, t.directory, messageId),
    })
    .expect(201);
  await plantInThread(
    t,
    caseId,
    'follow-up',
    await encryptForDirectory(followUpBytes(UNSIGNED), t.directory),
  );
  await plantInThread(
    t,
    caseId,
    'follow-up',
    await plantedMessageForKeys(
      JSON.stringify(followUp(STRANGER)),
      t.directory.recipients.map((recipient) => recipient.publicKey),
      { signed: true },
    ),
  );

  const { tab, page } = await openCaseAtDesk(site, amina, caseId);
  expect(await page.getAttribute('#reply-key', 'data-state')).toBe('bound');
  expect(await shownFollowUps(page)).toEqual([
    ['verified', GENUINE],
    ['unverified', UNSIGNED],
    ['unverified', STRANGER],
  ]);
  expect(
    await page
      .locator('#thread-list li[data-from-reporter="unverified"] .message-unverified')
      .allTextContents(),
  ).toEqual([en('thread.followUp.unverified'), en('thread.followUp.unverified')]);
  expect(
    await page.textContent('#thread-list li[data-from-reporter="verified"] .message-verified'),
  ).toBe(en('thread.followUp.verified'));
  expect(tab.allCspViolations).toEqual([]);
  await tab.context.close();
});

test('when a database writer swaps the reply key and signs a planted follow-up with their own then it is not verified either', async () => {
  const { t } = site;
  const { caseId } = await submitReport();
  const attacker = await generateReplyKey(ATTACKER_PASSPHRASE);
  await swapStoredReplyKey(t.connection, caseId, attacker.armoredPublicKey);
  const attackerKey = await unlockReplyKey(attacker.armoredSecretKey, ATTACKER_PASSPHRASE);
  // Under the very entry its message id names: only the swapped key gives it away.
  const messageId = createMessageId();
  await plantInThread(
    t,
    caseId,
    'follow-up',
    dearmorMessage(
      await encryptSignedFollowUp(followUp(SWAPPED), attackerKey, t.directory, messageId),
    ),
    await storedMessageId(caseId, messageId),
  );

  const { tab, page } = await openCaseAtDesk(site, amina, caseId);
  expect(await page.getAttribute('#reply-key', 'data-state')).toBe('mismatch');
  expect(await shownFollowUps(page)).toEqual([['unverified', SWAPPED]]);
  await tab.context.close();
});
