/**
 * Attack: someone who can write to the database plants a "reply" in a reporter's case, encrypted
 * to the case's reply key (public, stored with the case) so the reporter's page decrypts it: a
 * lure ("come to the consulate", "send your address") that would look like the organisation
 * speaking. Defence: the reporter's page shows a reply as the organisation's only when a
 * caseworker key of the verified directory signed it for this reply key (client/crypto
 * decryptReply); a former caseworker's key, kept in the directory as retired, still verifies and
 * is labelled as such. Unsigned or stranger-signed messages are shown only as "could not be
 * verified", never their text.
 */
import {
  armorBinaryMessage,
  createMessageId,
  encryptSignedReply,
  replyKeyFingerprintOf,
  unlockCaseworkerKey,
} from '../../client/crypto';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { openObservedPage } from '../helpers/browser';
import { plantInThread } from '../helpers/database-writer';
import { plantedMessageForKeys } from '../helpers/forge';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { useReporterSite } from '../helpers/use-reporter-site';
import { sendPreparedReport } from '../helpers/reporter-traffic';

const en = createTranslator('en');
const GENUINE = 'TEST ONLY: we received your report; a lawyer will call. canary-genuine-4b1d';
const FROM_FORMER = 'TEST ONLY: I am handing your case over. canary-former-77c0';
const LURE_UNSIGNED = 'TEST ONLY: come to the consulate on Monday. canary-lure-unsigned-9e2f';
const LURE_STRANGER = 'TEST ONLY: send us your home address. canary-lure-stranger-03ad';

const site = useReporterSite('planted-reply', { caseworkers: 2 });

test('when a database writer plants unsigned or stranger-signed replies then the reporter page does not show them as from the organisation; signed replies show, a retired key labelled as a former caseworker', async () => {
  const { t } = site;
  const { prepared, caseId } = await sendPreparedReport(t.app, t.directory, {
    whatHappened: 'TEST ONLY: threats against my family',
  });
  const replyKey = prepared.body.replyKey;
  const replyKeyFingerprint = await replyKeyFingerprintOf(replyKey);
  const [current, former] = t.caseworkers;

  // Two genuine replies, as the dashboard signs them; the second caseworker then leaves and the
  // next directory keeps their key as retired.
  for (const [caseworker, text] of [
    [current!, GENUINE],
    [former!, FROM_FORMER],
  ] as const) {
    const messageId = createMessageId();
    const signed = await encryptSignedReply(
      text,
      t.directory,
      replyKey,
      replyKeyFingerprint,
      await unlockCaseworkerKey(caseworker.armoredSecretKey, TEST_PASSPHRASE),
      messageId,
    );
    await t.caseMessages().addCaseworkerReply(caseId, armorBinaryMessage(signed), messageId);
  }
  await t.caseworkerKeys.removeCaseworkerKey(former!.fingerprint);
  const directory = await t.publishDirectory();
  expect(directory.recipients.map((entry) => entry.fingerprint)).toEqual([current!.fingerprint]);
  expect(directory.retired.map((entry) => entry.fingerprint)).toEqual([former!.fingerprint]);

  // The database writer: straight into the thread, encrypted to the reply key and a caseworker.
  for (const [text, signed] of [
    [LURE_UNSIGNED, false],
    [LURE_STRANGER, true],
  ] as const) {
    await plantInThread(
      t,
      caseId,
      'reply',
      await plantedMessageForKeys(text, [replyKey, current!.armoredPublicKey], { signed }),
    );
  }

  const returning = await openObservedPage(site.browser);
  const { page } = returning;
  await page.goto(`${site.baseUrl}/?lang=en&view=return`);
  await page.fill('#receipt-input', prepared.receipt);
  await page.click('#return-form button[type="submit"]');
  await page.locator('#case-status').waitFor({ timeout: 60_000 });

  expect(
    await page
      .locator('article.reply')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-from'))),
  ).toEqual(['organisation', 'former', 'unverified', 'unverified']);
  expect(
    await page.locator('.reply[data-from="organisation"] .reply-text').allTextContents(),
  ).toEqual([GENUINE]);
  expect(await page.locator('.reply[data-from="former"] .reply-text').allTextContents()).toEqual([
    FROM_FORMER,
  ]);
  expect(await page.textContent('.reply[data-from="former"] .reply-from')).toBe(
    en('return.replies.former'),
  );
  expect(
    await page.locator('.reply[data-from="unverified"] .reply-problem').allTextContents(),
  ).toEqual([en('return.replies.unverified'), en('return.replies.unverified')]);
  // Not a word of either lure reaches the screen.
  const shown = (await page.textContent('body')) ?? '';
  expect(shown).not.toContain('canary-lure-unsigned-9e2f');
  expect(shown).not.toContain('canary-lure-stranger-03ad');
  expect(await returning.cspViolations()).toEqual([]);
  await returning.context.close();
});
