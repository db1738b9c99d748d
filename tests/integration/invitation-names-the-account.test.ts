/**
 * POST /api/auth/invites/look-up: the invitation page asks whom its link is for before a
 * password is chosen. An open link answers the account's username and stays usable; each look-up
 * is in the audit log under the invited account (never with the token); a used, replaced,
 * expired or unknown link is refused exactly as accepting it would be, and so is a look-up posted
 * from another site; a malformed request gets a clear 400. No account or invitation changes.
 */
import request from 'supertest';
import { CASE_AND_ACCOUNT_COLLECTIONS, storedDocumentsOf } from '../helpers/database';
import { accountsOf, inviteStaff, STAFF_PASSWORD, StaffClient } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const t = useTestApp({ label: 'invite-look-up', caseworkers: 1 });
const client = (): StaffClient => new StaffClient(t.app, t.config.publicOrigin);
const lookUp = (body: object) => client().post('/api/auth/invites/look-up', body, { csrf: false });

describe('looking up an invitation link', () => {
  test('when the link is open then the answer names the account and the link can still be used', async () => {
    const token = await inviteStaff(t, 'caseworker.rahila', 'caseworker');
    const before = await storedDocumentsOf(t.connection, CASE_AND_ACCOUNT_COLLECTIONS);
    const answer = await lookUp({ token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ username: 'caseworker.rahila' });
    expect(await storedDocumentsOf(t.connection, CASE_AND_ACCOUNT_COLLECTIONS)).toBe(before);
    const accepted = await client().post(
      '/api/auth/invites/accept',
      { token, password: STAFF_PASSWORD },
      { csrf: false },
    );
    expect(accepted.status).toBe(201);
  });

  test('when a link is looked up then the audit log says so under the invited account, without the token', async () => {
    const { account, token } = await accountsOf(t).invite('analyst.audited', 'analyst');
    const audit = t.connection.db!.collection('audit_log');
    const event = { event: 'account.invitation_looked_up', actor: `account:${account.id}` };
    expect(await audit.countDocuments(event)).toBe(0);
    await lookUp({ token });
    await lookUp({ token });
    const entries = await audit.find(event).toArray();
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  test('when the link has expired then the look-up is refused as invite_invalid', async () => {
    const { account, token } = await accountsOf(t).invite('caseworker.late', 'caseworker');
    await t.connection
      .db!.collection('invites')
      .updateMany({ accountId: account.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const answer = await lookUp({ token });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'invite_invalid' } });
  });

  test('when the look-up is posted from another site then it is refused before the link is read', async () => {
    const token = await inviteStaff(t, 'caseworker.framed', 'caseworker');
    const answer = await request(t.app)
      .post('/api/auth/invites/look-up')
      .set({ Origin: 'https://evil.example', 'Content-Type': 'application/json' })
      .send({ token });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { code: 'csrf_failed' } });
  });

  test('when the link was used then the look-up is refused as invite_invalid', async () => {
    const token = await inviteStaff(t, 'caseworker.used', 'caseworker');
    await client().post(
      '/api/auth/invites/accept',
      { token, password: STAFF_PASSWORD },
      { csrf: false },
    );
    const answer = await lookUp({ token });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'invite_invalid' } });
  });

  test('when a newer link replaced it then the look-up is refused as invite_revoked', async () => {
    const first = await accountsOf(t).invite('analyst.replaced', 'analyst');
    await accountsOf(t).issueInvite(first.account.id);
    const answer = await lookUp({ token: first.token });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: { code: 'invite_revoked' } });
  });

  test('when the token is unknown or the request malformed then it is refused with a clear code', async () => {
    const unknown = await lookUp({ token: 'x'.repeat(43) });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'invite_invalid' } });
    for (const body of [{}, { token: 'short' }, { token: 'x'.repeat(43), password: 'extra' }]) {
      const refused = await lookUp(body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_request' } });
    }
  });
});
