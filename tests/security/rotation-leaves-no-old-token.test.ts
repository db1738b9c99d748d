/**
 * Attack: a caseworker who left keeps the linking key. With it they can test every phone number
 * against the stored tokens, and read which cases share which number. Defence: offboarding
 * retires the key (server/features/offboarding), no token is made with it again, and the
 * rotation that follows must re-key every linked case in one request (a partial one is refused
 * and changes nothing); afterwards no token made with the old key and no wrapping of the old key
 * is stored (server/features/case-links/case-links.service.ts). Here the old key recomputes the
 * tokens of every linked identifier and finds none of them, nor its own wrapping, in the database.
 */
import { seedCodedCases } from '../helpers/coded-cases';
import {
  caseLinksBody,
  firstCaseworkerKey,
  identifiersOf,
  storedLinkingKey,
  wrappedLinkingKey,
} from '../helpers/case-links';
import { dumpAllCollections, storedDocumentsOf } from '../helpers/database';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('a linking key after its holder was offboarded', () => {
  const t = useTestApp({ label: 'sec-link-rotation', caseworkers: 2 });

  test('when the key is rotated then no token of the old key and no wrapping of it is stored, and a partial rotation changes nothing', async () => {
    const { client } = await enrolStaff(t, 'rotation-caseworker');
    const handle = await firstCaseworkerKey(t);
    await seedCodedCases(t.connection, [
      { month: '2026-10', category: null, country: 'TR' },
      { month: '2026-10', category: null, country: 'TR' },
    ]);
    const caseIds = (await t.connection.db!.collection('cases').find({}).toArray()).map((record) =>
      String(record['_id']),
    );
    const first = await wrappedLinkingKey(t, handle, 1);
    await client.put('/api/case-links/key', first.body);
    const old = await storedLinkingKey(client, t, handle);
    const identifiers = identifiersOf(
      [
        ['phone', '+90 532 555 01 77'],
        ['wechat', 'WXID_rotation'],
      ],
      'TR',
    );
    const oldTokens: string[] = [];
    for (const caseId of caseIds) {
      const body = await caseLinksBody(t, handle, caseId, old, identifiers);
      oldTokens.push(...body.tokens);
      expect((await client.put(`/api/case-links/cases/${caseId}`, body)).status).toBe(200);
    }

    await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
    // The next directory leaves them out: a new key is wrapped for the caseworkers who stay.
    await t.publishDirectory();
    const next = await wrappedLinkingKey(t, handle, 2);
    const rekeyed = await Promise.all(
      caseIds.map(async (caseId) => {
        const body = await caseLinksBody(
          t,
          handle,
          caseId,
          { version: 2, key: next.key },
          identifiers,
        );
        return { caseId, tokens: body.tokens, identifiers: body.identifiers };
      }),
    );
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    const partial = await client.post('/api/case-links/rotation', {
      ...next.body,
      cases: rekeyed.slice(0, 1),
    });
    expect(partial.status).toBe(409);
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);

    expect(
      (await client.post('/api/case-links/rotation', { ...next.body, cases: rekeyed })).status,
    ).toBe(201);
    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    for (const token of oldTokens) expect(stored).not.toContain(token);
    expect(stored).not.toContain(first.body.message.slice(0, 200));
    const raw = await t.connection.db!.collection('linking_keys').findOne({});
    expect(Buffer.from(raw!['message'].buffer).toString('base64')).toBe(next.body.message);
    expect((await client.get(`/api/case-links/cases/${caseIds[0]}`)).body.linkedCases).toEqual([
      { caseId: caseIds[1], shared: 2 },
    ]);
  });
});
