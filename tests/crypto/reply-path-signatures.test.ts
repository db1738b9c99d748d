/**
 * The signed reply path in client/crypto (SECURITY.md "Authenticated replies"): a caseworker's
 * reply is signed with their key for one reply key and one message id, and the reporter's page
 * names its signer only for that key and the thread entry stored under that id; a former
 * caseworker's retired key only for a signature made no later than its retirement day, shown
 * with that signature's day. A reporter's follow-up is signed with the reply key at
 * REPORTER_TIMESTAMP with its message id, and the dashboard calls it verified only against the
 * key the report names and its own entry. A legacy report's reply key confirmation verifies only
 * for its case and a current caseworker. Stock GnuPG reads both signatures.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CaseMessageError,
  decryptFollowUp,
  decryptReply,
  deriveReplyKeyPassphrase,
  encryptForDirectory,
  encryptReport,
  encryptSignedFollowUp,
  encryptSignedReply,
  generateReplyKey,
  signReplyKeyConfirmation,
  unlockReplyKey,
  verifyReplyKeyConfirmation,
  createMessageId,
  storedMessageId,
  type GeneratedKeyPair,
  type ProtectedCaseworkerKey,
  type UnlockedCaseworkerKey,
  type ThreadEntryRef,
  type UnlockedReplyKey,
  type VerifiedDirectory,
} from '../../client/crypto';
import { REPORTER_TIMESTAMP } from '../../client/crypto/config';
import { plantedMessageForKeys, replantedSignedMessage } from '../helpers/forge';
import { generateUnlockedCaseworkerKeys } from '../helpers/keys';
import { useGnuPG, withPassphrase } from '../helpers/gnupg';
import { decryptWithStatus } from '../helpers/gnupg-status';
import { dayFromNow, directoryOfKeys } from '../helpers/test-directory';
import { refusalOf } from '../helpers/refusals';

const KEY_PASSPHRASE = 'TEST ONLY reply path key passphrase';
const RECEIPT = 'TEST-ONLY-0000-1111-2222-3333-4444-5555';
const CASE_ID = 'c'.repeat(32);
const REPORTER_SECONDS = String(REPORTER_TIMESTAMP.getTime() / 1000);

/** A fresh message id and the thread entry the server stores it as, in CASE_ID. */
async function freshEntry(): Promise<{ messageId: string; entry: ThreadEntryRef }> {
  const messageId = createMessageId();
  return {
    messageId,
    entry: { caseId: CASE_ID, entryId: await storedMessageId(CASE_ID, messageId) },
  };
}

const refusal = async (promise: Promise<unknown>): Promise<string> =>
  (await refusalOf(promise, [CaseMessageError])).code;

