/**
 * Attack: a caseworker who left keeps the linking key. With it they can test every phone number
 * against the stored tokens, and read which cases share which number. Defence: offboarding
 * retires the key (server/features/offboarding), no token is made with it again, and the
 * rotation that follows must re-key every linked case in one request (a partial one is refused
 * and changes nothing); afterwards no token made with the old key and no wrapping of the old key
 * is stored (server/features/case-links/case-links.service.ts). Here the old key recomputes the
 * tokens of every linked identifier and finds none of them, nor its own wrapping, in the database.
 */
import { identifiersOf } from '../helpers/case-links';
import { dumpAllCollections, storedDocumentsOf } from '../helpers/database';
import { linkedThenOffboarded, rotationBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a linking key after its holder was offboarded', () => {
  const t = useTestApp({ label: 'sec-link-rotation', caseworkers: 2 });

  test('when the key is rotated then no token of the old key and no wrapping of it is stored, and a partial rotation changes nothing', async () => {
    const identifiers = identifiersOf(
      [
        ['phone', '+90 532 555 01 77'],
        ['wechat', 'WXID_rotation'],
      ],
      'TR',
    );
    // The first key, as the dashboard unwraps it from the server, makes the old tokens.
    const { client, handle, caseIds, first, oldTokens } = await linkedThenOffboarded(
      t,
      'rotation-caseworker',
      ['TR', 'TR'],
      identifiers,
    );
    const next = (await rotationBody(t, handle, caseIds, identifiers, 2)).body;
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    const partial = await client.post('/api/case-links/rotation', {
      ...next,
      cases: next.cases.slice(0, 1),
    });
    expect(partial.status).toBe(409);
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);

    expect((await client.post('/api/case-links/rotation', next)).status).toBe(201);
    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    for (const token of oldTokens) expect(stored).not.toContain(token);
    expect(stored).not.toContain(first.body.message.slice(0, 200));
    const raw = await t.connection.db!.collection('linking_keys').findOne({});
    expect(Buffer.from(raw!['message'].buffer).toString('base64')).toBe(next.message);
    expect((await client.get(`/api/case-links/cases/${caseIds[0]}`)).body.linkedCases).toEqual([
      { caseId: caseIds[1], shared: 2 },
    ]);
  });
});
