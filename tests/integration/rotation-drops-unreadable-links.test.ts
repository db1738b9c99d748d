/**
 * A rotation after an offboarding must re-key every linked case, but a case whose identifiers no
 * caseworker can open any more (sealed only to the one who left, or not trusted) cannot be
 * re-keyed. The rotation names it with no tokens and no identifiers: its links go, the others
 * are re-keyed, and tokens without identifiers are refused with nothing stored.
 */
import { identifiersOf } from '../helpers/case-links';
import { storedDocumentsOf } from '../helpers/database';
import { linkedThenOffboarded, rotationBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a rotation that drops the links of a case nobody can open', () => {
  const t = useTestApp({ label: 'link-rotation-drop', caseworkers: 2 });

  test('when a rotation names a case with no tokens and no identifiers then its links go and the others are re-keyed', async () => {
    const identifiers = identifiersOf([['phone', '+90 532 555 01 77']], 'TR');
    const { client, handle, caseIds } = await linkedThenOffboarded(
      t,
      'rotation-drop-caseworker',
      ['TR', 'TR'],
      identifiers,
    );
    const [kept, dropped] = caseIds as [string, string];

    const next = (await rotationBody(t, handle, [kept], identifiers, 2)).body;
    const keptCase = next.cases[0]!;
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    const tokensAlone = await client.post('/api/case-links/rotation', {
      ...next,
      cases: [keptCase, { caseId: dropped, tokens: keptCase.tokens, identifiers: null }],
    });
    expect([tokensAlone.status, tokensAlone.body.error.code]).toEqual([
      409,
      'link_identifiers_required',
    ]);
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);

    const rotated = await client.post('/api/case-links/rotation', {
      ...next,
      cases: [keptCase, { caseId: dropped, tokens: [], identifiers: null }],
    });
    expect(rotated.status).toBe(201);
    const stored = await t.connection.db!.collection('case_links').find({}).toArray();
    expect(stored.map((links) => [links['_id'], links['keyVersion']])).toEqual([[kept, 2]]);
    expect((await client.get('/api/case-links/key')).body.key).toMatchObject({
      version: 2,
      retired: false,
    });
  });
});
