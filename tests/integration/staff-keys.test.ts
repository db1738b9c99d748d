/**
 * Caseworker keys from the browser: upload of the public key and the
 * passphrase-protected secret key, pending until an admin vets it and signs a directory,
 * re-protection with a new passphrase, and the rules around it.
 */
import {
  decryptWithCaseworkerKey,
  generateCaseworkerKey,
  reprotectCaseworkerKey,
  unlockCaseworkerKey,
  MAX_PLAINTEXT_BYTES,
} from '../../client/crypto';
import { hostileKeys } from '../helpers/forge';
import { buildSubmission } from '../helpers/reports';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, reauthenticate, uploadOwnKey, type EnrolledStaff } from '../helpers/staff';

const KEY_PASSPHRASE = 'my separate key passphrase';

describe('caseworker keys from the browser', () => {
  const t = useTestApp({ label: 'staff-keys', caseworkers: 1 });
  let caseworker: EnrolledStaff;
  let admin: EnrolledStaff;
  beforeAll(async () => {
    await t.publishDirectory();
    caseworker = await enrolStaff(t, 'aygul');
    admin = await enrolStaff(t, 'boss', 'admin');
  });

  /** A new key the caseworker uploads is refused with `status` and `code`. */
  async function expectNewKeyRefused(status: number, code: string): Promise<void> {
    const key = await generateCaseworkerKey(KEY_PASSPHRASE);
    const response = await uploadOwnKey(caseworker.client, key);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
  }

  test('when no key was uploaded then the caseworker sees none', async () => {
    const response = await caseworker.client.get('/api/me/key');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ key: null });
  });

  test('when a key is uploaded without a fresh re-authentication then it is refused', async () => {
    t.clock.advance(6 * 60_000); // the sign-in's own re-auth has aged out
    await expectNewKeyRefused(403, 'reauth_required');
  });

  test('when the secret key is unprotected or belongs to another key then it is refused and nothing is stored', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    const unprotected = await hostileKeys.unprotectedPair();
    const first = await caseworker.client.put('/api/me/key', {
      armoredPublicKey: unprotected.publicKey,
      protectedSecretKey: unprotected.secretKey,
    });
    expect(first.status).toBe(422);
    const [a, b] = [
      await generateCaseworkerKey(KEY_PASSPHRASE),
      await generateCaseworkerKey(KEY_PASSPHRASE),
    ];
    const second = await caseworker.client.put('/api/me/key', {
      armoredPublicKey: a.armoredPublicKey,
      protectedSecretKey: b.protectedSecretKey,
    });
    expect(second.status).toBe(422);
    expect(second.body.error.code).toBe('key_invalid');
    expect((await caseworker.client.get('/api/me/key')).body).toEqual({ key: null });
  });

  let uploaded: Awaited<ReturnType<typeof generateCaseworkerKey>>;
  test('when a key is uploaded then it is pending, not in the directory, and shown to admins as pending', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    uploaded = await generateCaseworkerKey(KEY_PASSPHRASE);
    const response = await uploadOwnKey(caseworker.client, uploaded);
    expect(response.status).toBe(201);
    expect(response.body.key).toMatchObject({
      fingerprint: uploaded.fingerprint,
      status: 'pending',
    });
    const directory = await t.publishDirectory();
    expect(directory.recipients.map((r) => r.fingerprint)).not.toContain(uploaded.fingerprint);
    const listed = await admin.client.get('/api/admin/keys');
    expect(listed.body.keys).toContainEqual(
      expect.objectContaining({
        fingerprint: uploaded.fingerprint,
        status: 'pending',
        owner: 'aygul',
      }),
    );
  });

  test('when a caseworker tries to vet keys then it is refused: only admins vet', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    const response = await caseworker.client.post(`/api/admin/keys/${uploaded.fingerprint}/vet`);
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('role_forbidden');
  });

  test('when an admin vets the key and signs a directory then reports are encrypted to it and it decrypts them', async () => {
    await reauthenticate(t, admin.client, admin);
    const vetted = await admin.client.post(`/api/admin/keys/${uploaded.fingerprint}/vet`);
    expect(vetted.status).toBe(200);
    expect(vetted.body.key.status).toBe('active');
    const directory = await t.publishDirectory();
    expect(directory.recipients.map((r) => r.fingerprint)).toContain(uploaded.fingerprint);

    const { body, report } = await buildSubmission(directory);
    const stored = await t.caseworkerKeys.listActiveKeys();
    expect(stored.map((key) => key.fingerprint)).toContain(uploaded.fingerprint);
    // The caseworker's browser: fetch the protected key, unlock it, decrypt.
    const mine = (await caseworker.client.get('/api/me/key/secret')).body;
    const unlocked = await unlockCaseworkerKey(
      mine.protectedSecretKey,
      KEY_PASSPHRASE,
      mine.fingerprint,
    );
    const plaintext = await decryptWithCaseworkerKey(
      unlocked,
      body.message,
      MAX_PLAINTEXT_BYTES.report,
    );
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toMatchObject(report);
  });

  test('when a vetted key exists then uploading another is refused', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    await expectNewKeyRefused(409, 'key_exists');
  });

  test('when the key passphrase is changed then the stored secret key is re-protected: same key, new passphrase only', async () => {
    await reauthenticate(t, caseworker.client, caseworker);
    const mine = (await caseworker.client.get('/api/me/key/secret')).body;
    const reprotected = await reprotectCaseworkerKey(
      mine.protectedSecretKey,
      KEY_PASSPHRASE,
      'a brand new key passphrase',
      mine.fingerprint,
    );
    const response = await caseworker.client.put('/api/me/key/protection', {
      protectedSecretKey: reprotected.protectedSecretKey,
    });
    expect(response.status).toBe(200);
    const after = (await caseworker.client.get('/api/me/key/secret')).body;
    expect(after.fingerprint).toBe(mine.fingerprint);
    expect(after.protectedSecretKey).toBe(reprotected.protectedSecretKey);
    await expect(unlockCaseworkerKey(after.protectedSecretKey, KEY_PASSPHRASE)).rejects.toThrow();
    await expect(
      unlockCaseworkerKey(after.protectedSecretKey, 'a brand new key passphrase'),
    ).resolves.toBeDefined();
    // Another key's secret half cannot be slipped in as a "re-protection".
    const stranger = await generateCaseworkerKey(KEY_PASSPHRASE);
    const swapped = await caseworker.client.put('/api/me/key/protection', {
      protectedSecretKey: stranger.protectedSecretKey,
    });
    expect(swapped.status).toBe(422);
  });

  test('analysts hold no keys', async () => {
    const analyst = await enrolStaff(t, 'cemile', 'analyst');
    const response = await analyst.client.get('/api/me/key');
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('role_forbidden');
  });

  test('key events are in the audit log with their actors', async () => {
    const events = await t.connection
      .db!.collection('audit_log')
      .find({ event: /^caseworker_key\./ })
      .toArray();
    expect(events.map((entry) => entry['event'])).toEqual(
      expect.arrayContaining([
        'caseworker_key.uploaded',
        'caseworker_key.vetted',
        'caseworker_key.reprotected',
      ]),
    );
  });
});
