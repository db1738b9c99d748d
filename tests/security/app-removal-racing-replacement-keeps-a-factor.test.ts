/**
 * Attack: leave the account with no factor by overlapping three changes: a removal of the app
 * that has passed its "not the last factor" check (a security key remains) but not yet cleared
 * the app, a replacement of the app, and a removal of the key, which sees the new app and passes.
 * If the slow removal then cleared whatever app is stored, the account would have neither app
 * nor key and be sent to enrolment by the password alone. Defences: the removal clears only the
 * app it named (accounts clearTotpSecret, conditional on the sealed secret), and replacing the
 * app while a removal of it is under way answers 409 factors_busy (sign-in.service).
 */
import { generateTotpCode } from '../../server/features/sign-in';
import { totpIdentity } from '../../server/features/sign-in/own-factors';
import type { OwnFactors } from '../../contract/api/sign-in';
import { storeSecurityKey } from '../helpers/own-factors';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('an app removal racing a replacement of the app', () => {
  const t = useTestApp({ label: 'app-removal-race', caseworkers: 1 });

  /** Sets up a new app from `staff`'s session (enrolment counts as a recent re-authentication). */
  async function replaceApp(staff: EnrolledStaff) {
    const setup = await staff.client.post('/api/auth/factors/totp/setup');
    expect(setup.status).toBe(200);
    t.clock.advance(30_000);
    return await staff.client.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode((setup.body as { secret: string }).secret, t.clock.now()),
    });
  }

  /** What a removal of the app sealed as `sealed` does once past its check: claim, then clear. */
  async function appRemovalClaimed(accountId: string, sealed: string): Promise<void> {
    const inTenMinutes = new Date(t.clock.now().getTime() + 10 * 60_000);
    const { factors } = t.services.repositories;
    expect(await factors.claimChange(accountId, totpIdentity(sealed), inTenMinutes)).not.toBeNull();
  }

  test('when the app is replaced while its removal is under way then the replacement answers factors_busy and both factors stay', async () => {
    const staff = await enrolStaff(t, 'rahile');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY key');
    const before = await t.services.accounts.findByUsername(staff.username);
    await appRemovalClaimed(before!.id, before!.totpSecretSealed!);

    const refused = await replaceApp(staff);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('factors_busy');
    const after = await t.services.accounts.findByUsername(staff.username);
    expect(after!.totpSecretSealed).toBe(before!.totpSecretSealed);
    const { factors } = (await staff.client.get('/api/auth/factors')).body as OwnFactors;
    expect(factors.map((factor) => factor.id)).toEqual(['totp', keyId]);
  });

  test('when a removal that read the old app finishes after the app was replaced and the key removed then the new app stays', async () => {
    const staff = await enrolStaff(t, 'tursun');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY key');
    const before = await t.services.accounts.findByUsername(staff.username);
    // The removal read the old app; the replacement lands before it claims.
    expect((await replaceApp(staff)).status).toBe(200);
    await appRemovalClaimed(before!.id, before!.totpSecretSealed!);
    expect((await staff.client.post(`/api/auth/factors/${keyId}/remove`)).status).toBe(200);
    await t.services.accounts.clearTotpSecret(before!.id, before!.totpSecretSealed!);

    const after = await t.services.accounts.findByUsername(staff.username);
    expect(after!.totpSecretSealed).not.toBeNull();
    expect(after!.totpSecretSealed).not.toBe(before!.totpSecretSealed);
  });
});
