/**
 * Reports stored before reports named their reply key: the dashboard marks the case "legacy,
 * reply key unverified" and sends no reply until a caseworker confirms the key, once, on purpose.
 * The confirmation is signed with the caseworker's key, stored on the server for the case (every
 * caseworker sees it, after a reload too) and recorded in the case history; it does not lock the
 * case. If the stored key changes afterwards, the confirmation no longer matches: the tampering
 * warning is back and the server refuses to confirm another key. Who confirmed, and when, is
 * shown from the verified signature (the directory's label, the signature's day), never from the
 * server's `confirmedBy`: a database writer who names someone else there changes nothing shown.
 * The reply sent meanwhile is stored signed: stock GnuPG shows a good signature by the
 * caseworker key.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  createReceipt,
  deriveReceiptVerifier,
  encryptReport,
  generateReplyKey,
  replyKeyFingerprintOf,
  signReplyKeyConfirmation,
  unlockCaseworkerKey,
} from '../../client/crypto';
import { groupFingerprint } from '../../client/dashboard/format';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { armorMessage } from '../../server/platform/openpgp';
import {
  caseworkerVettedByNewAdmin,
  openCaseAtDesk,
  sendReplyAtDesk,
} from '../helpers/caseworker-desk';
import { useGnuPG } from '../helpers/gnupg';
import { decryptWithStatus } from '../helpers/gnupg-status';
import { swapStoredReplyKey } from '../helpers/database-writer';
import { useReporterSite } from '../helpers/use-reporter-site';

const en = createDashboardTranslator('en');
const KEY_PASSPHRASE = 'TEST ONLY legacy reply key passphrase 91d4';
const REPLY = 'TEST ONLY: we have your report canary-legacy-reply-3e8b';

const { gpg, scratch } = useGnuPG('amanat-legacy-');
const site = useReporterSite('legacy-reply-key', { caseworkers: 1 });

test('when a legacy report is opened then its reply key is confirmed once, seen by every session, and a later swap shows as tampering', async () => {
  const { t } = site;
  const { admin, caseworker: amina } = await caseworkerVettedByNewAdmin(
    site,
    'admin.legacy',
    'caseworker.amina',
    KEY_PASSPHRASE,
  );
  // A report as browsers made them before: no replyKeyFingerprint inside the encryption.
  const legacyReplyKey = await generateReplyKey('TEST ONLY legacy reply key');
  const { caseId } = (
    await request(t.app)
      .post('/api/reports')
      .send({
        submissionId: 'L'.repeat(22),
        message: await encryptReport({ whatHappened: 'TEST ONLY legacy report' }, t.directory),
        replyKey: legacyReplyKey.armoredPublicKey,
        receiptVerifier: await deriveReceiptVerifier(createReceipt()),
      })
      .expect(201)
  ).body as { caseId: string };
  const thread = new CaseMessagesRepository(t.connection);

  // Legacy, unconfirmed: marked so, and a reply is refused before anything is encrypted.
  const first = await openCaseAtDesk(site, amina, caseId);
  expect(first.reportState).toBe('decrypted');
  expect(await first.page.getAttribute('#reply-key', 'data-state')).toBe('legacy');
  const unconfirmed = await sendReplyAtDesk(first.page, REPLY);
  expect((await thread.listThread(caseId)).length).toBe(0);
  expect(unconfirmed).toBe(en('error.reply_key_unconfirmed'));

  // Confirmed on purpose: the fingerprint again, then yes.
  await first.page.click('#reply-key-confirm');
  const legacyFingerprint = await replyKeyFingerprintOf(legacyReplyKey.armoredPublicKey);
  expect(await first.page.textContent('#reply-key')).toContain(groupFingerprint(legacyFingerprint));
  await first.page.click('#reply-key-confirm-yes');
  await first.page.locator('#reply-key[data-state="confirmed"]').waitFor();
  expect(await first.page.textContent('#reply-key')).toContain('caseworker.amina');
  expect(await sendReplyAtDesk(first.page, REPLY)).toBe('');
  expect((await thread.listThread(caseId)).length).toBe(1);
  await first.tab.context.close();

  // Stored on the server: a fresh session sees it confirmed, once, in the case history too. A
  // database writer first names the admin as the one who confirmed: the panel names the signer.
  const adminId = (await admin.client.get('/api/auth/session')).body.user.id as string;
  await t.connection
    .db!.collection('reply_key_confirmations')
    .updateOne(
      { _id: caseId as never },
      { $set: { confirmedBy: adminId, confirmedOn: '2020-01-01' } },
    );
  expect(
    (await amina.staff.client.get(`/api/cases/${caseId}`)).body.replyKeyConfirmation.confirmedBy,
  ).toBe('admin.legacy');
  const second = await openCaseAtDesk(site, amina, caseId);
  expect(await second.page.getAttribute('#reply-key', 'data-state')).toBe('confirmed');
  expect(await second.page.textContent('#reply-key')).toBe(
    en('replyKey.confirmed', {
      label: 'caseworker.amina',
      day: t.clock.now().toISOString().slice(0, 10),
      fingerprint: groupFingerprint(legacyFingerprint),
    }),
  );
  expect(
    await second.page.locator('#case-history li[data-event="case.reply_key_confirmed"]').count(),
  ).toBe(1);
  await second.tab.context.close();

  // The stored reply is signed: GnuPG with the caseworker's key shows a good signature.
  const [stored] = await thread.listThread(caseId);
  const path = join(scratch, 'reply.asc');
  writeFileSync(path, armorMessage(stored!.message));
  gpg.importSecretKey(amina.key.protectedSecretKey, KEY_PASSPHRASE);
  const decrypted = decryptWithStatus(gpg, path, KEY_PASSPHRASE);
  expect(decrypted.status).toBe(0);
  expect(decrypted.stdout.toString('utf8')).toBe(REPLY);
  expect(decrypted.stderr).toContain(`[GNUPG:] VALIDSIG ${amina.key.fingerprint.toUpperCase()}`);
  expect(decrypted.stderr).toMatch(/\[GNUPG:\] GOODSIG [0-9A-F]{16} Amanat caseworker/);

  // A database writer swaps the key: the confirmation no longer matches.
  const attacker = await generateReplyKey('TEST ONLY attacker');
  await swapStoredReplyKey(t.connection, caseId, attacker.armoredPublicKey);
  const third = await openCaseAtDesk(site, amina, caseId);
  expect(await third.page.getAttribute('#reply-key', 'data-state')).toBe('mismatch');
  const tampered = await sendReplyAtDesk(third.page, REPLY);
  expect((await thread.listThread(caseId)).length).toBe(1);
  expect(tampered).toBe(en('error.reply_key_mismatch'));
  await third.tab.context.close();

  // And the swapped key cannot be confirmed over the first confirmation.
  const attackerFingerprint = await replyKeyFingerprintOf(attacker.armoredPublicKey);
  const refused = await amina.staff.client.post(`/api/cases/${caseId}/reply-key-confirmation`, {
    fingerprint: attackerFingerprint,
    confirmation: await signReplyKeyConfirmation(
      await unlockCaseworkerKey(amina.key.protectedSecretKey, KEY_PASSPHRASE),
      caseId,
      attackerFingerprint,
    ),
  });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('reply_key_already_confirmed');
  const detail = await amina.staff.client.get(`/api/cases/${caseId}`);
  expect(detail.body.replyKeyConfirmation).toMatchObject({ fingerprint: legacyFingerprint });
});
