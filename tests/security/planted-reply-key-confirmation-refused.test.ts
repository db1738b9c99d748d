/**
 * Attack: blocking a legacy case's replies for good by planting a reply-key confirmation. A case
 * takes one confirmation, ever; whatever is stored first decides it. With a stolen staff cookie,
 * or as an admin without a key, an attacker sends a statement no dashboard can verify (junk, a
 * stranger's signature, a colleague's signature, another case's statement), and no caseworker
 * could ever confirm the case again. Defence (server/features/casework/reply-key-confirmations.
 * service.ts): the server verifies before it stores — exactly one valid signature, by the
 * sender's own key, active and in the current directory, over a statement naming this case and
 * its stored reply key — and asks for a fresh re-authentication. Every refusal leaves nothing
 * stored and no history entry, and the case can still be confirmed by its caseworker.
 */
import {
  generateCaseworkerKey,
  generateReplyKey,
  replyKeyFingerprintOf,
  signReplyKeyConfirmation,
  unlockCaseworkerKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import { REPLY_KEY_CONFIRMATION_TYPE } from '../../contract/vocabulary';
import { caseworkerWithVettedKey, type CaseworkerAtDesk } from '../helpers/caseworker-desk';
import {
  armorBytes,
  literalMessage,
  signedAlsoByStranger,
  signedMessage,
  withReplacedSignedText,
} from '../helpers/forge';
import { legacyCaseOf } from '../helpers/legacy-case';
import { enrolStaff, reauthenticate, uploadOwnKey, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const JUNK = '-----BEGIN PGP MESSAGE-----\n\nTEST ONLY\n-----END PGP MESSAGE-----\n';

describe('a reply-key confirmation is verified before it is stored', () => {
  const t = useTestApp({ label: 'sec-planted-confirmation', caseworkers: 1 });
  let admin: EnrolledStaff;
  let bekzat: CaseworkerAtDesk;
  let bekzatKey: UnlockedCaseworkerKey;
  let amina: CaseworkerAtDesk;
  let aminaKey: UnlockedCaseworkerKey;
  beforeAll(async () => {
    admin = await enrolStaff(t, 'admin.planted', 'admin');
    bekzat = await caseworkerWithVettedKey({ t }, admin, 'caseworker.bekzat', 'TEST ONLY bekzat');
    amina = await caseworkerWithVettedKey({ t }, admin, 'caseworker.amina', 'TEST ONLY amina');
    bekzatKey = await unlockCaseworkerKey(bekzat.key.protectedSecretKey, bekzat.passphrase);
    aminaKey = await unlockCaseworkerKey(amina.key.protectedSecretKey, amina.passphrase);
  });

  const legacyCase = () => legacyCaseOf(t);
  const confirm = async (
    staff: EnrolledStaff,
    caseId: string,
    fingerprint: string,
    confirmation: string,
  ) => {
    await reauthenticate(t, staff.client, staff);
    return await staff.client.post(`/api/cases/${caseId}/reply-key-confirmation`, {
      fingerprint,
      confirmation,
    });
  };
  /** What a refused confirmation must not leave: a stored confirmation or a history entry. */
  const confirmationState = async () => ({
    stored: await t.connection.db!.collection('reply_key_confirmations').find({}).toArray(),
    history: await t.connection
      .db!.collection('audit_log')
      .find({ event: 'case.reply_key_confirmed' })
      .toArray(),
  });
  const statement = (caseId: string, replyKeyFingerprint: string) =>
    JSON.stringify({ type: REPLY_KEY_CONFIRMATION_TYPE, caseId, replyKeyFingerprint });

  test('when staff without a key of their own in the current directory send a confirmation, even a genuine one, then it is refused and the caseworker can still confirm', async () => {
    const { caseId, fingerprint } = await legacyCase();
    // An admin with no key: a stolen admin cookie, or a rogue admin.
    const before = await confirmationState();
    const junk = await confirm(admin, caseId, fingerprint, JUNK);
    const borrowed = await confirm(
      admin,
      caseId,
      fingerprint,
      await signReplyKeyConfirmation(bekzatKey, caseId, fingerprint),
    );
    // A caseworker whose key is vetted but not yet in a published directory: nobody could verify it.
    const carol = await enrolStaff(t, 'caseworker.carol');
    const carolKey = await generateCaseworkerKey('TEST ONLY carol');
    await reauthenticate(t, carol.client, carol);
    expect((await uploadOwnKey(carol.client, carolKey)).status).toBe(201);
    await reauthenticate(t, admin.client, admin);
    expect((await admin.client.post(`/api/admin/keys/${carolKey.fingerprint}/vet`)).status).toBe(
      200,
    );
    const unpublished = await confirm(
      carol,
      caseId,
      fingerprint,
      await signReplyKeyConfirmation(
        await unlockCaseworkerKey(carolKey.protectedSecretKey, 'TEST ONLY carol'),
        caseId,
        fingerprint,
      ),
    );
    expect(
      [junk, borrowed, unpublished].map((response) => [response.status, response.body.error?.code]),
    ).toEqual([
      [403, 'confirmation_key_required'],
      [403, 'confirmation_key_required'],
      [403, 'confirmation_key_required'],
    ]);
    expect(await confirmationState()).toEqual(before);

    const genuine = await confirm(
      bekzat.staff,
      caseId,
      fingerprint,
      await signReplyKeyConfirmation(bekzatKey, caseId, fingerprint),
    );
    expect(genuine.status).toBe(201);
  });

  test('when a caseworker sends anything but their own single signature over this case and its reply key then it is refused and nothing is stored', async () => {
    const { caseId, fingerprint } = await legacyCase();
    const other = await legacyCase();
    const otherKey = await replyKeyFingerprintOf(
      (await generateReplyKey('TEST ONLY another key')).armoredPublicKey,
    );
    const own = await signReplyKeyConfirmation(bekzatKey, caseId, fingerprint);
    const attempts: [string, string][] = [
      ['junk in armor', JUNK],
      ['an unsigned statement', armorBytes(await literalMessage(statement(caseId, fingerprint)))],
      ["a stranger's signature", armorBytes(await signedMessage(statement(caseId, fingerprint)))],
      [
        "a colleague's genuine signature",
        await signReplyKeyConfirmation(aminaKey, caseId, fingerprint),
      ],
      [
        'their own statement for another case',
        await signReplyKeyConfirmation(bekzatKey, other.caseId, other.fingerprint),
      ],
      [
        'their own statement naming another key',
        await signReplyKeyConfirmation(bekzatKey, caseId, otherKey),
      ],
      [
        'their own signature over changed text',
        await withReplacedSignedText(own, (text) => text.replace(caseId, other.caseId)),
      ],
      [
        'their own signature and a second one',
        await signedAlsoByStranger(
          statement(caseId, fingerprint),
          bekzat.key.protectedSecretKey,
          bekzat.passphrase,
        ),
      ],
      [
        'their own signature over other text',
        await withReplacedSignedText(own, () => 'TEST ONLY I confirm nothing'),
      ],
    ];
    const before = await confirmationState();
    const answers: string[] = [];
    for (const [name, confirmation] of attempts) {
      const response = await confirm(bekzat.staff, caseId, fingerprint, confirmation);
      answers.push(`${name}: ${response.status} ${response.body.error?.code}`);
    }
    expect(answers).toEqual(attempts.map(([name]) => `${name}: 422 confirmation_invalid`));
    expect(await confirmationState()).toEqual(before);

    expect((await confirm(bekzat.staff, caseId, fingerprint, own)).status).toBe(201);
  });

  test('when a confirmation is stored then only the very same statement is a replay; another one, even valid, is refused and the stored one stays', async () => {
    const { caseId, fingerprint } = await legacyCase();
    const own = await signReplyKeyConfirmation(bekzatKey, caseId, fingerprint);
    expect((await confirm(bekzat.staff, caseId, fingerprint, own)).status).toBe(201);
    const again = await confirm(bekzat.staff, caseId, fingerprint, own);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');

    const before = await confirmationState();
    const colleague = await confirm(
      amina.staff,
      caseId,
      fingerprint,
      await signReplyKeyConfirmation(aminaKey, caseId, fingerprint),
    );
    expect([colleague.status, colleague.body.error?.code]).toEqual([
      409,
      'reply_key_confirmation_exists',
    ]);
    expect(await confirmationState()).toEqual(before);
    expect(
      before.stored.find((document) => String(document._id) === caseId)?.['confirmation'],
    ).toBe(own);
  });

  test('when the sender has not re-authenticated recently then it is refused before anything is read', async () => {
    const { caseId, fingerprint } = await legacyCase();
    t.clock.advance(10 * 60_000);
    const before = await confirmationState();
    const response = await bekzat.staff.client.post(`/api/cases/${caseId}/reply-key-confirmation`, {
      fingerprint,
      confirmation: await signReplyKeyConfirmation(bekzatKey, caseId, fingerprint),
    });
    expect([response.status, response.body.error?.code]).toEqual([403, 'reauth_required']);
    expect(await confirmationState()).toEqual(before);
  });
});
