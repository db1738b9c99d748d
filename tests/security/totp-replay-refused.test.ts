/**
 * Attack: a TOTP code seen over a shoulder, phished or captured is replayed within its 30-90 s
 * window. Each time step is accepted once per account, even when two requests race.
 */
import { generateTotpCode } from '../../server/features/sign-in';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, postPassword, StaffClient } from '../helpers/staff';

describe('TOTP replay', () => {
  const t = useTestApp({ label: 'sec-totp-replay', caseworkers: 1 });

  const halfSignedIn = async (username: string, password: string) => {
    const client = new StaffClient(t.app, t.config.publicOrigin);
    const login = await postPassword(client, username, password);
    expect(login.body.stage).toBe('second-factor');
    return client;
  };

  test('when a code that was just used is sent again then it is refused', async () => {
    const staff = await enrolStaff(t, 'rustam');
    t.clock.advance(30_000);
    const code = generateTotpCode(staff.totpSecret, t.clock.now());
    const owner = await halfSignedIn('rustam', staff.password);
    expect((await owner.post('/api/auth/second-factor/totp', { code })).status).toBe(200);
    const attacker = await halfSignedIn('rustam', staff.password);
    const replay = await attacker.post('/api/auth/second-factor/totp', { code });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('second_factor_failed');
  });

  test('when the same code is sent by two sessions at once then exactly one succeeds', async () => {
    const staff = await enrolStaff(t, 'sabina');
    t.clock.advance(30_000);
    const code = generateTotpCode(staff.totpSecret, t.clock.now());
    const [a, b] = [
      await halfSignedIn('sabina', staff.password),
      await halfSignedIn('sabina', staff.password),
    ];
    const results = await Promise.all(
      [a, b].map((client) => client.post('/api/auth/second-factor/totp', { code })),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    // The loser is refused as a replay (401) or as a simultaneous attempt (429).
    expect([401, 429]).toContain(statuses.find((status) => status !== 200));
  });

  test('when an older code of the window is sent after a newer one was used then it is refused', async () => {
    const staff = await enrolStaff(t, 'timur');
    t.clock.advance(60_000);
    const older = generateTotpCode(staff.totpSecret, t.clock.now());
    t.clock.advance(30_000);
    const newer = generateTotpCode(staff.totpSecret, t.clock.now());
    const first = await halfSignedIn('timur', staff.password);
    expect((await first.post('/api/auth/second-factor/totp', { code: newer })).status).toBe(200);
    const second = await halfSignedIn('timur', staff.password);
    expect((await second.post('/api/auth/second-factor/totp', { code: older })).status).toBe(401);
  });

  test('when the enrolment code is replayed at the next login then it is refused', async () => {
    const staff = await enrolStaff(t, 'umida');
    // enrolStaff confirmed TOTP with the code of "now"; the clock has not moved.
    const replayed = generateTotpCode(staff.totpSecret, t.clock.now());
    const client = await halfSignedIn('umida', staff.password);
    expect((await client.post('/api/auth/second-factor/totp', { code: replayed })).status).toBe(
      401,
    );
  });
});
