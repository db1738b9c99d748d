/**
 * Attack: a caseworker whose account is disabled (they left, or their device was seized) had the
 * linking key in their dashboard and may have kept it: with it they can test every phone number
 * against the stored tokens. Defence: disabling a caseworker's account retires the key, as an
 * offboarding does (server/features/sign-in/account-disabling.ts): linking is refused with 409
 * linking_key_retired until a colleague rotates it. Disabling an analyst, who never held the
 * key, leaves linking as it was.
 */
import { randomBytes } from 'node:crypto';
import { seedCodedCases } from '../helpers/coded-cases';
import {
  caseLinksBody,
  firstCaseworkerKey,
  identifiersOf,
  wrappedLinkingKey,
} from '../helpers/case-links';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';
import { disableAccount } from '../../server/features/sign-in';

describe('disabling an account that held the linking key', () => {
  const t = useTestApp({ label: 'sec-link-disabled', caseworkers: 1 });

  const disable = async (staff: EnrolledStaff) => {
    const accountId = (await staff.client.get('/api/auth/session')).body.user.id as string;
    const { services } = t;
    await disableAccount(
      {
        accounts: services.accounts,
        audit: services.audit,
        factors: services.repositories.factors,
        sessions: services.repositories.sessions,
        caseReads: services.repositories.caseReads,
        caseLinks: services.caseLinks,
      },
      'admin-cli',
      accountId,
    );
  };

  test('when a caseworker account is disabled then the linking key is retired and no token is stored with it; an analyst`s is not', async () => {
    const staying = await enrolStaff(t, 'links-staying');
    const leaving = await enrolStaff(t, 'links-leaving');
    const analyst = await enrolStaff(t, 'links-analyst', 'analyst');
    const handle = await firstCaseworkerKey(t);
    await seedCodedCases(t.connection, [{ month: '2026-10', category: null, country: 'TR' }]);
    const caseId = String((await t.connection.db!.collection('cases').findOne({}))!['_id']);
    const first = await wrappedLinkingKey(t, handle, 1);
    expect((await staying.client.put('/api/case-links/key', first.body)).status).toBe(201);
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
