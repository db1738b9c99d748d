/**
 * Attack: locking a caseworker out of the clearnet sign-in by guessing at their account through
 * the onion service (or the other way round), or locking every onion staff sign-in with guesses
 * at many accounts. Behind Tor every attempt comes from the tor daemon and a new circuit costs
 * nothing. Defence (login-throttle.ts): attempts on the onion listener are counted under keys of
 * their own (the account or device, no address), so the two paths never throttle each other and
 * no single onion bucket exists for a flooder to keep full; their cost waits in the onion
 * sign-in queue instead.
 */
import type { RequestListener } from 'node:http';
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff } from '../helpers/staff';

const WRONG_PASSWORD = 'not the password at all';

describe('onion sign-in attempts are throttled apart from the clearnet', () => {
  const t = useTestApp({
    label: 'sec-onion-sign-in',
    caseworkers: 1,
    // The onion sign-in queue is not what this test is about: let every attempt through.
    env: { TRUST_PROXY: '1', ONION_SIGN_IN_PER_MINUTE: '100000' },
  });
  // Only the test moves time: no throttling delay runs out on a slow machine.
  beforeAll(() => {
    t.clock.freeze();
  });

  /**
   * Sign-in attempts to `app`, each claiming a new address under `prefix`: through the onion
   * listener, a new connection per attempt; on the clearnet, a new client behind the one proxy
   * hop the test app trusts.
   */
  const attemptsThrough = (app: () => RequestListener, prefix: string) => {
    let next = 0;
    return (username: string, password = WRONG_PASSWORD) =>
      request(app())
        .post('/api/auth/login')
        .set({ 'Content-Type': 'application/json', 'X-Forwarded-For': `${prefix}${++next}` })
        .send({ username, password });
  };
  const overOnion = attemptsThrough(() => t.onionApp, '203.0.113.');
  const overClearnet = attemptsThrough(() => t.app, '198.51.100.');

  const statusesOf = async (attempts: (() => PromiseLike<{ status: number }>)[]) => {
    const statuses: number[] = [];
    for (const attempt of attempts) statuses.push((await attempt()).status);
    return statuses;
  };
  const throttledAfterTen = [...Array<number>(10).fill(401), 429, 429, 429, 429];

  test('when an account is guessed at through the onion service then its owner still signs in on the clearnet', async () => {
    const owner = await enrolStaff(t, 'victor');
    // The onion path has a throttle of its own: 10 free attempts, then a wait.
    expect(await statusesOf(Array.from({ length: 14 }, () => () => overOnion('victor')))).toEqual(
      throttledAfterTen,
    );
    // A browser without a device cookie, on the clearnet: not slowed down by the onion guesses.
    const signIn = await overClearnet('victor', owner.password);
    expect(signIn.status).toBe(200);
    expect(signIn.body.stage).toBe('second-factor');
  });

  test('when an account is guessed at on the clearnet then its owner still signs in through the onion service', async () => {
    const owner = await enrolStaff(t, 'walida');
    expect(
      await statusesOf(Array.from({ length: 14 }, () => () => overClearnet('walida'))),
    ).toEqual(throttledAfterTen);
    const signIn = await overOnion('walida', owner.password);
    expect(signIn.status).toBe(200);
    expect(signIn.body.stage).toBe('second-factor');
  });

  test('when onion guesses spread over many accounts then no shared onion bucket fills and other staff still sign in', async () => {
    const owner = await enrolStaff(t, 'xamid');
    // On the clearnet one address is slowed down after 10 attempts; through Tor everyone is
    // "one address", so no such bucket exists there: each account counts its own attempts.
    const spread = Array.from({ length: 20 }, (_, i) => () => overOnion(`nobody-${i}`));
    expect(await statusesOf(spread)).toEqual(Array(20).fill(401));
    expect((await overOnion('xamid', owner.password)).status).toBe(200);
  });
});
