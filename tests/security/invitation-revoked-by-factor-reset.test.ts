/**
 * Attack: claim a staff account with an older enrolment link. An admin resets someone's factors
 * (a lost phone, a suspected compromise) and hands over the link; something goes wrong and the
 * admin resets again with a new link. The first link may sit in a mailbox, a chat or a seized
 * phone. Defence (accounts.service.ts issueInvite): a new link for an account revokes every
 * earlier link of it not yet used, so only the newest one works; an older one is refused with
 * 404 `invite_revoked` and leaves the account as it was.
 */
import { AccountsRepository } from '../../server/features/accounts';
import { useTestApp } from '../helpers/use-test-app';
import {
  acceptInvite,
  enrolStaff,
  inviteStaff,
  reauthenticate,
  StaffClient,
  type EnrolledStaff,
} from '../helpers/staff';

const NEW_PASSWORD = 'TEST ONLY the rightful new password';
const ATTACKER_PASSWORD = 'TEST ONLY the attacker chose this one';

describe('enrolment links after a factor reset', () => {
  const t = useTestApp({ label: 'invite-revoked', caseworkers: 1 });
  let admin: EnrolledStaff;
  beforeAll(async () => {
    admin = await enrolStaff(t, 'admin.saule', 'admin');
  });

  async function accountIdOf(username: string): Promise<string> {
    const users = (await admin.client.get('/api/admin/users')).body.users as {
      id: string;
      username: string;
    }[];
    return users.find((user) => user.username === username)!.id;
  }

  async function resetFactors(accountId: string): Promise<string> {
    await reauthenticate(t, admin.client, admin);
    const reset = await admin.client.post(`/api/admin/users/${accountId}/reset-factors`);
    expect(reset.status).toBe(200);
    return reset.body.token as string;
  }

  async function accept(token: string, password: string) {
    const browser = new StaffClient(t.app, t.config.publicOrigin);
    const answer = await acceptInvite(browser, token, password);
    return { answer, browser };
  }

  const statusOf = async (accountId: string) =>
    (await new AccountsRepository(t.connection).findById(accountId))!.status;

  test('when factors are reset twice then the first link is refused as revoked and only the second enrols', async () => {
    await enrolStaff(t, 'dilara');
    const accountId = await accountIdOf('dilara');
    const first = await resetFactors(accountId);
    const second = await resetFactors(accountId);

    const stolen = await accept(first, ATTACKER_PASSWORD);
    expect(stolen.answer.status).toBe(404);
    expect(stolen.answer.body.error.code).toBe('invite_revoked');
    // No session for the holder of the old link, and the account still waits for the new one.
    expect(stolen.browser.sessionCookie).toBeUndefined();
    expect(await statusOf(accountId)).toBe('invited');

    const rightful = await accept(second, NEW_PASSWORD);
    expect(rightful.answer.status).toBe(201);
    expect(rightful.answer.body.stage).toBe('enrol-factor');
    expect(await statusOf(accountId)).toBe('active');
    // Still refused afterwards, and with the same clear code.
    expect((await accept(first, ATTACKER_PASSWORD)).answer.body.error.code).toBe('invite_revoked');
  });

  test('when an invited account that never enrolled is reset then its original invitation is revoked too', async () => {
    const original = await inviteStaff(t, 'yerlan');
    const accountId = await accountIdOf('yerlan');
    const replacement = await resetFactors(accountId);

    const stolen = await accept(original, ATTACKER_PASSWORD);
    expect(stolen.answer.status).toBe(404);
    expect(stolen.answer.body.error.code).toBe('invite_revoked');
    expect((await accept(replacement, NEW_PASSWORD)).answer.status).toBe(201);
  });
});
