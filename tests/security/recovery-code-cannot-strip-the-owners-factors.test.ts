/**
 * Attack: someone holding a staff member's password and one recovery code (both can be stolen on
 * paper, or phished) signs in with the code, which counts as a fresh re-authentication, and within
 * minutes replaces the authenticator app, removes every security key and makes new recovery codes
 * (voiding the owner's), so the owner is locked out and the account is theirs. Re-authenticating
 * with a second recovery code must not do it either. Defence (own-factors.ts changingAccount):
 * the session records which kind of factor its last proof used; after a recovery code it may add
 * a factor, but removing or replacing one, or renewing the codes, is refused with 403
 * reauth_factor_required until the app or a security key is used.
 */
import type { OwnFactors } from '../../contract/api/sign-in';
import {
  expectEachRefused,
  factorChangePaths,
  registerSoftwareKey,
  signInWithRecoveryCode,
  storeSecurityKey,
} from '../helpers/own-factors';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe("password and a recovery code against the owner's factors", () => {
  const t = useTestApp({ label: 'recovery-strip', caseworkers: 1 });
  let owner: EnrolledStaff;
  let keyId: string;

  beforeAll(async () => {
    owner = await enrolStaff(t, 'gulnara');
    keyId = await storeSecurityKey(t, owner, 'TEST ONLY owner key');
  });

  const strippingEvents = async () =>
    await t.connection.db!.collection('audit_log').countDocuments({
      event: {
        $in: [
          'factor.security_key_removed',
          'factor.totp_removed',
          'factor.totp_replaced',
          'factor.recovery_codes_renewed',
        ],
      },
    });

  test('when a session signed in or re-authenticated with a recovery code removes, replaces or renews then each is refused and the owner keeps every factor', async () => {
    const [firstCode, secondCode] = owner.recoveryCodes;
    const intruder = await signInWithRecoveryCode(t, owner, firstCode!);
    const before = await strippingEvents();
    // Every change but adding a security key (the app set-up may replace the owner's app).
    const stripping = factorChangePaths(keyId).filter((path) => !path.includes('/webauthn/'));
    const tryStripping = async () =>
      await expectEachRefused(intruder, stripping, 403, 'reauth_factor_required');
    await tryStripping();
    // Re-authenticating with another recovery code does not lift it.
    const reauth = await intruder.post('/api/auth/reauth', {
      password: owner.password,
      code: secondCode,
    });
    expect(reauth.status).toBe(200);
    await tryStripping();

    expect(await strippingEvents()).toBe(before);
    const factors = (await intruder.get('/api/auth/factors')).body as OwnFactors;
    expect(factors.factors.map((factor) => factor.id)).toEqual(['totp', keyId]);
    expect(factors.recoveryCodesLeft).toBe(8);
    const account = await t.services.accounts.findByUsername(owner.username);
    expect(account!.totpSecretSealed).not.toBeNull();
  });

  test('when a session that used a recovery code adds a security key then it may, and after the app is used it may remove one', async () => {
    const someone = await signInWithRecoveryCode(t, owner, owner.recoveryCodes[2]!);
    const { key, added } = await registerSoftwareKey(t, someone, 'TEST ONLY new key');
    expect(added.status).toBe(200);
    // Proving with the authenticator app lifts the restriction.
    await reauthenticate(t, someone, owner);
    expect((await someone.post(`/api/auth/factors/${key.credentialId}/remove`)).status).toBe(200);
  });
});
