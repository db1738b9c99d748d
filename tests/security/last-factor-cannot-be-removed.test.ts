/**
 * Attack: leave an account without an authenticator app or security key. At its next login such
 * an account is sent to enrolment, so whoever knows the password alone could enrol a factor of
 * their own and take the account. Defence (own-factors.ts remove): the last second factor is
 * never removed (409 last_factor; recovery codes do not count), and two removals sent at once
 * cannot both pass that check (each claims the next change of the account's factors, once).
 */
import { storeSecurityKey } from '../helpers/own-factors';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, StaffClient, type EnrolledStaff } from '../helpers/staff';

describe('the last second factor', () => {
  const t = useTestApp({ label: 'last-factor', caseworkers: 1 });

  async function loginStage(staff: EnrolledStaff): Promise<string> {
    const client = new StaffClient(t.app, t.config.publicOrigin);
    const login = await client.post(
      '/api/auth/login',
      { username: staff.username, password: staff.password },
      { csrf: false },
    );
    return login.body.stage as string;
  }

  test('when the only factor is removed then 409 last_factor, with recovery codes left, and the next login still asks for it', async () => {
    const staff = await enrolStaff(t, 'merey');
    const refused = await staff.client.post('/api/auth/factors/totp/remove');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_factor');
    const factors = await staff.client.get('/api/auth/factors');
    expect(factors.body.factors).toHaveLength(1);
    expect(factors.body.recoveryCodesLeft).toBe(10);
    expect(
      await t.connection
        .db!.collection('audit_log')
        .countDocuments({ event: 'factor.totp_removed' }),
    ).toBe(0);
    expect(await loginStage(staff)).toBe('second-factor');
  });

  test('when the other factor is removed first then the one left cannot be', async () => {
    const staff = await enrolStaff(t, 'nurlan');
    const keyId = await storeSecurityKey(t, staff, 'TEST ONLY key');
    expect((await staff.client.post('/api/auth/factors/totp/remove')).status).toBe(200);
    const refused = await staff.client.post(`/api/auth/factors/${keyId}/remove`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('last_factor');
    expect(await loginStage(staff)).toBe('second-factor');
  });

  test.each([1, 2, 3, 4, 5])(
    'when two factors are removed at the same moment then at most one goes (round %i)',
    async (round) => {
      const staff = await enrolStaff(t, `racer.${round}`);
      const keyId = await storeSecurityKey(t, staff, 'TEST ONLY key');
      const answers = await Promise.all([
        staff.client.post('/api/auth/factors/totp/remove'),
        staff.client.post(`/api/auth/factors/${keyId}/remove`),
      ]);
      expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
      for (const answer of answers.filter((answer) => answer.status !== 200)) {
        expect(answer.status).toBe(409);
        expect(['last_factor', 'factors_busy']).toContain(answer.body.error.code);
      }
      expect(
        (await staff.client.get('/api/auth/factors')).body.factors.length,
      ).toBeGreaterThanOrEqual(1);
      expect(await loginStage(staff)).toBe('second-factor');
    },
  );
});
