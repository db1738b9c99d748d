/**
 * Attack: renew the recovery codes twice at the same moment (a double click, a retried request,
 * or a thief with the tab racing its owner) so that two sets are valid afterwards, one of them
 * perhaps never seen by the owner. Defence (factors.repository replaceRecoveryCodes): a renewal
 * claims the next change of the account's factors by a unique insert and stores its set under
 * that generation before deleting the older ones; only the newest generation signs in, and a
 * renewal overtaken by another answers 409 factors_busy with its codes void. Requests over HTTP
 * seldom reach the database in step, so the same race is also run at the repository, where
 * renewals sent together interleave their writes.
 */
import { createRecoveryCodes, hashesOf } from '../../server/features/sign-in/recovery-codes';
import { recoveryCodeSignsIn } from '../helpers/own-factors';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('two recovery code renewals at the same moment', () => {
  const t = useTestApp({ label: 'recovery-renewal-race', caseworkers: 1 });

  test.each([1, 2, 3, 4, 5])(
    'when both are sent at once then exactly one new set signs in, and the old set does not (round %i)',
    async (round) => {
      const staff = await enrolStaff(t, `renewer.${round}`);
      const answers = await Promise.all([
        staff.client.post('/api/auth/factors/recovery-codes'),
        staff.client.post('/api/auth/factors/recovery-codes'),
      ]);
      for (const answer of answers) {
        if (answer.status !== 200) expect(answer.body.error.code).toBe('factors_busy');
      }
      const sets = answers
        .filter((answer) => answer.status === 200)
        .map((answer) => answer.body.recoveryCodes as string[]);
      expect(sets.length).toBeGreaterThanOrEqual(1);
      // Only ten codes are left, whatever the order the two renewals ran in.
      expect((await staff.client.get('/api/auth/factors')).body.recoveryCodesLeft).toBe(10);

      const signingIn: boolean[] = [];
      for (const set of sets) signingIn.push(await recoveryCodeSignsIn(t, staff, set[0]!));
      expect(signingIn.filter(Boolean)).toHaveLength(1);
      expect(await recoveryCodeSignsIn(t, staff, staff.recoveryCodes[0]!)).toBe(false);
    },
  );

  test('when renewals reach the database at the same moment then exactly one of their sets is current', async () => {
    const staff = await enrolStaff(t, 'renewer.database');
    const account = await t.services.accounts.findByUsername(staff.username);
    const { factors } = t.services.repositories;
    const inTenMinutes = new Date(t.clock.now().getTime() + 10 * 60_000);
    for (let round = 0; round < 10; round++) {
      const sets = Array.from({ length: 4 }, () => hashesOf(createRecoveryCodes()));
      await Promise.all(
        sets.map((set) => factors.replaceRecoveryCodes(account!.id, set, inTenMinutes)),
      );
      const current: boolean[] = [];
      for (const set of sets) current.push(await factors.hasRecoveryCode(account!.id, set[0]!));
      expect({ round, current: current.filter(Boolean).length }).toEqual({ round, current: 1 });
      expect(await factors.countRecoveryCodes(account!.id)).toBe(10);
    }
  });
});
