/**
 * Dashboards pin the newest linking key version they verified. After a restore from a backup
 * older than the last rotation, the retired key's version is below the pinned one, and a new key
 * just after it would be refused by every pinned device. So a rotation may take any version
 * above the retired one (by at most 1000), not at or below it; a rotation cut short under one
 * version is finished by another under a different version, re-keying the cases the first one
 * left; and the new key becomes current under the version it was made for.
 */
import { identifiersOf } from '../helpers/case-links';
import { storedDocumentsOf } from '../helpers/database';
import { linkedThenOffboarded, rotationBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a rotation above a pinned version', () => {
  const t = useTestApp({ label: 'rotation-above-pinned', caseworkers: 2 });

  test('when a rotation names a version well above the retired one then the new key becomes current under it', async () => {
    const identifiers = identifiersOf([['phone', '+90 532 555 01 82']], 'TR');
    const { client, handle, caseIds } = await linkedThenOffboarded(
      t,
      'rotation-above-holder',
      ['TR', 'TR'],
      identifiers,
    );
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    for (const version of [1, 1002]) {
      const refused = await client.post(
        '/api/case-links/rotation',
        (await rotationBody(t, handle, caseIds, identifiers, version)).body,
      );
      expect([refused.status, refused.body.error?.code]).toEqual([409, 'linking_key_version']);
    }
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);

    // A rotation to version 5 cut short after re-keying one case, as a lost connection leaves it.
    const cut = (await rotationBody(t, handle, caseIds, identifiers, 5)).body;
    await t.connection.db!.collection('case_links').updateOne(
      { _id: caseIds[0] as never },
      {
        $set: {
          keyVersion: 5,
          tokens: cut.cases[0]!.tokens,
          identifiers: Buffer.from(cut.cases[0]!.identifiers, 'base64'),
        },
      },
    );
    const set = await client.get('/api/case-links/rotation');
    expect(
      (set.body as { cases: { caseId: string; keyVersion: number }[] }).cases
        .map((entry) => [entry.caseId, entry.keyVersion])
        .sort(),
    ).toEqual(
      [
        [caseIds[0], 5],
        [caseIds[1], 1],
      ].sort(),
    );

    const rotated = await client.post(
      '/api/case-links/rotation',
      (await rotationBody(t, handle, caseIds, identifiers, 7)).body,
    );
    expect(rotated.status).toBe(201);
    const { key } = (await client.get('/api/case-links/key')).body as {
      key: { version: number; retired: boolean };
    };
    expect([key.version, key.retired]).toEqual([7, false]);
    expect((await client.get(`/api/case-links/cases/${caseIds[0]}`)).body.linkedCases).toEqual([
      { caseId: caseIds[1], shared: 1 },
    ]);
  });
});
