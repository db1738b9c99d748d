/**
 * POST /api/cases/:caseId/reply-key-confirmation: a caseworker confirms, once, the reply key of a
 * report sent before reports named it (the dashboard flow: tests/e2e/legacy-reply-key-confirmed-
 * once.test.ts). Stored per case with the signed statement, served in the case detail, audited
 * once however often it is sent; a key other than the stored one, or a second key, is refused and
 * nothing changes.
 */
import {
  generateReplyKey,
  replyKeyFingerprintOf,
  signReplyKeyConfirmation,
  unlockCaseworkerKey,
  verifyReplyKeyConfirmation,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import { caseworkerWithVettedKey } from '../helpers/caseworker-desk';
import { storedDocumentsOf } from '../helpers/database';
import { buildSubmission } from '../helpers/reports';
import { legacyCaseOf } from '../helpers/legacy-case';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('confirming a legacy report’s reply key', () => {
  const t = useTestApp({ label: 'reply-key-confirmation', caseworkers: 1 });
  let caseworker: EnrolledStaff;
  let caseworkerKey: UnlockedCaseworkerKey;
  let caseworkerFingerprint: string;
  beforeAll(async () => {
    // The server takes a confirmation only from the holder of the signing key, vetted and listed.
    const admin = await enrolStaff(t, 'admin.confirmation', 'admin');
    const passphrase = 'TEST ONLY nurgul key passphrase';
    const desk = await caseworkerWithVettedKey({ t }, admin, 'nurgul', passphrase);
    caseworker = desk.staff;
    caseworkerFingerprint = desk.key.fingerprint;
    caseworkerKey = await unlockCaseworkerKey(desk.key.protectedSecretKey, passphrase);
  });

  const legacyCase = () => legacyCaseOf(t);
  /** As the dashboard sends it, after the re-authentication the route asks for. */
  const post = async (caseId: string, body: object) => {
    await reauthenticate(t, caseworker.client, caseworker);
    return await caseworker.client.post(`/api/cases/${caseId}/reply-key-confirmation`, body);
  };
  const confirm = async (caseId: string, fingerprint: string) =>
    await post(caseId, {
      fingerprint,
      confirmation: await signReplyKeyConfirmation(caseworkerKey, caseId, fingerprint),
    });
  /** What a confirmation may change: the confirmations, the reports, the audit log. */
  const storedData = async (): Promise<string> =>
    await storedDocumentsOf(t.connection, ['reply_key_confirmations', 'reports', 'audit_log']);
  const confirmationsInHistory = async (caseId: string) =>
    (
      (await caseworker.client.get(`/api/cases/${caseId}`)).body.history as { event: string }[]
    ).filter((entry) => entry.event === 'case.reply_key_confirmed').length;

  test('when a caseworker confirms the stored key then every caseworker gets it with the case, audited once however often it is sent', async () => {
    const { caseId, fingerprint } = await legacyCase();
    expect((await caseworker.client.get(`/api/cases/${caseId}`)).body.replyKeyConfirmation).toBe(
      null,
    );
    const confirmation = await signReplyKeyConfirmation(caseworkerKey, caseId, fingerprint);
    const first = await post(caseId, { fingerprint, confirmation });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      replyKeyConfirmation: { fingerprint, confirmedOn: t.clock.now().toISOString().slice(0, 10) },
    });
    const again = await post(caseId, { fingerprint: fingerprint.toUpperCase(), confirmation });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await confirmationsInHistory(caseId)).toBe(1);

    const another = await enrolStaff(t, 'bekzat');
    const detail = (await another.client.get(`/api/cases/${caseId}`)).body as {
      replyKeyConfirmation: { fingerprint: string; confirmation: string; confirmedBy: string };
    };
    expect(detail.replyKeyConfirmation).toMatchObject({ fingerprint, confirmedBy: 'nurgul' });
    // What the dashboards check: the caseworker's signature, for this case and this key.
    expect(
      await verifyReplyKeyConfirmation(
        detail.replyKeyConfirmation.confirmation,
        caseId,
        t.directory,
      ),
    ).toMatchObject({
      replyKeyFingerprint: fingerprint,
      signer: { fingerprint: caseworkerFingerprint, retired: false },
    });
  });

  test('when the fingerprint is not the stored key, or another key was confirmed, then it is refused and nothing changes', async () => {
    const { caseId, fingerprint } = await legacyCase();
    const other = await replyKeyFingerprintOf(
      (await generateReplyKey('TEST ONLY another key')).armoredPublicKey,
    );
    const confirmation = await signReplyKeyConfirmation(caseworkerKey, caseId, other);
    // Re-authenticated first: its own audit entry is not part of what the refusal may change.
    await reauthenticate(t, caseworker.client, caseworker);
    const before = await storedData();
    const changed = await caseworker.client.post(`/api/cases/${caseId}/reply-key-confirmation`, {
      fingerprint: other,
      confirmation,
    });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('reply_key_changed');
    expect(await storedData()).toBe(before);

    expect((await confirm(caseId, fingerprint)).status).toBe(201);
    // The stored key changes afterwards (a database writer): it cannot be confirmed over it.
    const { body: swapped } = await buildSubmission(t.directory, { ownReplyKey: true });
    await t.connection
      .db!.collection('reports')
      .updateOne({ _id: caseId as never }, { $set: { replyKey: swapped.replyKey } });
    const second = await confirm(caseId, await replyKeyFingerprintOf(swapped.replyKey));
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('reply_key_already_confirmed');
    expect(
      (await caseworker.client.get(`/api/cases/${caseId}`)).body.replyKeyConfirmation,
    ).toMatchObject({ fingerprint });
    expect(await confirmationsInHistory(caseId)).toBe(1);
  });

  test.each([
    ['not a fingerprint', { fingerprint: 'abc', confirmation: '-----BEGIN PGP MESSAGE-----\n' }],
    ['not an armored message', { fingerprint: 'a'.repeat(40), confirmation: 'I confirm' }],
    [
      'an unknown field',
      {
        fingerprint: 'a'.repeat(40),
        confirmation: '-----BEGIN PGP MESSAGE-----\n',
        confirmedBy: 'someone else',
      },
    ],
    [
      'an oversized statement',
      {
        fingerprint: 'a'.repeat(40),
        confirmation: `-----BEGIN PGP MESSAGE-----\n${'A'.repeat(17 * 1024)}`,
      },
    ],
  ])('when the body has %s then it is refused with 400', async (_name, body) => {
    const { caseId } = await legacyCase();
    const response = await post(caseId, body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_request');
  });
});
