/**
 * Recovery codes stored before code generations existed (no `generation`, no committed
 * generation) keep working as generation 0, and the next renewal replaces them.
 */
import { recoveryCodeSignsIn } from '../helpers/own-factors';
import { enrolStaff, reauthenticate } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('recovery codes stored before generations', () => {
  const t = useTestApp({ label: 'legacy-recovery-codes', caseworkers: 1 });

  test('when an account holds codes without a generation then they count and sign in, and a renewal replaces them', async () => {
    const owner = await enrolStaff(t, 'nurmemet');
    const account = await t.services.accounts.findByUsername(owner.username);
    const db = t.connection.db!;
    await db
      .collection('recovery_codes')
      .updateMany({ accountId: account!.id }, { $unset: { generation: '' } });
    await db.collection('recovery_code_generations').deleteMany({ accountId: account!.id });
    const { factors } = t.services.repositories;

    expect(await factors.countRecoveryCodes(account!.id)).toBe(10);
    expect(await recoveryCodeSignsIn(t, owner, owner.recoveryCodes[0]!)).toBe(true);
    expect(await factors.countRecoveryCodes(account!.id)).toBe(9);

    await reauthenticate(t, owner.client, owner);
    const renewed = await owner.client.post('/api/auth/factors/recovery-codes');
    expect(renewed.status).toBe(200);
    expect(await recoveryCodeSignsIn(t, owner, owner.recoveryCodes[1]!)).toBe(false);
    const fresh = (renewed.body as { recoveryCodes: string[] }).recoveryCodes;
    expect(await recoveryCodeSignsIn(t, owner, fresh[0]!)).toBe(true);
    expect(await factors.countRecoveryCodes(account!.id)).toBe(9);
  });
});
