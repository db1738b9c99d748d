/**
 * Attack (or plain failure): a renewal of recovery codes that stores some or all of its new codes
 * and then fails (a write that fails part way, a crash, a timeout) before answering. The owner
 * never saw the new codes; if they became valid, the owner's paper codes would stop working
 * without the owner knowing, and someone who later loses their key is locked out. Defence
 * (factors.repository storeRecoveryCodes): only a generation whose commit marker is stored, after
 * every one of its codes, is valid; the old set is deleted only after that.
 */
import { createRecoveryCodes, hashesOf } from '../../server/features/sign-in/recovery-codes';
import { recoveryCodeSignsIn } from '../helpers/own-factors';
import { enrolStaff, reauthenticate } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('a recovery-code renewal that failed part way', () => {
  const t = useTestApp({ label: 'renewal-failed', caseworkers: 1 });

  test('when a renewal stored its codes but never committed them then they do not sign in, the old codes still do, and the next renewal replaces both', async () => {
    const owner = await enrolStaff(t, 'zulpiye');
    const account = await t.services.accounts.findByUsername(owner.username);
    const { factors } = t.services.repositories;
    // What a renewal has done when it claimed its change and stored its codes, then failed.
    const inTenMinutes = new Date(t.clock.now().getTime() + 10 * 60_000);
    const generation = await factors.claimChange(account!.id, null, inTenMinutes);
    expect(generation).not.toBeNull();
    const unseen = createRecoveryCodes();
    await t.connection.db!.collection('recovery_codes').insertMany(
      hashesOf(unseen).map((hash) => ({
        _id: hash as never,
        accountId: account!.id,
        generation,
      })),
    );

    expect(await factors.countRecoveryCodes(account!.id)).toBe(10);
    expect(await recoveryCodeSignsIn(t, owner, unseen[0]!)).toBe(false);
    expect(await recoveryCodeSignsIn(t, owner, owner.recoveryCodes[0]!)).toBe(true);
    expect(await factors.countRecoveryCodes(account!.id)).toBe(9);

    await reauthenticate(t, owner.client, owner);
    const renewed = await owner.client.post('/api/auth/factors/recovery-codes');
    expect(renewed.status).toBe(200);
    const fresh = (renewed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(await recoveryCodeSignsIn(t, owner, owner.recoveryCodes[1]!)).toBe(false);
    expect(await recoveryCodeSignsIn(t, owner, unseen[1]!)).toBe(false);
    expect(await recoveryCodeSignsIn(t, owner, fresh[0]!)).toBe(true);
    expect(
      await t.connection
        .db!.collection('recovery_codes')
        .countDocuments({ accountId: account!.id }),
    ).toBe(9);
  });
});
