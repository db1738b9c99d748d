/**
 * Attack: cross-site request forgery against a signed-in caseworker. Every state-changing staff
 * request needs the session's CSRF token, and a foreign Origin or cross-site Sec-Fetch-Site is
 * refused even with it. Nothing changes when a request is refused.
 */
import request from 'supertest';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';

describe('cross-site request forgery on staff routes', () => {
  const t = useTestApp({ label: 'sec-csrf', caseworkers: 1 });
  let staff: EnrolledStaff;
  beforeAll(async () => {
    staff = await enrolStaff(t, 'qadir');
  });

  const forged = (path: string, headers: Record<string, string>) =>
    request(t.app)
      .post(path)
      .set({ ...staff.client.headers(false), ...headers })
      .send({ currentPassword: staff.password, newPassword: 'attacker chosen password 123' });

  test('when the CSRF token is missing then the request is refused with 403 and nothing changes', async () => {
    const before = await t.connection.db!.collection('accounts').findOne({ username: 'qadir' });
    const response = await forged('/api/auth/password', {});
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
    const after = await t.connection.db!.collection('accounts').findOne({ username: 'qadir' });
    expect(after).toEqual(before);
  });

  test('when the token is wrong then the request is refused', async () => {
    const response = await forged('/api/auth/password', { 'X-CSRF-Token': 'x'.repeat(43) });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
  });

  test.each([
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    ['a cross-site fetch', { 'Sec-Fetch-Site': 'cross-site' }],
    ['a same-site (sibling subdomain) fetch', { 'Sec-Fetch-Site': 'same-site' }],
  ])(
    'when the request comes with %s then even the right token does not help',
    async (_name, headers) => {
      const response = await forged('/api/auth/password', {
        'X-CSRF-Token': staff.client.csrfToken!,
        ...headers,
      });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('csrf_failed');
    },
  );

  test('when login is posted from another site then it is refused (login CSRF)', async () => {
    const response = await request(t.app)
      .post('/api/auth/login')
      .set({ Origin: 'https://evil.example', 'Content-Type': 'application/json' })
      .send({ username: 'qadir', password: staff.password });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
  });

  test('when a form post (text/plain) tries to smuggle JSON then it is refused before anything runs', async () => {
    await reauthenticate(t, staff.client, staff);
    const response = await request(t.app)
      .put('/api/me/key')
      .set({ ...staff.client.headers(true), 'Content-Type': 'text/plain' })
      .send('{"armoredPublicKey":"x","protectedSecretKey":"y"}');
    expect(response.status).toBe(415);
  });

  test('with the token, the same origin and a fresh re-auth the same request works', async () => {
    const response = await staff.client.post('/api/auth/reauth', {
      password: staff.password,
      code: 'wrong1',
    });
    expect(response.status).toBe(401);
    const ok = await staff.client.get('/api/auth/session');
    expect(ok.body.stage).toBe('full');
  });
});
