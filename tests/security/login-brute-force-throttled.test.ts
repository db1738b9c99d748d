/**
 * Attack: guessing a caseworker's password (or second factor) online. Attempts are counted per
 * account and per client address (keyed hash) with exponential delays; the owner's own browser
 * (device cookie from an earlier complete sign-in) is counted apart, so an attacker cannot lock
 * the owner out indefinitely.
 */
import request from 'supertest';
import { generateTotpCode } from '../../server/features/sign-in';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, StaffClient, type EnrolledStaff } from '../helpers/staff';

describe('online password guessing', () => {
  const t = useTestApp({
    label: 'sec-brute-force',
    caseworkers: 1,
    env: { TRUST_PROXY: '1' },
  });
  // Delays of 1-2 s are checked: only the test moves time, however slow the machine is.
  beforeAll(() => {
    t.clock.freeze();
  });

  let addressCounter = 0;
  /** Each call: a browser behind a different address (the test app trusts one proxy hop). */
  const fromNewAddress = () => `198.51.100.${++addressCounter}`;
  const guess = (username: string, address: string, password = 'not the password at all') =>
    request(t.app)
      .post('/api/auth/login')
      .set({ 'Content-Type': 'application/json', 'X-Forwarded-For': address })
      .send({ username, password });

  test('when an account is guessed at from many addresses then after 10 failures each guess must wait, doubling', async () => {
    await enrolStaff(t, 'victor');
    const statuses = [];
    for (let i = 0; i < 12; i++) statuses.push((await guess('victor', fromNewAddress())).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
    const throttled = await guess('victor', fromNewAddress());
    expect(throttled.body.error.code).toBe('login_throttled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // After the wait one more guess is allowed, then the wait doubles.
    t.clock.advance(1_100);
    expect((await guess('victor', fromNewAddress())).status).toBe(401);
    const next = await guess('victor', fromNewAddress());
    expect(next.status).toBe(429);
    expect(Number(next.headers['retry-after'])).toBe(2);
  });

  test('when the owner uses the browser they signed in with before then the attack does not lock them out', async () => {
    const owner = await enrolStaff(t, 'walida');
    // A complete sign-in gives the owner's browser its device cookie.
    const ownerBrowser = new StaffClient(t.app, t.config.publicOrigin);
    await signIn(ownerBrowser, owner);
    expect(ownerBrowser.cookies.get('__Host-amanat_device')).toBeDefined();
    await ownerBrowser.post('/api/auth/logout');

    for (let i = 0; i < 20; i++) await guess('walida', fromNewAddress());
    expect((await guess('walida', fromNewAddress(), owner.password)).status).toBe(429);

    // The owner, on their own browser, is not slowed down by the attacker's failures.
    await signIn(ownerBrowser, owner);
    expect((await ownerBrowser.get('/api/auth/session')).body.stage).toBe('full');
  });

  test('when one address guesses at many accounts then it is slowed down after 10 attempts', async () => {
    const address = fromNewAddress();
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await guess(`someone-${i}`, address)).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  test('when guesses run in parallel then they cannot all slip through the same slot', async () => {
    await enrolStaff(t, 'xamid');
    for (let i = 0; i < 10; i++) await guess('xamid', fromNewAddress());
    t.clock.advance(1_100);
    const parallel = await Promise.all(
      Array.from({ length: 8 }, () => guess('xamid', fromNewAddress())),
    );
    expect(parallel.filter((response) => response.status === 401).length).toBeLessThanOrEqual(1);
  });

  test('refused (throttled) guesses do not extend the wait', async () => {
    await enrolStaff(t, 'yulduz');
    for (let i = 0; i < 11; i++) await guess('yulduz', fromNewAddress());
    for (let i = 0; i < 20; i++) expect((await guess('yulduz', fromNewAddress())).status).toBe(429);
    t.clock.advance(2_100);
    expect((await guess('yulduz', fromNewAddress())).status).toBe(401);
  });

  async function signIn(client: StaffClient, staff: EnrolledStaff): Promise<void> {
    const headers = { 'X-Forwarded-For': fromNewAddress() };
    await client.post(
      '/api/auth/login',
      { username: staff.username, password: staff.password },
      { csrf: false, headers },
    );
    t.clock.advance(30_000);
    const done = await client.post(
      '/api/auth/second-factor/totp',
      { code: generateTotpCode(staff.totpSecret, t.clock.now()) },
      { headers },
    );
    expect(done.status).toBe(200);
  }
});
