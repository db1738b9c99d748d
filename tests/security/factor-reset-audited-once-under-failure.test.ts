/**
 * Attack: reset a colleague's second factors (their account back to "invited", a fresh link to
 * claim it) without the audit log showing who did it, or hide one reset among duplicates, by
 * making the database connection fail in the middle of the request. Defence (sign-in.service.ts
 * resetFactors, accounts.service.ts resetToInvited): the reset is audited before the account
 * changes, keyed by the account and the number of links issued to it so far; a retry before the
 * new link is stored is the same reset, a reset that issued its link is a new one. Real faults:
 * a TCP proxy between the app and the database cuts one chosen command before the database sees
 * it, or after it ran and before its answer comes back.
 */
import { retryWhileUnavailable, useAuditFaultStage } from '../helpers/audit-faults';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';
import type { InterceptVerdict } from '../helpers/tcp-proxy';

const stage = useAuditFaultStage({ label: 'reset-audit-once', caseworkers: 1 });
let admin: EnrolledStaff;

beforeAll(async () => {
  admin = await enrolStaff(stage.t, 'reset.admin', 'admin');
});

/** A signed-up caseworker whose factors the admin is about to reset; returns their account id. */
async function enrolledColleague(username: string): Promise<string> {
  await enrolStaff(stage.t, username);
  const account = await stage.direct.db!.collection('accounts').findOne({ username });
  return account!['_id'] as unknown as string;
}

async function stateOf(accountId: string) {
  const account = await stage.direct
    .db!.collection('accounts')
    .findOne({ _id: accountId as never });
  return {
    status: account!['status'] as string,
    links: await stage.direct.db!.collection('invites').countDocuments({ accountId }),
    entries: (await stage.entries('factor.reset_by_admin', { account: accountId })).length,
  };
}

const faults: [string, string, string, InterceptVerdict, string, number][] = [
  // [what, command, collection, verdict, status after the fault, entries after the fault]
  [
    'its audit entry is cut off before the database sees it',
    'insert',
    'audit_log',
    'cut-before',
    'active',
    0,
  ],
  ['the answer to its audit entry is lost', 'insert', 'audit_log', 'cut-after-answer', 'active', 1],
  [
    'the account update is cut off before the database sees it',
    'update',
    'accounts',
    'cut-before',
    'active',
    1,
  ],
  [
    'the new link is cut off before the database sees it',
    'insert',
    'invites',
    'cut-before',
    'invited',
    1,
  ],
];

describe('a factor reset whose request fails in the middle', () => {
  test.each(faults.map((fault, index) => [...fault, index] as const))(
    'when %s then the account is not reset unaudited, and the retry resets it with one entry',
    async (_what, command, collection, verdict, statusAfterFault, entriesAfterFault, index) => {
      const accountId = await enrolledColleague(`colleague.${index}`);
      await reauthenticate(stage.t, admin.client, admin);
      const send = () => admin.client.post(`/api/admin/users/${accountId}/reset-factors`);

      const failed = await stage.withFault(command, collection, verdict, send);
      expect(failed.status).toBe(503);
      // Never a reset account (or a new link to claim it) without the entry naming the admin.
      expect(await stateOf(accountId)).toEqual({
        status: statusAfterFault,
        links: 1,
        entries: entriesAfterFault,
      });

      const retried = await retryWhileUnavailable(send);
      expect(retried.status).toBe(200);
      expect(await stateOf(accountId)).toEqual({ status: 'invited', links: 2, entries: 1 });
      const [entry] = await stage.entries('factor.reset_by_admin', { account: accountId });
      expect(entry).toMatchObject({
        actor: expect.stringMatching(/^account:/),
        details: { account: accountId, username: `colleague.${index}` },
      });
    },
  );

  test('when the answer carrying the new link is lost then asking again issues another link, and each link has its own entry', async () => {
    const accountId = await enrolledColleague('colleague.lost');
    await reauthenticate(stage.t, admin.client, admin);
    const send = () => admin.client.post(`/api/admin/users/${accountId}/reset-factors`);

    const failed = await stage.withFault('insert', 'invites', 'cut-after-answer', send);
    expect(failed.status).toBe(503);
    expect(await stateOf(accountId)).toEqual({ status: 'invited', links: 2, entries: 1 });

    // The admin never saw that link: the reset is done again, and revokes it.
    expect((await retryWhileUnavailable(send)).status).toBe(200);
    expect(await stateOf(accountId)).toEqual({ status: 'invited', links: 3, entries: 2 });
  });
});
