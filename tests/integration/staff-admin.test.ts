/**
 * Administration of staff: admins invite from the dashboard, see accounts,
 * and reset a lost second factor; each action needs a fresh re-authentication and is audited.
 */
import { generateTotpCode } from '../../server/features/sign-in';
import { useTestApp } from '../helpers/use-test-app';
import {
  acceptInvite,
  enrolStaff,
  reauthenticate,
  signInStaff,
  StaffClient,
  type EnrolledStaff,
} from '../helpers/staff';

/** An invitation sent now (after a session read) is refused until the admin re-authenticates. */
async function expectInviteNeedsReauth(client: StaffClient, username: string): Promise<void> {
  await client.get('/api/auth/session');
  const response = await client.post('/api/admin/invites', { username, role: 'caseworker' });
  expect(response.status).toBe(403);
  expect(response.body.error.code).toBe('reauth_required');
}

describe('staff administration', () => {
  const t = useTestApp({ label: 'staff-admin', caseworkers: 1 });
  let admin: EnrolledStaff;
  beforeAll(async () => {
    admin = await enrolStaff(t, 'dilbar', 'admin');
  });

  test('when an admin invites from the dashboard then the link works once for that role', async () => {
    await reauthenticate(t, admin.client, admin);
    const invite = await admin.client.post('/api/admin/invites', {
      username: 'Emin',
      role: 'analyst',
    });
    expect(invite.status).toBe(201);
    expect(invite.body.path).toBe(`/staff/#invite=${invite.body.token}`);
    const invitee = new StaffClient(t.app, t.config.publicOrigin);
    const accepted = await acceptInvite(invitee, invite.body.token);
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      stage: 'enrol-factor',
      user: { username: 'emin', role: 'analyst' },
    });
    // Before a factor is enrolled, nothing but enrolment is open.
    expect((await invitee.get('/api/admin/users')).status).toBe(403);
  });

  test.each([
    ['an unknown role', { username: 'fatima', role: 'superuser' }, 422, 'invalid_role'],
    ['a malformed username', { username: 'a b', role: 'caseworker' }, 422, 'invalid_username'],
    ['an operator', { username: { $ne: null }, role: 'caseworker' }, 400, 'invalid_request'],
    [
      'an extra field',
      { username: 'fatima', role: 'caseworker', status: 'active' },
      400,
      'invalid_request',
    ],
  ])(
    'when the invite has %s then it is refused with a specific error',
    async (_name, body, status, code) => {
      await reauthenticate(t, admin.client, admin);
      const before = await t.connection.db!.collection('accounts').countDocuments();
      const response = await admin.client.post('/api/admin/invites', body);
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(await t.connection.db!.collection('accounts').countDocuments()).toBe(before);
    },
  );

  test('when a caseworker or analyst calls admin routes then they are refused', async () => {
    const caseworker = await enrolStaff(t, 'gulshan');
    for (const path of ['/api/admin/users', '/api/admin/keys']) {
      const response = await caseworker.client.get(path);
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('role_forbidden');
    }
  });

  test('when the admin has not re-authenticated recently then admin actions are refused', async () => {
    t.clock.advance(6 * 60_000);
    await expectInviteNeedsReauth(admin.client, 'late');
  });

  test('when an admin resets a lost factor then the old factor and sessions stop working, and a new link re-enrols', async () => {
    const lost = await enrolStaff(t, 'husan');
    const users = (await admin.client.get('/api/admin/users')).body.users as {
      id: string;
      username: string;
      factors: { totp: boolean };
    }[];
    const target = users.find((user) => user.username === 'husan')!;
    expect(target.factors.totp).toBe(true);

    await reauthenticate(t, admin.client, admin);
    const reset = await admin.client.post(`/api/admin/users/${target.id}/reset-factors`);
    expect(reset.status).toBe(200);
    expect(reset.body.path).toMatch(/^\/staff\/#invite=/);
    // Their open session is gone, and the old password + TOTP no longer sign in.
    expect((await lost.client.get('/api/me/key')).status).toBe(401);
    await expect(signInStaff(t, lost)).rejects.toThrow(/login: 401/);

    // The new link: new password, new authenticator.
    const again = new StaffClient(t.app, t.config.publicOrigin);
    const accepted = await acceptInvite(again, reset.body.token, 'a new long password for me');
    expect(accepted.status).toBe(201);
    const setup = await again.post('/api/auth/factors/totp/setup');
    expect(setup.body.secret).not.toBe(lost.totpSecret);
    const confirmed = await again.post('/api/auth/factors/totp/confirm', {
      code: generateTotpCode(setup.body.secret, t.clock.now()),
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.session.stage).toBe('full');

    const audit = await t.connection
      .db!.collection('audit_log')
      .findOne({ event: 'factor.reset_by_admin' });
    expect(audit).toMatchObject({
      actor: expect.stringMatching(/^account:/),
      details: { username: 'husan' },
    });
  });
});

describe('the re-authentication window follows SESSION_REAUTH_MINUTES', () => {
  const t = useTestApp({
    label: 'staff-admin-reauth-window',
    caseworkers: 1,
    env: { SESSION_REAUTH_MINUTES: '1' },
  });

  test('when the window is one minute then an admin action two minutes after re-authenticating is refused', async () => {
    const admin = await enrolStaff(t, 'nursel', 'admin');
    await reauthenticate(t, admin.client, admin);
    t.clock.advance(2 * 60_000);
    await expectInviteNeedsReauth(admin.client, 'window');
  });
});
