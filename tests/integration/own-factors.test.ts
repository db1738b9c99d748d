/**
 * A signed-in staff member's own second factors over the wire, against the real database: the
 * list (no secrets), removing a security key or the authenticator app, replacing the app, new
 * recovery codes (the old ones void at once), each audited, and the refusals: no fresh
 * re-authentication, an unknown factor, the last factor. Security keys are registered in the
 * browser (tests/e2e/staff-own-factors.test.ts); here one is stored as the enrolment stores it.
 */
import type { OwnFactors } from '../../contract/api/sign-in';
import { generateTotpCode } from '../../server/features/sign-in';
import {
  expectEachRefused,
  factorChangePaths,
  recoveryCodeSignsIn,
  storeSecurityKey,
} from '../helpers/own-factors';
import { SoftwareAuthenticator } from '../helpers/software-authenticator';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, reauthenticate, signInStaff, StaffClient } from '../helpers/staff';

/** Past the 5-minute re-authentication window, within the 15-minute idle limit. */
const AGE_REAUTH_MS = 6 * 60_000;

describe("a staff member's own second factors", () => {
  const t = useTestApp({ label: 'own-factors', caseworkers: 1 });

  const auditEvents = async (event: string) =>
    await t.connection.db!.collection('audit_log').find({ event }).toArray();

  test('when the factors are listed then each is named without any secret, with the recovery codes left', async () => {
    const staff = await enrolStaff(t, 'aygul');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY blue key');
    const listed = await staff.client.get('/api/auth/factors');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({
      factors: [
        { id: 'totp', kind: 'totp', name: null, addedOn: null },
        { id: keyId, kind: 'webauthn', name: 'TEST ONLY blue key', addedOn: '2026-03-01' },
      ],
      recoveryCodesLeft: 10,
    });
    expect(listed.text).not.toContain(staff.totpSecret);
    const anonymous = await new StaffClient(t.app, t.config.publicOrigin).get('/api/auth/factors');
    expect(anonymous.status).toBe(401);
  });

  test('when a security key is removed then it is gone, audited once without secrets, and the app remains', async () => {
    const staff = await enrolStaff(t, 'berik');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY green key');
    const removed = await staff.client.post(`/api/auth/factors/${keyId}/remove`);
    expect(removed.status).toBe(200);
    expect(removed.body.factors).toEqual([{ id: 'totp', kind: 'totp', name: null, addedOn: null }]);
    // Sent again (a lost answer): the key is no longer there, and nothing more is recorded.
    const again = await staff.client.post(`/api/auth/factors/${keyId}/remove`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('factor_not_found');
    const entries = await auditEvents('factor.security_key_removed');
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain(keyId);
    const session = await staff.client.get('/api/auth/session');
    expect(session.body.factors).toEqual({ totp: true, webauthn: 0, recoveryCodesLeft: 10 });
  });

  test('when the authenticator app is removed while a key remains then sign-in asks for the key, and the old app code is refused', async () => {
    const staff = await enrolStaff(t, 'cholpon');
    await storeSecurityKey(t, staff, 'TEST ONLY red key');
    const removed = await staff.client.post('/api/auth/factors/totp/remove');
    expect(removed.status).toBe(200);
    expect((removed.body as OwnFactors).factors.map((factor) => factor.kind)).toEqual(['webauthn']);
    expect(await auditEvents('factor.totp_removed')).toHaveLength(1);
    const stored = await t.services.accounts.findByUsername(staff.username);
    expect(stored!.totpSecretSealed).toBeNull();
    // The next sign-in still needs a second factor (never enrolment), and the app no longer works.
    const next = new StaffClient(t.app, t.config.publicOrigin);
    const login = await next.post(
      '/api/auth/login',
      { username: staff.username, password: staff.password },
      { csrf: false },
    );
    expect(login.body.stage).toBe('second-factor');
    t.clock.advance(30_000);
    const code = await next.post('/api/auth/second-factor/totp', {
      code: generateTotpCode(staff.totpSecret, t.clock.now()),
    });
    expect(code.status).toBe(401);
    expect(code.body.error.code).toBe('second_factor_failed');
  });

  test('when a security key offers a credential id shorter than 16 bytes then it is refused and nothing is stored', async () => {
    const staff = await enrolStaff(t, 'aziza');
    const key = new SoftwareAuthenticator(t.config.publicOrigin, 3);
    const options = await staff.client.post('/api/auth/factors/webauthn/options');
    const refused = await staff.client.post('/api/auth/factors/webauthn', {
      response: key.register(options.body as { challenge: string }),
      name: 'TEST ONLY short id',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('security_key_refused');
    expect((await staff.client.get('/api/auth/factors')).body.factors).toHaveLength(1);
  });

  test('when a security key is added over the wire then it is stored without secrets, audited, and signs the person in', async () => {
    const staff = await enrolStaff(t, 'aziz');
    const key = new SoftwareAuthenticator(t.config.publicOrigin);
    const options = await staff.client.post('/api/auth/factors/webauthn/options');
    expect(options.status).toBe(200);
    const added = await staff.client.post('/api/auth/factors/webauthn', {
      response: key.register(options.body as { challenge: string }),
      name: 'TEST ONLY software key',
    });
    expect(added.status).toBe(200);
    // Not the first factor: the same session, no new recovery codes.
    expect(added.body.recoveryCodes).toBeUndefined();
    expect(added.body.session.factors).toEqual({ totp: true, webauthn: 1, recoveryCodesLeft: 10 });
    const listed = await staff.client.get('/api/auth/factors');
    expect((listed.body as OwnFactors).factors[1]).toEqual({
      id: key.credentialId,
      kind: 'webauthn',
      name: 'TEST ONLY software key',
      addedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(await auditEvents('factor.security_key_added')).toHaveLength(1);

    const next = new StaffClient(t.app, t.config.publicOrigin);
    await next.post(
      '/api/auth/login',
      { username: staff.username, password: staff.password },
      { csrf: false },
    );
    const signInOptions = await next.post('/api/auth/second-factor/webauthn/options');
    const signedIn = await next.post('/api/auth/second-factor/webauthn', {
      response: key.authenticate(signInOptions.body as { challenge: string }),
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.stage).toBe('full');
  });

  test('when the authenticator app is replaced then the new one signs in, the old one does not, and the change is audited', async () => {
    const staff = await enrolStaff(t, 'dauren');
    const setup = await staff.client.post('/api/auth/factors/totp/setup');
    expect(setup.status).toBe(200);
    const newSecret = setup.body.secret as string;
    expect(newSecret).not.toBe(staff.totpSecret);
    t.clock.advance(30_000);
    const confirmed = await staff.client.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode(newSecret, t.clock.now()),
    });
    expect(confirmed.status).toBe(200);
    // Not the first factor: no recovery codes, the same session.
    expect(confirmed.body.recoveryCodes).toBeUndefined();
    expect(confirmed.body.session.factors).toEqual({
      totp: true,
      webauthn: 0,
      recoveryCodesLeft: 10,
    });
    expect(await auditEvents('factor.totp_replaced')).toHaveLength(1);
    const signedIn = await signInStaff(t, { ...staff, totpSecret: newSecret });
    expect((await signedIn.get('/api/auth/session')).body.stage).toBe('full');
    await expect(signInStaff(t, staff)).rejects.toThrow(/second factor: 401/);
  });

  test('when new recovery codes are made then they are shown once, the old ones stop working at once, and it is audited', async () => {
    const staff = await enrolStaff(t, 'elnura');
    const renewed = await staff.client.post('/api/auth/factors/recovery-codes');
    expect(renewed.status).toBe(200);
    const codes = renewed.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(codes.some((code) => staff.recoveryCodes.includes(code))).toBe(false);
    const entries = await auditEvents('factor.recovery_codes_renewed');
    expect(entries.map((entry) => entry['details'])).toEqual([
      { voided: '10', sessionsEnded: '0' },
    ]);
    for (const code of codes) expect(JSON.stringify(entries)).not.toContain(code);
    expect(await recoveryCodeSignsIn(t, staff, staff.recoveryCodes[0]!)).toBe(false);
    expect(await recoveryCodeSignsIn(t, staff, codes[0]!)).toBe(true);
  });

  test('when the re-authentication is older than the window then every change is refused until the person re-authenticates', async () => {
    const staff = await enrolStaff(t, 'farida');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY grey key');
    t.clock.advance(AGE_REAUTH_MS);
    await expectEachRefused(staff.client, factorChangePaths(keyId), 403, 'reauth_required');
    expect((await staff.client.get('/api/auth/factors')).body.factors).toHaveLength(2);
    await reauthenticate(t, staff.client, staff);
    expect((await staff.client.post(`/api/auth/factors/${keyId}/remove`)).status).toBe(200);
  });

  test('when the factor id is malformed or not one of the account’s then 404 factor_not_found, and nothing changes', async () => {
    const staff = await enrolStaff(t, 'gulnaz');
    const other = await enrolStaff(t, 'hasan');
    const othersKey = await storeSecurityKey(t, other, 'TEST ONLY other key');
    await storeSecurityKey(t, staff, 'TEST ONLY own key');
    for (const id of ['x', othersKey, 'A'.repeat(43)]) {
      const refused = await staff.client.post(`/api/auth/factors/${id}/remove`);
      expect(refused.status).toBe(404);
      expect(refused.body.error.code).toBe('factor_not_found');
    }
    expect((await other.client.get('/api/auth/factors')).body.factors).toHaveLength(2);
    expect((await staff.client.get('/api/auth/factors')).body.factors).toHaveLength(2);
  });
});
