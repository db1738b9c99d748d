/**
 * Attack: finding out which usernames exist (to target a caseworker, or to learn who works for
 * the organisation). Unknown usernames and wrong passwords get the same status, code and message,
 * and the server does the same argon2id work for both, so timing does not tell them apart.
 */
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, inviteStaff } from '../helpers/staff';

describe('username enumeration', () => {
  const t = useTestApp({
    label: 'sec-enumeration',
    caseworkers: 1,
    env: { TRUST_PROXY: '1' },
  });
  beforeAll(async () => {
    await enrolStaff(t, 'zarina');
    await inviteStaff(t, 'invited-only');
  });

  let address = 0;
  const attempt = (username: string) =>
    request(t.app)
      .post('/api/auth/login')
      .set({ 'Content-Type': 'application/json', 'X-Forwarded-For': `203.0.113.${++address}` })
      .send({ username, password: 'a wrong password of decent length' });

  test('when the username exists, is only invited, or does not exist then the answers are identical', async () => {
    const answers = [];
    for (const username of ['zarina', 'invited-only', 'nobody-by-this-name']) {
      const response = await attempt(username);
      answers.push({
        status: response.status,
        body: { ...response.body, error: { ...response.body.error, requestId: '' } },
      });
    }
    expect(answers[0]).toEqual({
      status: 401,
      body: {
        error: {
          code: 'login_failed',
          message: 'The username or password is wrong.',
          requestId: '',
        },
      },
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  test('an unknown username costs the same password-hashing work as a wrong password', async () => {
    const time = async (username: string) => {
      const started = process.hrtime.bigint();
      await attempt(username);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time('zarina'));
      unknown.push(await time(`ghost-${i}`));
    }
    // Without the decoy hash an unknown name would answer in a few ms against ~100 ms; the bound
    // is loose because shared machines are noisy: it detects a missing decoy, not small jitter.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
    expect(median(known)).toBeGreaterThan(median(unknown) * 0.4);
  });
});
