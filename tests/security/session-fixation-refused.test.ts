/**
 * Attack: session fixation. The attacker obtains a session id (by starting a login of their own)
 * and plants it in a caseworker's browser before the caseworker signs in. Every change of
 * privilege issues a new id, so the planted one never becomes a signed-in session.
 */
import { generateTotpCode } from '../../server/features/sign-in';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, postPassword, StaffClient } from '../helpers/staff';

describe('session fixation', () => {
  const t = useTestApp({ label: 'sec-fixation', caseworkers: 1 });

  test('when a caseworker signs in with a planted session cookie then the planted id gains nothing', async () => {
    const victim = await enrolStaff(t, 'victim');
    const attacker = await enrolStaff(t, 'attacker');
    // The attacker starts a login of their own and keeps the half-open session id.
    const attackerBrowser = new StaffClient(t.app, t.config.publicOrigin);
    await postPassword(attackerBrowser, 'attacker', attacker.password);
    const planted = attackerBrowser.sessionCookie!;
    expect(planted).toBeDefined();

    // The victim's browser carries the planted cookie and signs in through it.
    const victimBrowser = new StaffClient(t.app, t.config.publicOrigin);
    victimBrowser.cookies.set('__Host-amanat_session', planted);
    const login = await postPassword(victimBrowser, 'victim', victim.password);
    expect(login.status).toBe(200);
    const afterPassword = victimBrowser.sessionCookie!;
    expect(afterPassword).not.toBe(planted);
    t.clock.advance(30_000);
    await victimBrowser.post('/api/auth/second-factor/totp', {
      code: generateTotpCode(victim.totpSecret, t.clock.now()),
    });
    const signedIn = victimBrowser.sessionCookie!;
    expect(signedIn).not.toBe(afterPassword);
    expect((await victimBrowser.get('/api/me/key')).status).toBe(200);

    // The planted id and the intermediate id are both dead.
    for (const stale of [planted, afterPassword]) {
      const probe = new StaffClient(t.app, t.config.publicOrigin);
      probe.cookies.set('__Host-amanat_session', stale);
      expect((await probe.get('/api/auth/session')).body.stage).toBe('none');
      expect((await probe.get('/api/me/key')).status).toBe(401);
    }
  });

  test('when an arbitrary cookie value is planted then it is ignored and never stored', async () => {
    const staff = await enrolStaff(t, 'second-victim');
    const browser = new StaffClient(t.app, t.config.publicOrigin);
    browser.cookies.set('__Host-amanat_session', 'attacker-chosen-value-0000000000000000000');
    await postPassword(browser, staff.username, staff.password);
    expect(browser.sessionCookie).not.toBe('attacker-chosen-value-0000000000000000000');
    const stored = await t.connection.db!.collection('staff_sessions').find({}).toArray();
    expect(JSON.stringify(stored)).not.toContain('attacker-chosen-value');
  });

  test('session ids are stored only as hashes: a database reader cannot replay one', async () => {
    const staff = await enrolStaff(t, 'third-victim');
    const stored = await t.connection.db!.collection('staff_sessions').find({}).toArray();
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(staff.client.sessionCookie!);
  });
});
