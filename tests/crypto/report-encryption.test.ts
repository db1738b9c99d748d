/** client/crypto round trips and failure modes: what the reporter's browser relies on. */
import {
  CryptoError,
  decryptMessage,
  deriveReplyKeyPassphrase,
  encryptForDirectory,
  prepareReportSubmission,
  replyKeyFingerprintOf,
  verifyRecipientDirectory,
  signRecipientDirectory,
  type VerifiedDirectory,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { dearmorMessage } from '../../server/platform/openpgp';
import { generateTestCaseworker, generateTestOrganisation, TEST_PASSPHRASE } from '../helpers/keys';

describe('report encryption in client/crypto', () => {
  let directory: VerifiedDirectory;
  let caseworker: Awaited<ReturnType<typeof generateTestCaseworker>>;
  beforeAll(async () => {
    const organisation = await generateTestOrganisation();
    caseworker = await generateTestCaseworker('crypto');
    const content = {
      type: 'amanat-recipient-directory',
      version: 1,
      issuedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      demo: false,
      recipients: [
        {
          fingerprint: caseworker.fingerprint,
          label: 'c',
          encryptionKeyIds: ['0000000000000000'],
          publicKey: caseworker.armoredPublicKey,
        },
      ],
    };
    const signed = await signRecipientDirectory(
      content,
      organisation.armoredSecretKey,
      TEST_PASSPHRASE,
    );
    directory = await verifyRecipientDirectory(
      signed,
      organisation.armoredPublicKey,
      organisation.fingerprint,
    );
  });

  test('when a report is prepared then the caseworker decrypts it and the receipt unlocks the reply key', async () => {
    const report = { whatHappened: 'TEST ONLY — ئۇيغۇرچە خەت' };
    const prepared = await prepareReportSubmission(report, directory);
    const plaintext = await decryptMessage(
      prepared.body.message,
      caseworker.armoredSecretKey,
      TEST_PASSPHRASE,
      MAX_PLAINTEXT_BYTES.report,
    );
    // The report as given, naming the reply key sent with it.
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual({
      ...report,
      replyKeyFingerprint: await replyKeyFingerprintOf(prepared.body.replyKey),
    });
    const replyPassphrase = await deriveReplyKeyPassphrase(prepared.receipt);
    const reply = await encryptForDirectory(new TextEncoder().encode('reply'), {
      ...directory,
      recipients: [{ fingerprint: 'reply', label: 'reply', publicKey: prepared.body.replyKey }],
    });
    expect(
      new TextDecoder().decode(
        await decryptMessage(
          reply,
          prepared.armoredReplySecretKey,
          replyPassphrase,
          MAX_PLAINTEXT_BYTES.report,
        ),
      ),
    ).toBe('reply');
  });

  test('when one byte of the ciphertext is flipped then decryption fails with a typed error, never partial data', async () => {
    const prepared = await prepareReportSubmission({ a: 1 }, directory);
    const bytes = Buffer.from(dearmorMessage(prepared.body.message));
    bytes[bytes.length - 5]! ^= 0x01;
    await expect(
      decryptMessage(
        bytes,
        caseworker.armoredSecretKey,
        TEST_PASSPHRASE,
        MAX_PLAINTEXT_BYTES.report,
      ),
    ).rejects.toMatchObject({
      code: 'decryption_failed',
    });
  });

  test('when the wrong passphrase or the wrong key is used then it fails with a typed error', async () => {
    const prepared = await prepareReportSubmission({ a: 1 }, directory);
    await expect(
      decryptMessage(
        prepared.body.message,
        caseworker.armoredSecretKey,
        'wrong',
        MAX_PLAINTEXT_BYTES.report,
      ),
    ).rejects.toMatchObject({
      code: 'wrong_passphrase',
    });
    const stranger = await generateTestCaseworker('stranger');
    const attempt = decryptMessage(
      prepared.body.message,
      stranger.armoredSecretKey,
      TEST_PASSPHRASE,
      MAX_PLAINTEXT_BYTES.report,
    );
    await expect(attempt).rejects.toBeInstanceOf(CryptoError);
    await expect(attempt).rejects.toMatchObject({ code: 'decryption_failed' });
  });
});
