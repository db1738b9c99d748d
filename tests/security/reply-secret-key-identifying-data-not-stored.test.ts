/**
 * Attack or careless client: identifying data carried in the reply secret key, which is stored
 * with the report in plaintext (its secret parts stay passphrase-protected, the rest does not).
 * Armor headers (`Comment: Dilnur's laptop`, a tool's `Version:`) and a second user id naming the
 * reporter would be kept as sent. Defence (server/features/intake/intake.service.ts and
 * server/platform/openpgp/protected-secret-keys.ts): the secret key is stored re-armored from its
 * packets, so armor headers are dropped, and it must carry exactly the one user id
 * "Amanat reply key", like the public key; GnuPG still imports what is stored.
 */
import request from 'supertest';
import {
  deriveReplyKeyPassphrase,
  prepareReportSubmission,
  type ReportSubmissionBody,
} from '../../client/crypto';
import { REPORTER_TIMESTAMP } from '../../client/crypto/config';
import { timedReplyKeys } from '../helpers/forge';
import { GnuPG } from '../helpers/gnupg';
import { expectRefusedAndNothingStored } from '../helpers/refusals';
import { useTestApp } from '../helpers/use-test-app';

const IDENTIFYING = 'Dilnur Tursun laptop';

/** Armor headers after the BEGIN line, as some tools write them. */
function withArmorHeaders(armored: string): string {
  return armored.replace(
    '-----BEGIN PGP PRIVATE KEY BLOCK-----\n',
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2.2.40 (${IDENTIFYING})\nComment: ${IDENTIFYING}\n`,
  );
}

describe('identifying data in the reply secret key is not stored', () => {
  const t = useTestApp({ label: 'sec-replysecret', caseworkers: 1 });

  async function storedReplySecretKey(body: ReportSubmissionBody): Promise<string> {
    const response = await request(t.app).post('/api/reports').send(body);
    expect(response.status).toBe(201);
    const stored = await t.connection
      .db!.collection('reports')
      .findOne({ _id: response.body.caseId });
    return stored!['replySecretKey'] as string;
  }

  test('when the secret key carries armor headers then it is stored re-armored without them, and GnuPG imports it', async () => {
    const prepared = await prepareReportSubmission({ whatHappened: 'TEST ONLY' }, t.directory);
    const sent = withArmorHeaders(prepared.armoredReplySecretKey);
    expect(sent).toContain(IDENTIFYING); // the headers are really there

    const stored = await storedReplySecretKey({ ...prepared.body, replySecretKey: sent });
    expect(stored).not.toContain(IDENTIFYING);
    expect(stored).not.toMatch(/^(Version|Comment):/m);
    // The same packets as the browser made, re-armored: nothing added, nothing lost.
    expect(stored).toBe(prepared.armoredReplySecretKey);
    const gnupg = new GnuPG();
    try {
      gnupg.importSecretKey(stored, await deriveReplyKeyPassphrase(prepared.receipt));
      expect(gnupg.fingerprintOf('Amanat reply key')).toEqual(expect.any(String));
    } finally {
      gnupg.dispose();
    }
  });

  test('when the secret key carries a second user id naming the reporter then it is refused and nothing is stored', async () => {
    const prepared = await prepareReportSubmission({ whatHappened: 'TEST ONLY' }, t.directory);
    // Same key packets (same fingerprint), signed at the reporter time: only the user ids differ.
    const { privateKey: withSecondUserId } = await timedReplyKeys.resign(
      prepared.armoredReplySecretKey,
      await deriveReplyKeyPassphrase(prepared.receipt),
      REPORTER_TIMESTAMP,
      [{ name: 'Amanat reply key' }, { name: IDENTIFYING, email: 'dilnur@example.org' }],
    );
    const error = await expectRefusedAndNothingStored(
      t,
      { ...prepared.body, replySecretKey: withSecondUserId },
      { status: 422, code: 'reply_secret_key_invalid' },
    );
    expect(error.message).toBe(
      'The reply secret key must carry exactly one user id, "Amanat reply key": any other could identify the reporter.',
    );
  });
});
