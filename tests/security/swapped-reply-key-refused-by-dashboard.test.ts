/**
 * Attack: someone who can write to the database swaps a case's stored reply key (and the key ids
 * the server checks replies against) for a key of their own, so every later reply is encrypted
 * to them. Defence: the reporter's browser names its reply key inside the encrypted report
 * (replyKeyFingerprint); the dashboard encrypts a reply only to that key (client/crypto
 * encryptSignedReply), shows a tampering warning and sends nothing. Checked on the server: no
 * reply is stored. Control: with the genuine key back, the same dashboard sends a signed reply.
 */
import {
  decryptReply,
  deriveReplyKeyPassphrase,
  generateReplyKey,
  unlockReplyKey,
} from '../../client/crypto';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import {
  caseworkerVettedByNewAdmin,
  openCaseAtDesk,
  sendReplyAtDesk,
} from '../helpers/caseworker-desk';
import { swapStoredReplyKey } from '../helpers/database-writer';
import { useReporterSite } from '../helpers/use-reporter-site';
import { sendPreparedReport } from '../helpers/reporter-traffic';

const en = createDashboardTranslator('en');
const KEY_PASSPHRASE = 'TEST ONLY swapped reply key passphrase 6f2a';
const REPLY = 'TEST ONLY: please call the lawyer on Tuesday canary-reply-1c3e';

const site = useReporterSite('swapped-reply-key', { caseworkers: 1 });

test('when a database writer swaps the reply key then the dashboard warns of tampering and stores no reply; with the genuine key it replies', async () => {
  const { t } = site;
  const { caseworker: amina } = await caseworkerVettedByNewAdmin(
    site,
    'admin.swap',
    'caseworker.amina',
    KEY_PASSPHRASE,
  );
  const { prepared, caseId } = await sendPreparedReport(t.app, t.directory, {
    whatHappened: 'TEST ONLY: they called my mother',
  });
  const attacker = await generateReplyKey('TEST ONLY the attacker knows this passphrase');
  await swapStoredReplyKey(t.connection, caseId, attacker.armoredPublicKey);

  const { tab, page, reportState } = await openCaseAtDesk(site, amina, caseId);
  expect(reportState).toBe('decrypted');
  expect(await page.getAttribute('#reply-key', 'data-state')).toBe('mismatch');
  expect(await page.textContent('#reply-key-warning')).toBe(en('replyKey.mismatch'));
  const refusal = await sendReplyAtDesk(page, REPLY);
  // Nothing reached the server: no reply, not even one the server would have refused.
  const thread = new CaseMessagesRepository(t.connection);
  expect((await thread.listThread(caseId)).length).toBe(0);
  expect(refusal).toBe(en('error.reply_key_mismatch'));
  expect(
    tab.requests.filter((sent) => sent.url().endsWith(`/api/cases/${caseId}/replies`)),
  ).toEqual([]);

  // Control: the genuine key back, the same caseworker replies and the reporter reads it signed.
  await swapStoredReplyKey(t.connection, caseId, prepared.body.replyKey);
  await tab.context.close();
  const again = await openCaseAtDesk(site, amina, caseId);
  expect(await again.page.getAttribute('#reply-key', 'data-state')).toBe('bound');
  expect(await sendReplyAtDesk(again.page, REPLY)).toBe('');
  const [stored] = await thread.listThread(caseId);
  expect((await thread.listThread(caseId)).length).toBe(1);
  const replyKey = await unlockReplyKey(
    prepared.armoredReplySecretKey,
    await deriveReplyKeyPassphrase(prepared.receipt),
  );
  // Signed for the very entry the dashboard sent it as.
  expect(
    await decryptReply(stored!.message, replyKey, t.directory, { caseId, entryId: stored!.id }),
  ).toEqual({
    text: REPLY,
    signer: { fingerprint: amina.key.fingerprint, retired: false, signedOn: stored!.sentOn },
  });
  expect(again.tab.allCspViolations).toEqual([]);
  await again.tab.context.close();
});
