/**
 * Attack: someone holding a staff member's password and one recovery code (both can be stolen on
 * paper) signs in with the code, registers their own security key or authenticator app (adding a
 * factor is allowed after a recovery code), re-authenticates with that new factor so the proof no
 * longer reads "recovery code", and then removes the owner's key and app and renews the codes:
 * the owner is locked out. Defence (sign-in.service provenBy): a factor added by a session proven
 * with a recovery code is marked on the stored factor, and proving with it counts as a recovery
 * code until RECOVERY_FACTOR_COOLING_OFF_DAYS have passed, so it may add factors but not remove,
 * replace or renew.
 */
import type { OwnFactors } from '../../contract/api/sign-in';
import { generateTotpCode } from '../../server/features/sign-in';
import {
  expectEachRefused,
  factorChangePaths,
  registerSoftwareKey,
  signInWithRecoveryCode,
  storeSecurityKey,
} from '../helpers/own-factors';
import { SoftwareAuthenticator } from '../helpers/software-authenticator';
import { enrolStaff, postPassword, StaffClient, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe("password and a recovery code, then the intruder's own factor, against the owner's", () => {
  const t = useTestApp({ label: 'recovery-own-key', caseworkers: 1 });

  /** Registers the intruder's software key from their session; they may add one. */
  const addIntruderKey = async (intruder: StaffClient): Promise<SoftwareAuthenticator> => {
    const { key, added } = await registerSoftwareKey(t, intruder, 'TEST ONLY intruder key');
    expect(added.status).toBe(200);
    return key;
  };

  const reauthWithKey = async (
    client: StaffClient,
    owner: EnrolledStaff,
    key: SoftwareAuthenticator,
  ): Promise<void> => {
    const options = await client.post('/api/auth/reauth/webauthn/options');
    expect(options.status).toBe(200);
    const reauth = await client.post('/api/auth/reauth', {
      password: owner.password,
      webauthn: key.authenticate(options.body as { challenge: string }),
    });
    expect(reauth.status).toBe(200);
  };

  /** A fresh browser signing in with password and `key`. */
  const signInWithKey = async (
    owner: EnrolledStaff,
    key: SoftwareAuthenticator,
  ): Promise<StaffClient> => {
    const client = new StaffClient(t.app, t.config.publicOrigin);
    expect((await postPassword(client, owner.username, owner.password)).status).toBe(200);
    const options = await client.post('/api/auth/second-factor/webauthn/options');
    expect(options.status).toBe(200);
    const signedIn = await client.post('/api/auth/second-factor/webauthn', {
      response: key.authenticate(options.body as { challenge: string }),
    });
    expect(signedIn.status).toBe(200);
    return client;
  };

  const factorsOf = async (client: StaffClient) =>
    ((await client.get('/api/auth/factors')).body as OwnFactors).factors.map((factor) => factor.id);

  test('when the intruder re-authenticates or signs in with a key they added after a recovery code then removing, replacing and renewing are refused and the owner keeps every factor', async () => {
    const owner = await enrolStaff(t, 'ayshem');
    const ownerKey = await storeSecurityKey(t, owner, 'TEST ONLY owner key');
    const intruder = await signInWithRecoveryCode(t, owner, owner.recoveryCodes[0]!);
    const key = await addIntruderKey(intruder);
    const stripping = factorChangePaths(ownerKey).filter((path) => !path.includes('/webauthn/'));

    await reauthWithKey(intruder, owner, key);
    await expectEachRefused(intruder, stripping, 403, 'reauth_factor_required');
    // Signing in afresh with that key is no better.
    const again = await signInWithKey(owner, key);
    await reauthWithKey(again, owner, key);
    await expectEachRefused(again, stripping, 403, 'reauth_factor_required');

    expect(await factorsOf(again)).toEqual(['totp', ownerKey, key.credentialId]);
    const account = await t.services.accounts.findByUsername(owner.username);
    expect(account!.totpSecretSealed).not.toBeNull();
    expect(await t.services.repositories.factors.countRecoveryCodes(account!.id)).toBe(9);
  });

  test('when the intruder sets up an app on an account that had only a key, after a recovery code, then proving with that app may not remove the key', async () => {
    const owner = await enrolStaff(t, 'merdan');
    const ownerKey = await storeSecurityKey(t, owner, 'TEST ONLY owner key');
    const account = await t.services.accounts.findByUsername(owner.username);
    // The owner uses only the key.
    await t.services.accounts.clearTotpSecret(account!.id, account!.totpSecretSealed!);
    const intruder = await signInWithRecoveryCode(t, owner, owner.recoveryCodes[0]!);
    const setup = await intruder.post('/api/auth/factors/totp/setup');
    expect(setup.status).toBe(200);
    const secret = (setup.body as { secret: string }).secret;
    t.clock.advance(30_000);
    const confirmed = await intruder.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode(secret, t.clock.now()),
    });
    expect(confirmed.status).toBe(200);
    t.clock.advance(30_000);
    const reauth = await intruder.post('/api/auth/reauth', {
      password: owner.password,
      code: generateTotpCode(secret, t.clock.now()),
    });
    expect(reauth.status).toBe(200);

    await expectEachRefused(
      intruder,
      [`/api/auth/factors/${ownerKey}/remove`, '/api/auth/factors/recovery-codes'],
      403,
      'reauth_factor_required',
    );
    expect(await factorsOf(intruder)).toEqual(['totp', ownerKey]);
  });

  test('when the cooling-off period has passed then the added key is a factor like any other', async () => {
    const owner = await enrolStaff(t, 'dilnur');
    const intruder = await signInWithRecoveryCode(t, owner, owner.recoveryCodes[0]!);
    const key = await addIntruderKey(intruder);
    t.clock.advance(t.config.sessions.recoveryFactorCoolingOffDays * 86_400_000 + 60_000);
    const later = await signInWithKey(owner, key);
    await reauthWithKey(later, owner, key);
    expect((await later.post('/api/auth/factors/totp/remove')).status).toBe(200);
    expect(await factorsOf(later)).toEqual([key.credentialId]);
  });
});