describe('the signed reply path', () => {
  let amina: ProtectedCaseworkerKey;
  let bekzat: ProtectedCaseworkerKey;
  let aminaKey: UnlockedCaseworkerKey;
  let bekzatKey: UnlockedCaseworkerKey;
  let reply: GeneratedKeyPair;
  let other: GeneratedKeyPair;
  let replyKey: UnlockedReplyKey;
  let otherKey: UnlockedReplyKey;
  let directory: VerifiedDirectory;
  const { gpg, scratch } = useGnuPG('amanat-reply-path-');

  beforeAll(async () => {
    ({
      keys: [amina, bekzat],
      unlocked: [aminaKey, bekzatKey],
    } = await generateUnlockedCaseworkerKeys(2, KEY_PASSPHRASE));
    const passphrase = await deriveReplyKeyPassphrase(RECEIPT);
    [reply, other] = await Promise.all([
      generateReplyKey(passphrase),
      generateReplyKey(passphrase),
    ]);
    [replyKey, otherKey] = await Promise.all([
      unlockReplyKey(reply.armoredSecretKey, passphrase),
      unlockReplyKey(other.armoredSecretKey, passphrase),
    ]);
    directory = directoryOfKeys([amina, bekzat]);
  });

  /** `text` as the dashboard sends it to this report's reply key, signed by `signer`, for a new thread entry. */
  async function signedReply(text: string, signer: UnlockedCaseworkerKey) {
    const { messageId, entry } = await freshEntry();
    const message = await encryptSignedReply(
      text,
      directory,
      reply.armoredPublicKey,
      reply.fingerprint,
      signer,
      messageId,
    );
    return { message, messageId, entry };
  }

  describe('caseworker replies', () => {
    test('when a caseworker signs a reply then the reporter reads it and it names the caseworker', async () => {
      const text = 'TEST ONLY: a lawyer will call you. ياردەم';
      const { message, entry } = await signedReply(text, aminaKey);
      expect(await decryptReply(message, replyKey, directory, entry)).toEqual({
        text,
        signer: { fingerprint: amina.fingerprint, retired: false, signedOn: dayFromNow(0) },
      });
    });

    test('when the signer was retired after signing then the reply still verifies, as a former caseworker’s on the day of its signature', async () => {
      const { message, entry } = await signedReply('TEST ONLY from before', bekzatKey);
      const signedOn = dayFromNow(0);
      // Retired at the end of the day it signed, or any later day.
      for (const retiredOn of [signedOn, dayFromNow(30)]) {
        const later = directoryOfKeys([amina], [bekzat], retiredOn);
        expect((await decryptReply(message, replyKey, later, entry)).signer).toEqual({
          fingerprint: bekzat.fingerprint,
          retired: true,
          signedOn,
        });
      }
      // A key in neither list verifies nothing.
      expect(
        (await decryptReply(message, replyKey, directoryOfKeys([amina]), entry)).signer,
      ).toBeNull();
    });

    test('when a retired key signs after the day it was retired, or its day is unknown, then the reply has no signer', async () => {
      const retiredYesterday = directoryOfKeys([amina], [bekzat], dayFromNow(-1));
      // Whoever holds the offboarded key now writes "as" a former caseworker.
      const { message, entry } = await signedReply(
        'TEST ONLY: come to the consulate on Monday',
        bekzatKey,
      );
      const read = await decryptReply(message, replyKey, retiredYesterday, entry);
      expect(read.text).toBe('TEST ONLY: come to the consulate on Monday');
      expect(read.signer).toBeNull();
      // A retired entry that does not name its day verifies nothing at all.
      const noDay = directoryOfKeys([amina], [bekzat], null);
      expect((await decryptReply(message, replyKey, noDay, entry)).signer).toBeNull();
    });

    test('when a genuine reply is copied into another thread entry then it has no signer there', async () => {
      const { message, entry } = await signedReply(
        'TEST ONLY: meet our lawyer on Monday',
        aminaKey,
      );
      expect((await decryptReply(message, replyKey, directory, entry)).signer).not.toBeNull();
      const copy = await freshEntry();
      const copied = await decryptReply(message, replyKey, directory, copy.entry);
      expect(copied.text).toBe('TEST ONLY: meet our lawyer on Monday');
      expect(copied.signer).toBeNull();
    });

    test.each([
      ['unsigned', false],
      ['signed by a stranger', true],
    ])('when a database writer plants a reply %s then it has no signer', async (_name, signed) => {
      const planted = await plantedMessageForKeys(
        'TEST ONLY: come to the consulate on Monday',
        [reply.armoredPublicKey, amina.armoredPublicKey],
        { signed },
      );
      const read = await decryptReply(planted, replyKey, directory, (await freshEntry()).entry);
      expect(read.text).toBe('TEST ONLY: come to the consulate on Monday');
      expect(read.signer).toBeNull();
    });

    test('when a genuine reply to one report is re-encrypted to another reply key then it has no signer there', async () => {
      const { messageId, entry } = await freshEntry();
      const genuine = await encryptSignedReply(
        'TEST ONLY: please send us your address',
        directory,
        other.armoredPublicKey,
        other.fingerprint,
        aminaKey,
        messageId,
      );
      expect((await decryptReply(genuine, otherKey, directory, entry)).signer).not.toBeNull();
      const replanted = await replantedSignedMessage(
        genuine,
        other.armoredSecretKey,
        await deriveReplyKeyPassphrase(RECEIPT),
        [reply.armoredPublicKey, amina.armoredPublicKey],
      );
      // Even served as an entry stored under the same message id.
      const read = await decryptReply(replanted, replyKey, directory, entry);
      expect(read.text).toBe('TEST ONLY: please send us your address');
      expect(read.signer).toBeNull();
    });

    test('when the stored reply key is not the one the report names then nothing is encrypted', async () => {
      expect(
        await refusal(
          encryptSignedReply(
            'TEST ONLY',
            directory,
            other.armoredPublicKey,
            reply.fingerprint,
            aminaKey,
            createMessageId(),
          ),
        ),
      ).toBe('reply_key_mismatch');
      expect(
        await refusal(
          encryptSignedReply(
            'TEST ONLY',
            directory,
            reply.armoredPublicKey,
            null,
            aminaKey,
            createMessageId(),
          ),
        ),
      ).toBe('reply_key_unconfirmed');
    });

    test('when the caseworker key is not in the directory then nothing is encrypted', async () => {
      expect(
        await refusal(
          encryptSignedReply(
            'TEST ONLY',
            directoryOfKeys([amina]),
            reply.armoredPublicKey,
            reply.fingerprint,
            bekzatKey,
            createMessageId(),
          ),
        ),
      ).toBe('signer_not_in_directory');
    });

    test('when GnuPG decrypts a reply with the reply key then it shows a good signature by the caseworker key', async () => {
      const { message, messageId } = await signedReply('TEST ONLY offline', aminaKey);
      const path = join(scratch, 'reply.gpg');
      writeFileSync(path, message);
      const passphrase = await deriveReplyKeyPassphrase(RECEIPT);
      gpg.importSecretKey(reply.armoredSecretKey, passphrase);
      gpg.run(['--import'], amina.armoredPublicKey);
      const decrypted = decryptWithStatus(gpg, path, passphrase);
      expect(decrypted.status).toBe(0);
      expect(decrypted.stdout.toString('utf8')).toBe('TEST ONLY offline');
      expect(decrypted.stderr).toMatch(/\[GNUPG:\] GOODSIG [0-9A-F]{16} Amanat caseworker/);
      expect(decrypted.stderr).toContain(`[GNUPG:] VALIDSIG ${amina.fingerprint.toUpperCase()}`);
      expect(decrypted.stderr).toContain('[GNUPG:] NOTATION_NAME message-id@amanat');
      expect(decrypted.stderr).toContain(`[GNUPG:] NOTATION_DATA ${messageId}`);
    });
  });

  describe('reporter follow-ups', () => {
    const followUp = { schema: 'amanat-follow-up/v1', text: 'TEST ONLY more', attachments: [] };

    test('when the reporter signs a follow-up then the dashboard verifies it against the key the report names', async () => {
      const { messageId, entry } = await freshEntry();
      const message = await encryptSignedFollowUp(followUp, replyKey, directory, messageId);
      const read = await decryptFollowUp(
        aminaKey,
        message,
        reply.armoredPublicKey,
        reply.fingerprint,
        entry,
      );
      expect(JSON.parse(new TextDecoder().decode(read.plaintext))).toEqual(followUp);
      expect(read.verified).toBe(true);
      // The report names another key: the stored one proves nothing.
      expect(
        (await decryptFollowUp(aminaKey, message, reply.armoredPublicKey, other.fingerprint, entry))
          .verified,
      ).toBe(false);
      // A legacy report whose key nobody confirmed.
      expect(
        (await decryptFollowUp(aminaKey, message, reply.armoredPublicKey, null, entry)).verified,
      ).toBe(false);
      // The same follow-up copied into another entry.
      const copy = (await freshEntry()).entry;
      expect(
        (await decryptFollowUp(aminaKey, message, reply.armoredPublicKey, reply.fingerprint, copy))
          .verified,
      ).toBe(false);
    });

    test('when a follow-up is unsigned, signed by a stranger or by a swapped reply key then it is not verified', async () => {
      const unsigned = await encryptReport(followUp, directory);
      const stranger = await plantedMessageForKeys(
        JSON.stringify(followUp),
        [amina.armoredPublicKey],
        {
          signed: true,
        },
      );
      // The database writer swapped the stored reply key for their own and signed with it.
      const { messageId, entry } = await freshEntry();
      const swapped = await encryptSignedFollowUp(followUp, otherKey, directory, messageId);
      for (const [message, storedKey] of [
        [unsigned, reply.armoredPublicKey],
        [stranger, reply.armoredPublicKey],
        [swapped, other.armoredPublicKey],
      ] as const) {
        const read = await decryptFollowUp(aminaKey, message, storedKey, reply.fingerprint, entry);
        expect(JSON.parse(new TextDecoder().decode(read.plaintext))).toEqual(followUp);
        expect(read.verified).toBe(false);
      }
    });

    test('when GnuPG lists and decrypts a follow-up then its signature and literal data carry REPORTER_TIMESTAMP and the signature is good', async () => {
      const message = await encryptSignedFollowUp(followUp, replyKey, directory, createMessageId());
      const path = join(scratch, 'follow-up.asc');
      writeFileSync(path, message);
      gpg.importSecretKey(amina.protectedSecretKey, KEY_PASSPHRASE);
      gpg.run(['--import'], reply.armoredPublicKey);
      const listed = gpg
        .tryRun([...withPassphrase(KEY_PASSPHRASE), '--list-packets', path])
        .stdout.toString('utf8');
      expect(listed).toMatch(/:onepass_sig packet:/);
      expect(listed).toMatch(
        new RegExp(`:literal data packet:\\s+mode b \\(62\\), created ${REPORTER_SECONDS}`),
      );
      expect(listed).toMatch(
        new RegExp(`:signature packet:[^\\n]*\\n\\s+version 4, created ${REPORTER_SECONDS}`),
      );
      // No other time anywhere in the packets.
      expect([...listed.matchAll(/created (\d{10})/g)].map((match) => match[1])).toEqual([
        REPORTER_SECONDS,
        REPORTER_SECONDS,
      ]);
      expect(listed).toContain('(sig created 2025-01-01)');
      const decrypted = decryptWithStatus(gpg, path, KEY_PASSPHRASE);
      expect(decrypted.status).toBe(0);
      expect(JSON.parse(decrypted.stdout.toString('utf8'))).toEqual(followUp);
      expect(decrypted.stderr).toMatch(/\[GNUPG:\] GOODSIG [0-9A-F]{16} Amanat reply key/);
      expect(decrypted.stderr).toContain(`[GNUPG:] VALIDSIG ${reply.fingerprint.toUpperCase()}`);
    });
  });

  describe('legacy reply key confirmations', () => {
    test('when a caseworker confirms a reply key then it verifies for that case only, naming the signer', async () => {
      const signed = await signReplyKeyConfirmation(aminaKey, CASE_ID, reply.fingerprint);
      expect(await verifyReplyKeyConfirmation(signed, CASE_ID, directory)).toEqual({
        replyKeyFingerprint: reply.fingerprint,
        signer: {
          fingerprint: amina.fingerprint,
          retired: false,
          signedOn: dayFromNow(0),
          label: 'TEST ONLY',
        },
      });
      expect(await verifyReplyKeyConfirmation(signed, 'd'.repeat(32), directory)).toBeNull();
      // Signed by someone outside the directory.
      expect(
        await verifyReplyKeyConfirmation(signed, CASE_ID, directoryOfKeys([bekzat])),
      ).toBeNull();
      // Not a signed statement at all.
      expect(
        await verifyReplyKeyConfirmation(
          await encryptReport({ caseId: CASE_ID }, directory),
          CASE_ID,
          directory,
        ),
      ).toBeNull();
      expect(await verifyReplyKeyConfirmation('garbage', CASE_ID, directory)).toBeNull();
    });

    test('when the signer has been retired then the confirmation confirms nothing, whatever its day', async () => {
      const signed = await signReplyKeyConfirmation(bekzatKey, CASE_ID, reply.fingerprint);
      expect(await verifyReplyKeyConfirmation(signed, CASE_ID, directory)).not.toBeNull();
      // Retired long after it signed: still no confirmation.
      for (const retiredOn of [dayFromNow(0), dayFromNow(30), null]) {
        const later = directoryOfKeys([amina], [bekzat], retiredOn);
        expect(await verifyReplyKeyConfirmation(signed, CASE_ID, later)).toBeNull();
      }
    });
  });

  test('when the decrypted message is over its bound then decryptReply refuses it', async () => {
    const huge = await encryptForDirectory(new Uint8Array(800 * 1024), {
      ...directory,
      recipients: [
        ...directory.recipients,
        { fingerprint: reply.fingerprint, label: 'reply', publicKey: reply.armoredPublicKey },
      ],
    });
    await expect(
      decryptReply(huge, replyKey, directory, (await freshEntry()).entry),
    ).rejects.toMatchObject({
      code: 'plaintext_too_large',
    });
  });
});
