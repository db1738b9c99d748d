/**
 * Attack: a caseworker whose account is disabled (they left, or their device was seized) had the
 * linking key in their dashboard and may have kept it: with it they can test every phone number
 * against the stored tokens. Defence: disabling a caseworker's account retires the key, as an
 * offboarding does (server/features/sign-in/account-disabling.ts): linking is refused with 409
 * linking_key_retired until a colleague rotates it. Disabling an analyst, who never held the
 * key, leaves linking as it was.
 */
import { randomBytes } from 'node:crypto';
import { disableAccountAsAdminCli } from '../helpers/account-disabling';
import { caseLinksBody, identifiersOf } from '../helpers/case-links';
import { linkingDesk, shareFirstLinkingKey } from '../helpers/linking-desk';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('disabling an account that held the linking key', () => {
  const t = useTestApp({ label: 'sec-link-disabled', caseworkers: 1 });

  const disable = async (staff: EnrolledStaff) => {
    const accountId = (await staff.client.get('/api/auth/session')).body.user.id as string;
    await disableAccountAsAdminCli(t, accountId);
  };

  test('when a caseworker account is disabled then the linking key is retired and no token is stored with it; an analyst`s is not', async () => {
    const staying = await linkingDesk(t, 'links-staying', ['TR']);
    const leaving = await enrolStaff(t, 'links-leaving');
    const analyst = await enrolStaff(t, 'links-analyst', 'analyst');
    const { handle } = staying;
    const caseId = staying.caseIds[0]!;
    const first = await shareFirstLinkingKey(t, staying.client, handle);
    const linkOnce = async () =>
      await staying.client.put(
        `/api/case-links/cases/${caseId}`,
        await caseLinksBody(
          t,
          handle,
          caseId,
          { version: 1, key: first.key },
          identifiersOf([['phone', `+90 532 555 ${(randomBytes(1)[0]! % 90) + 10} 77`]], 'TR'),
        ),
      );

    await disable(analyst);
    expect((await linkOnce()).status).toBe(200);

    await disable(leaving);
    expect((await staying.client.get('/api/case-links/key')).body.key).toMatchObject({
      version: 1,
      retired: true,
    });
    const stored = await t.connection
      .db!.collection('case_links')
      .findOne({ _id: caseId } as object);
    const refused = await linkOnce();
    expect([refused.status, refused.body.error.code]).toEqual([409, 'linking_key_retired']);
    expect(
      await t.connection.db!.collection('case_links').findOne({ _id: caseId } as object),
    ).toEqual(stored);
  });
});
