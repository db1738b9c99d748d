/**
 * Attack: someone holding an admin's password and one recovery code (both can be stolen on paper)
 * signs in with the code and uses the admin's powers: resets the owner's own factors (the answer
 * carries a fresh invitation, so the intruder enrols their own and the owner is locked out),
 * resets another admin's factors, or invites a sleeper admin. Defence (requireFactorProof on the
 * admin routes): these need a re-authentication made with an app or security key; a recovery
 * code, or a factor added under one and still in its cooling-off, only lets the person enrol a
 * factor. And no admin resets their own factors from the admin page.
 */
import { signInWithRecoveryCode } from '../helpers/own-factors';
import { enrolStaff, type EnrolledStaff, type StaffClient } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe("an admin's password and one recovery code, against the admin powers", () => {
  const t = useTestApp({ label: 'recovery-admin-powers' });
  let owner: EnrolledStaff;
  let other: EnrolledStaff;

  beforeAll(async () => {
    owner = await enrolStaff(t, 'admin.owner', 'admin');
    other = await enrolStaff(t, 'admin.other', 'admin');
  });

  const idOf = async (username: string): Promise<string> => {
    const listed = await owner.client.get('/api/admin/users');
    expect(listed.status).toBe(200);
    const users = (listed.body as { users: { id: string; username: string }[] }).users;
    return users.find((user) => user.username === username)!.id;
  };

  const factorsOf = async (username: string): Promise<unknown> => {
    const listed = await owner.client.get('/api/admin/users');
    const users = (listed.body as { users: { username: string; factors: unknown }[] }).users;
    return users.find((user) => user.username === username)!.factors;
  };

  const expectRefused = async (
    client: StaffClient,
    path: string,
    body: object,
    code: string,
  ): Promise<void> => {
    const answer = await client.post(path, body);
    expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({
      path,
      status: 403,
      code,
    });
  };

  test('when the intruder signed in with a recovery code then resets and invitations are refused and nothing changes', async () => {
    const before = {
      owner: await factorsOf(owner.username),
      other: await factorsOf(other.username),
    };
    const intruder = await signInWithRecoveryCode(t, owner, owner.recoveryCodes[0]!);
    const [ownerId, otherId] = [await idOf(owner.username), await idOf(other.username)];

    await expectRefused(
      intruder,
      `/api/admin/users/${ownerId}/reset-factors`,
      {},
      'reauth_factor_required',
    );
    await expectRefused(
      intruder,
      `/api/admin/users/${otherId}/reset-factors`,
      {},
      'reauth_factor_required',
    );
    await expectRefused(
      intruder,
      '/api/admin/invites',
      { username: 'sleeper.admin', role: 'admin' },
      'reauth_factor_required',
    );
    expect({
      owner: await factorsOf(owner.username),
      other: await factorsOf(other.username),
    }).toEqual(before);
    const users = (await owner.client.get('/api/admin/users')).body as {
      users: { username: string }[];
    };
    expect(users.users.map((user) => user.username)).not.toContain('sleeper.admin');
  });

  test("when the owner proved with their app then another admin's reset is allowed but their own is not", async () => {
    const ownerId = await idOf(owner.username);
    await expectRefused(
      owner.client,
      `/api/admin/users/${ownerId}/reset-factors`,
      {},
      'own_account',
    );
    expect(await factorsOf(owner.username)).toEqual({ totp: true, webauthn: 0 });
    const reset = await owner.client.post(
      `/api/admin/users/${await idOf(other.username)}/reset-factors`,
      {},
    );
    expect(reset.status).toBe(200);
  });
});
