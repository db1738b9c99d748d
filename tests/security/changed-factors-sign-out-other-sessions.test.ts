/**
 * Attack: a thief signed in with a stolen factor (or holding a copied session cookie) stays
 * signed in after the owner removes or replaces that factor or makes new recovery codes, and
 * keeps reading cases until the session times out. Defence (own-factors.ts endingOtherSessions,
 * sessions endOthersOf): each such change, once audited and made, ends every other session of
 * the account; only the session that made it stays. The audit entry says how many were ended.
 */
import { generateTotpCode } from '../../server/features/sign-in';
import { storeSecurityKey } from '../helpers/own-factors';
import { enrolStaff, signInStaff, type EnrolledStaff, type StaffClient } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('changing a second factor and the other sessions', () => {
  const t = useTestApp({ label: 'factors-sign-out', caseworkers: 1 });

  const stillSignedIn = async (client: StaffClient) =>
    (await client.get('/api/auth/factors')).status === 200;
  const detailsOf = async (event: string) =>
    (await t.connection.db!.collection('audit_log').findOne({ event }))?.['details'];

  test('when a security key is removed then every other session ends and the one that removed it stays', async () => {
    const owner: EnrolledStaff = await enrolStaff(t, 'dilnur');
    const keyId = await storeSecurityKey(t, owner, 'TEST ONLY stolen key');
    const elsewhere = await signInStaff(t, owner);
    const another = await signInStaff(t, owner);
    expect(await stillSignedIn(elsewhere)).toBe(true);
    expect((await owner.client.post(`/api/auth/factors/${keyId}/remove`)).status).toBe(200);
    expect(await stillSignedIn(elsewhere)).toBe(false);
    expect(await stillSignedIn(another)).toBe(false);
    expect(await stillSignedIn(owner.client)).toBe(true);
    expect(await detailsOf('factor.security_key_removed')).toMatchObject({ sessionsEnded: '2' });
  });

  test('when new recovery codes are made or the app is replaced then every other session ends', async () => {
    const owner = await enrolStaff(t, 'erkin');
    const elsewhere = await signInStaff(t, owner);
    expect((await owner.client.post('/api/auth/factors/recovery-codes')).status).toBe(200);
    expect(await stillSignedIn(elsewhere)).toBe(false);
    expect(await detailsOf('factor.recovery_codes_renewed')).toMatchObject({ sessionsEnded: '1' });

    const later = await signInStaff(t, owner);
    // signInStaff moved the clock; the owner's tab re-authenticated at enrolment, still recent.
    const setup = await owner.client.post('/api/auth/factors/totp/setup');
    expect(setup.status).toBe(200);
    t.clock.advance(30_000);
    const confirmed = await owner.client.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode((setup.body as { secret: string }).secret, t.clock.now()),
    });
    expect(confirmed.status).toBe(200);
    expect(await stillSignedIn(later)).toBe(false);
    expect(await stillSignedIn(owner.client)).toBe(true);
    expect(await detailsOf('factor.totp_replaced')).toMatchObject({ sessionsEnded: '1' });
  });
});
