/**
 * Attack: remove the account's last factors with removals that overlap without seeing the same
 * set of factors (one still under way while another starts after the set changed), so that both
 * pass the "not the last factor" check and the account is left to be enrolled by the password
 * alone. Defence (own-factors.ts remove): every removal claims the next change of the account's
 * factors by a unique insert, then counts what is left once every earlier removal, finished or
 * still under way, has taken its factor; whatever set each one saw.
 */
import type { OwnFactors } from '../../contract/api/sign-in';
import { storeSecurityKey } from '../helpers/own-factors';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('a removal still under way', () => {
  const t = useTestApp({ label: 'removal-under-way', caseworkers: 1 });

  /** What a removal of `keyId` has done when it has claimed its change but not yet deleted the key. */
  async function removalUnderWay(staff: EnrolledStaff, keyId: string): Promise<void> {
    const account = await t.services.accounts.findByUsername(staff.username);
    const inTenMinutes = new Date(t.clock.now().getTime() + 10 * 60_000);
    const claimed = await t.services.repositories.factors.claimChange(
      account!.id,
      keyId,
      inTenMinutes,
    );
    expect(claimed).not.toBeNull();
  }

  test('when a key’s removal is under way then the app, the only other factor, cannot be removed', async () => {
    const staff = await enrolStaff(t, 'overlap.one');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY key');
    await removalUnderWay(staff, keyId);

    const refused = await staff.client.post('/api/auth/factors/totp/remove');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_factor');
    const { factors } = (await staff.client.get('/api/auth/factors')).body as OwnFactors;
    expect(factors.map((factor) => factor.id)).toEqual(['totp', keyId]);
  });

  test('when a key’s removal is under way and a second key was added since then the app can still be removed (the second key remains)', async () => {
    const staff = await enrolStaff(t, 'overlap.two');
    const first = await storeSecurityKey(t, staff, 'TEST ONLY first key');
    await removalUnderWay(staff, first);
    const second = await storeSecurityKey(t, staff, 'TEST ONLY second key');

    expect((await staff.client.post('/api/auth/factors/totp/remove')).status).toBe(200);
    const refused = await staff.client.post(`/api/auth/factors/${second}/remove`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_factor');
  });
});
