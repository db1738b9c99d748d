/**
 * Attack: with a stolen staff session cookie (an unlocked computer left alone, a copied browser
 * profile), download the caseworker's passphrase-protected secret key and guess its passphrase
 * offline, where no rate limit applies. Defence (own-key.routes.ts, staff-guards.ts
 * requireKeyRelease): GET /api/me/key shows only the public key and status; the protected secret
 * key comes from GET /api/me/key/secret, and only to a session that proved password and second
 * factor in the last minutes (signing in counts). Once a session had it, it has it again without
 * asking until the session ends (a reload needs the key again); a new session asks again. The
 * first release in a session is audited once.
 */
import { generateCaseworkerKey } from '../../client/crypto';
import { createTestApp, type TestApp } from '../helpers/test-app';
import {
  enrolStaff,
  reauthenticate,
  signInStaff,
  StaffClient,
  type EnrolledStaff,
} from '../helpers/staff';

const KEY_PASSPHRASE = 'TEST ONLY key passphrase of the victim';
/** Past the 5-minute re-authentication window, within the 15-minute idle limit. */
const AGE_REAUTH_MS = 6 * 60_000;

describe('the protected secret key and a stolen session', () => {
  let t: TestApp;
  let victim: EnrolledStaff;
  let key: Awaited<ReturnType<typeof generateCaseworkerKey>>;
  beforeAll(async () => {
    t = await createTestApp({ label: 'key-release', caseworkers: 1 });
    victim = await enrolStaff(t, 'nursultan');
    key = await generateCaseworkerKey(KEY_PASSPHRASE);
    const uploaded = await victim.client.put('/api/me/key', {
      armoredPublicKey: key.armoredPublicKey,
      protectedSecretKey: key.protectedSecretKey,
    });
    expect(uploaded.status).toBe(201);
    expect(JSON.stringify(uploaded.body)).not.toContain('PRIVATE KEY');
  });
  afterAll(async () => {
    await t.close();
  });

  /** A second browser holding only a copy of the victim's session cookie. */
  function thiefOf(staff: StaffClient): StaffClient {
    const thief = new StaffClient(t.app, t.config.publicOrigin);
    thief.cookies.set('__Host-amanat_session', staff.sessionCookie!);
    return thief;
  }

  const releases = async () =>
    await t.connection
      .db!.collection('audit_log')
      .countDocuments({ event: 'caseworker_key.released' });

  test('when the session has not re-authenticated lately then the key status is shown but the secret key is refused', async () => {
    t.clock.advance(AGE_REAUTH_MS);
    const thief = thiefOf(victim.client);
    const status = await thief.get('/api/me/key');
    expect(status.status).toBe(200);
    expect(status.body.key).toEqual({
      fingerprint: key.fingerprint,
      status: 'pending',
      armoredPublicKey: expect.stringContaining('PUBLIC KEY'),
    });
    const secret = await thief.get('/api/me/key/secret');
    expect(secret.status).toBe(403);
    expect(secret.body.error.code).toBe('reauth_required');
    expect(secret.text).not.toContain('PRIVATE KEY');
    expect(await releases()).toBe(0);
  });

  test('when the person re-authenticates then the key is released, audited once, and again after the window closes without asking', async () => {
    await reauthenticate(t, victim.client, victim);
    const first = await victim.client.get('/api/me/key/secret');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      fingerprint: key.fingerprint,
      protectedSecretKey: key.protectedSecretKey,
    });
    // A reload later in the same session: no second password and factor, no second entry.
    t.clock.advance(AGE_REAUTH_MS);
    const again = await victim.client.get('/api/me/key/secret');
    expect(again.status).toBe(200);
    expect(again.body.protectedSecretKey).toBe(key.protectedSecretKey);
    expect(await releases()).toBe(1);
  });

  test('when the person signs in again then the new session must re-authenticate for the key once more', async () => {
    const fresh = await signInStaff(t, victim);
    // Signing in is itself a fresh proof of password and factor.
    expect((await fresh.get('/api/me/key/secret')).status).toBe(200);
    const later = await signInStaff(t, victim);
    t.clock.advance(AGE_REAUTH_MS);
    const refused = await thiefOf(later).get('/api/me/key/secret');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('reauth_required');
    expect(await releases()).toBe(2);
  });
});
