/**
 * A rotation after an offboarding must re-key every linked case, but a case whose identifiers no
 * caseworker can open any more (sealed only to the one who left, or not trusted) cannot be
 * re-keyed. The rotation names it with no tokens and no identifiers: its links go, the others
 * are re-keyed, and tokens without identifiers are refused with nothing stored.
 */
import { seedCodedCases } from '../helpers/coded-cases';
import {
  caseLinksBody,
  firstCaseworkerKey,
  identifiersOf,
  wrappedLinkingKey,
} from '../helpers/case-links';
import { storedDocumentsOf } from '../helpers/database';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('a rotation that drops the links of a case nobody can open', () => {
  const t = useTestApp({ label: 'link-rotation-drop', caseworkers: 2 });

  test('when a rotation names a case with no tokens and no identifiers then its links go and the others are re-keyed', async () => {
    const { client } = await enrolStaff(t, 'rotation-drop-caseworker');
    const handle = await firstCaseworkerKey(t);
    await seedCodedCases(
      t.connection,
      [1, 2].map(() => ({ month: '2026-10', category: null, country: 'TR' })),
    );
    const [kept, dropped] = (await t.connection.db!.collection('cases').find({}).toArray()).map(
      (record) => String(record['_id']),
    ) as [string, string];
    const identifiers = identifiersOf([['phone', '+90 532 555 01 77']], 'TR');
    const first = await wrappedLinkingKey(t, handle, 1);
    expect((await client.put('/api/case-links/key', first.body)).status).toBe(201);
    for (const caseId of [kept, dropped]) {
      const body = await caseLinksBody(
        t,
        handle,
        caseId,
        { version: 1, key: first.key },
        identifiers,
      );
      expect((await client.put(`/api/case-links/cases/${caseId}`, body)).status).toBe(200);
    }
    await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
    await t.publishDirectory();

    const next = await wrappedLinkingKey(t, handle, 2);
    const rekeyed = await caseLinksBody(
      t,
      handle,
      kept,
      { version: 2, key: next.key },
      identifiers,
    );
    const keptCase = { caseId: kept, tokens: rekeyed.tokens, identifiers: rekeyed.identifiers };
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    const tokensAlone = await client.post('/api/case-links/rotation', {
      ...next.body,
      cases: [keptCase, { caseId: dropped, tokens: rekeyed.tokens, identifiers: null }],
    });
    expect([tokensAlone.status, tokensAlone.body.error.code]).toEqual([
      409,
      'link_identifiers_required',
    ]);
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);

    const rotated = await client.post('/api/case-links/rotation', {
      ...next.body,
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
