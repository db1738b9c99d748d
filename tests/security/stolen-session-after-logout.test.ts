/**
 * Attack: a session cookie copied from a caseworker's browser (malware, shoulder, shared
 * machine). Logout, password change and offboarding end the session on the server, so the copy
 * stops working at once, on every app instance.
 */
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, postPassword, StaffClient } from '../helpers/staff';

describe('stolen session cookie', () => {
  const t = useTestApp({ label: 'sec-stolen-session', caseworkers: 1 });

  test('when the caseworker logs out then the stolen cookie stops working on every instance', async () => {
    const staff = await enrolStaff(t, 'nadira');
    const other = await t.startAnotherInstance();
    try {
      const thief = new StaffClient(other.app, t.config.publicOrigin);
      thief.cookies.set('__Host-amanat_session', staff.client.sessionCookie!);
      // Sessions are shared by instances: the copy works on the other instance...
      expect((await thief.get('/api/me/key')).status).toBe(200);
      expect((await staff.client.post('/api/auth/logout')).status).toBe(204);
      // ...until the owner logs out on the first one.
      const after = await thief.get('/api/me/key');
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('session_expired');
      expect((await thief.get('/api/auth/session')).body.stage).toBe('none');
    } finally {
      await other.close();
    }
  });

  test('when the password changes then a stolen cookie stops working', async () => {
    const staff = await enrolStaff(t, 'omar');
    const thief = new StaffClient(t.app, t.config.publicOrigin);
    thief.cookies.set('__Host-amanat_session', staff.client.sessionCookie!);
    const changed = await staff.client.post('/api/auth/password', {
      currentPassword: staff.password,
      newPassword: 'another long passphrase of mine',
    });
    expect(changed.status).toBe(204);
    expect((await thief.get('/api/me/key')).status).toBe(401);
  });

  test('the cookie is __Host-, Secure, HttpOnly and SameSite=Strict, with no lifetime of its own', async () => {
    const staff = await enrolStaff(t, 'parisa');
    const response = await staff.client.post('/api/auth/logout');
    expect(response.status).toBe(204);
    const fresh = new StaffClient(t.app, t.config.publicOrigin);
    const login = await postPassword(fresh, staff.username, staff.password);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-amanat_session=[A-Za-z0-9_-]{43}; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).not.toMatch(/Max-Age|Expires|Domain/i);
  });
});
