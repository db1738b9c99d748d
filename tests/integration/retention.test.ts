/**
 * Retention: a case closed longer than the retention period (180 days by
 * default) is deleted with everything that belongs to it — report, thread, attachment parts,
 * reply key confirmation, triage record — unless it is on legal hold; the deletion is audited
 * without content.
 */
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, signInStaff, type EnrolledStaff } from '../helpers/staff';
import {
  replyKeyFingerprintOf,
  signReplyKeyConfirmation,
  unlockCaseworkerKey,
} from '../../client/crypto';
import { caseworkerWithVettedKey, type CaseworkerAtDesk } from '../helpers/caseworker-desk';
import { runRetention } from '../helpers/retention';
import { wholeCaseOf } from '../helpers/whole-case';

describe('retention of closed cases', () => {
  const t = useTestApp({ label: 'retention', caseworkers: 1 });
  let caseworker: EnrolledStaff;
  let desk: CaseworkerAtDesk;
  beforeAll(async () => {
    await t.publishDirectory();
    // With a key of her own in the directory: the server takes only her own signed confirmation.
    const admin = await enrolStaff(t, 'admin.retention', 'admin');
    desk = await caseworkerWithVettedKey({ t }, admin, 'pervin', 'TEST ONLY pervin key');
    caseworker = desk.staff;
  });

  /** A case with a follow-up, a note, a reply and an attachment part, then closed. */
  async function closedCase(options: { legalHold?: boolean } = {}): Promise<string> {
    // Months pass between cases: sign in afresh each time.
    const client = await signInStaff(t, caseworker);
    const { caseId, submission: built } = await wholeCaseOf(t, client);
    // A legacy report's reply key, confirmed by the caseworker: it goes with the case too.
    const fingerprint = await replyKeyFingerprintOf(built.body.replyKey);
    const confirmed = await client.post(`/api/cases/${caseId}/reply-key-confirmation`, {
      fingerprint,
      confirmation: await signReplyKeyConfirmation(
        await unlockCaseworkerKey(desk.key.protectedSecretKey, desk.passphrase),
        caseId,
        fingerprint,
      ),
    });
    expect(confirmed.status).toBe(201);
    const closed = await client.patch(`/api/cases/${caseId}`, {
      status: 'closed',
      outcome: 'resolved',
      ...(options.legalHold ? { legalHold: true } : {}),
    });
    expect(closed.status).toBe(200);
    return caseId;
  }

  async function collectionsMentioning(text: string): Promise<string[]> {
    const found: string[] = [];
    for (const { name } of await t.connection.db!.listCollections().toArray()) {
      const documents = await t.connection.db!.collection(name).find({}).toArray();
      if (JSON.stringify(documents).includes(text)) found.push(name);
    }
    return found;
  }

  /** Where every closed case above has something. */
  const WHOLE_CASE_COLLECTIONS = [
    'reports',
    'cases',
    'case_messages',
    'attachment_parts',
    'reply_key_confirmations',
  ];

  test('when a case was closed 181 days ago then the retention job removes it from every collection; one on legal hold and a recent one stay', async () => {
    const expired = await closedCase();
    const held = await closedCase({ legalHold: true });
    expect(await collectionsMentioning(expired)).toEqual(
      expect.arrayContaining(WHOLE_CASE_COLLECTIONS),
    );

    t.clock.advance(179 * 86_400_000);
    const recent = await closedCase();
    expect(await runRetention(t)).toEqual({ deleted: 0 });

    t.clock.advance(2 * 86_400_000); // `expired` and `held` were closed 181 days ago
    expect(await runRetention(t)).toEqual({ deleted: 1 });
    expect(await collectionsMentioning(expired)).toEqual([]);
    expect(await collectionsMentioning(held)).toEqual(
      expect.arrayContaining(WHOLE_CASE_COLLECTIONS),
    );
    expect(await collectionsMentioning(recent)).toContain('reports');
    const client = await signInStaff(t, caseworker);
    expect((await client.get(`/api/cases/${expired}`)).status).toBe(404);

    const deletion = await t.connection
      .db!.collection('audit_log')
      .findOne({ event: 'case.deleted' });
    expect(deletion).toMatchObject({
      actor: 'retention',
      details: { closedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    expect(Object.keys(deletion!['details'] as object).sort()).toEqual([
      'case',
      'closedOn',
      'reason',
    ]);
    // Running again deletes nothing and records nothing.
    expect(await runRetention(t)).toEqual({ deleted: 0 });
    expect(
      await t.connection.db!.collection('audit_log').countDocuments({ event: 'case.deleted' }),
    ).toBe(1);
  });
});
