/**
 * Attack: with a copy of a staff member's session cookie (an unlocked computer, a copied browser
 * profile), remove their security key or authenticator app, add the thief's own, or make new
 * recovery codes, to keep the account or lock its owner out. The copy can read the CSRF token
 * from GET /api/auth/session, and signing in counts as re-authenticating, so minutes after
 * sign-in "re-authenticated lately" holds for the copy too. Defence (own-factors.ts
 * changingAccount): every change of one's own factors needs a recent re-authentication AND the
 * key release token of the tab that gave it (X-Key-Release), which the cookie does not carry;
 * a copy must prove password and factor itself.
 */
import { randomBytes } from 'node:crypto';
import type { OwnFactors } from '../../contract/api/sign-in';
import { expectEachRefused, factorChangePaths } from '../helpers/own-factors';
import { SoftwareAuthenticator } from '../helpers/software-authenticator';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, signInStaff, StaffClient, type EnrolledStaff } from '../helpers/staff';

describe("a stolen session and the owner's second factors", () => {
  const t = useTestApp({ label: 'stolen-factors', caseworkers: 1 });
  let victim: EnrolledStaff;
  let keyId: string;

  beforeAll(async () => {
    victim = await enrolStaff(t, 'kuanysh');
    const account = await t.services.accounts.findByUsername(victim.username);
    keyId = randomBytes(32).toString('base64url');
    await t.services.repositories.factors.insertCredential({
      id: keyId,
      accountId: account!.id,
      publicKey: randomBytes(77),
      counter: 0,
      transports: ['usb'],
      name: 'TEST ONLY victim key',
      addedOn: '2026-03-01',
    });
  });

  const factorEvents = async () =>
    await t.connection.db!.collection('audit_log').countDocuments({ event: /^factor\./ });

  test('when a copied cookie, right after sign-in and with the CSRF token, changes the factors then each change is refused and nothing changes', async () => {
    const signedIn = await signInStaff(t, victim);
    const thief = new StaffClient(t.app, t.config.publicOrigin);
    thief.cookies.set('__Host-amanat_session', signedIn.sessionCookie!);
    const view = await thief.get('/api/auth/session');
    expect(view.body.stage).toBe('full');
    expect(thief.csrfToken).toBe(signedIn.csrfToken);
    const before = await factorEvents();
    await expectEachRefused(thief, factorChangePaths(keyId), 403, 'reauth_required');
    // Nor the thief's own security key or authenticator code, sent straight to the confirmations.
    const thiefKey = new SoftwareAuthenticator(t.config.publicOrigin);
    for (const [path, body] of [
      [
        '/api/auth/factors/webauthn',
        { response: thiefKey.register({ challenge: 'A'.repeat(43) }), name: 'TEST ONLY thief' },
      ],
      ['/api/auth/factors/totp/confirm', { code: '123456' }],
    ] as const) {
      const refused = await thief.post(path, body);
      expect({ path, status: refused.status, code: refused.body.error?.code }).toEqual({
        path,
        status: 403,
        code: 'reauth_required',
      });
    }
    // A made-up token does not pass either.
    thief.keyReleaseToken = 'A'.repeat(43);
    expect((await thief.post(`/api/auth/factors/${keyId}/remove`)).status).toBe(403);
    expect(await factorEvents()).toBe(before);
    const factors = await signedIn.get('/api/auth/factors');
    expect((factors.body as OwnFactors).factors.map((factor) => factor.id)).toEqual([
      'totp',
      keyId,
    ]);
    expect(factors.body.recoveryCodesLeft).toBe(10);
    // The tab that signed in may: the same request from it succeeds.
    expect((await signedIn.post('/api/auth/factors/recovery-codes')).status).toBe(200);
  });
});
