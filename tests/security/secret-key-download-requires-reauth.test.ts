/**
 * Attack: with a stolen staff session cookie (an unlocked computer left alone, a copied browser
 * profile, a cookie read off a machine), download the caseworker's passphrase-protected secret
 * key and guess its passphrase offline, where no rate limit applies. Signing in counts as
 * re-authenticating, so "re-authenticated lately" would hold in nearly every session right after
 * sign-in, when the caseworker unlocks. Defence (staff-guards.ts requireKeyRelease,
 * sessions.service.ts, own-key.routes.ts): GET /api/me/key shows only the public key and status;
 * the protected secret key comes from GET /api/me/key/secret, and only with a key release token
 * besides the cookie: a random token that the sign-in or re-authentication answer gives the tab
 * that proved password and factor (stored hashed with the session; the dashboard keeps it in
 * that tab's sessionStorage and sends it as X-Key-Release). That tab gets the key again without
 * asking (a reload); a copy of the cookie alone, even a minute after sign-in, is refused and must
 * re-authenticate, which issues a token for it. Each tab's first release is audited once.
 */
import { generateCaseworkerKey } from '../../client/crypto';
import { useTestApp } from '../helpers/use-test-app';
import {
  enrolStaff,
  reauthenticate,
  signInStaff,
  StaffClient,
  uploadOwnKey,
  type EnrolledStaff,
} from '../helpers/staff';

const KEY_PASSPHRASE = 'TEST ONLY key passphrase of the victim';
/** Past the 5-minute re-authentication window, within the 15-minute idle limit. */
const AGE_REAUTH_MS = 6 * 60_000;

describe('the protected secret key and a stolen session', () => {
  const t = useTestApp({ label: 'key-release', caseworkers: 1 });
  let victim: EnrolledStaff;
  let key: Awaited<ReturnType<typeof generateCaseworkerKey>>;
  beforeAll(async () => {
    victim = await enrolStaff(t, 'nursultan');
    key = await generateCaseworkerKey(KEY_PASSPHRASE);
    const uploaded = await uploadOwnKey(victim.client, key);
    expect(uploaded.status).toBe(201);
    expect(JSON.stringify(uploaded.body)).not.toContain('PRIVATE KEY');
  });

  /** A second browser (or another tab) holding only a copy of the victim's session cookie. */
  function thiefOf(staff: StaffClient): StaffClient {
    const thief = new StaffClient(t.app, t.config.publicOrigin);
    thief.cookies.set('__Host-amanat_session', staff.sessionCookie!);
    return thief;
  }

  const releases = async () =>
    await t.connection
      .db!.collection('audit_log')
      .countDocuments({ event: 'caseworker_key.released' });

  async function expectRefused(client: StaffClient): Promise<void> {
    const secret = await client.get('/api/me/key/secret');
    expect(secret.status).toBe(403);
    expect(secret.body.error.code).toBe('reauth_required');
    expect(secret.text).not.toContain('PRIVATE KEY');
  }

  test('when a stolen cookie asks right after sign-in then the key status is shown but the secret key is refused', async () => {
    const signedIn = await signInStaff(t, victim);
    const thief = thiefOf(signedIn);
    const status = await thief.get('/api/me/key');
    expect(status.status).toBe(200);
    expect(status.body.key).toEqual({
      fingerprint: key.fingerprint,
      status: 'pending',
      armoredPublicKey: expect.stringContaining('PUBLIC KEY'),
    });
    // The session re-authenticated seconds ago; the cookie is still not enough.
    await expectRefused(thief);
    // Nor a token the thief makes up, nor the victim's token of another session.
    thief.keyReleaseToken = 'A'.repeat(43);
    await expectRefused(thief);
    thief.keyReleaseToken = victim.client.keyReleaseToken;
    expect(thief.keyReleaseToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expectRefused(thief);
    expect(await releases()).toBe(0);
  });

  test('when the tab that signed in asks then the key is released, audited once, and again after the re-authentication window without asking', async () => {
    const tab = await signInStaff(t, victim);
    const first = await tab.get('/api/me/key/secret');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      fingerprint: key.fingerprint,
      protectedSecretKey: key.protectedSecretKey,
    });
    // A reload of the same tab later: its token is still there; no second password and factor.
    t.clock.advance(AGE_REAUTH_MS);
    const again = await tab.get('/api/me/key/secret');
    expect(again.status).toBe(200);
    expect(again.body.protectedSecretKey).toBe(key.protectedSecretKey);
    expect(await releases()).toBe(1);
    // The session view never carries a token: a stolen cookie cannot fetch one there.
    const view = await thiefOf(tab).get('/api/auth/session');
    expect(view.body.stage).toBe('full');
    expect(view.body).not.toHaveProperty('keyReleaseToken');
  });

  test('when another tab with the same cookie re-authenticates then it gets its own token, and the first tab keeps its own', async () => {
    const first = await signInStaff(t, victim);
    expect((await first.get('/api/me/key/secret')).status).toBe(200);
    const other = thiefOf(first);
    await expectRefused(other);
    // A new tab loads the dashboard: the session view, with its CSRF token, but no key token.
    expect((await other.get('/api/auth/session')).body.stage).toBe('full');
    await reauthenticate(t, other, victim);
    expect(other.keyReleaseToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(other.keyReleaseToken).not.toBe(first.keyReleaseToken);
    expect((await other.get('/api/me/key/secret')).status).toBe(200);
    expect((await first.get('/api/me/key/secret')).status).toBe(200);
    // One entry per tab that proved itself: the earlier session's and these two.
    expect(await releases()).toBe(3);
  });

  test('when the person signs out then the tab token releases nothing any more', async () => {
    const tab = await signInStaff(t, victim);
    expect((await tab.get('/api/me/key/secret')).status).toBe(200);
    const copy = thiefOf(tab);
    copy.keyReleaseToken = tab.keyReleaseToken;
    expect((await tab.post('/api/auth/logout')).status).toBe(204);
    const after = await copy.get('/api/me/key/secret');
    expect(after.status).toBe(401);
    expect(after.text).not.toContain('PRIVATE KEY');
  });
});
