/**
 * Attack: a caseworker who left keeps the linking key, and the rotation meant to take it away is
 * cut short (the database goes away, the server restarts) after some cases were re-keyed. Were
 * the new key current by then, the dashboard would see nothing to rotate and the cases not yet
 * re-keyed would keep tokens the leaver can test phone numbers against, for good. Defence
 * (server/features/case-links/case-links.service.ts): the new wrapping waits beside the retired
 * key while the cases are written and becomes current only after the last one; until then the
 * key stays retired, the next rotation lists every linked case under either version and starts
 * over, and token sets of any other version are deleted.
 */
import { identifiersOf } from '../helpers/case-links';
import { dumpAllCollections } from '../helpers/database';
import { linkedThenOffboarded, rotationBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a rotation of the linking key cut short', () => {
  const t = useTestApp({ label: 'sec-link-rotation-cut', caseworkers: 2 });

  test('when a rotation fails after re-keying one case then the key stays retired, a second rotation re-keys every case, and no token of the old key or of the failed rotation is stored', async () => {
    const identifiers = identifiersOf(
      [
        ['phone', '+90 532 555 01 77'],
        ['telegram', '@cut_short'],
      ],
      'TR',
    );
    const { client, handle, caseIds, first, oldTokens } = await linkedThenOffboarded(
      t,
      'rotation-cut-caseworker',
      ['TR', 'TR', 'TR'],
      identifiers,
    );
    const rotation = async () => (await rotationBody(t, handle, caseIds, identifiers, 2)).body;

    // The second case's write fails: the rotation stops after re-keying the first.
    const links = t.services.repositories.caseLinks;
    const replace = links.replace.bind(links);
    let writes = 0;
    const failing = jest.spyOn(links, 'replace').mockImplementation(async (entry) => {
      writes += 1;
      if (writes === 2) throw new Error('TEST ONLY: the database went away mid-rotation');
      await replace(entry);
    });
    const cut = await rotation();
    const failed = await client.post('/api/case-links/rotation', cut);
    failing.mockRestore();
    expect([failed.status, writes]).toEqual([500, 2]);

    // Still retired: nothing is linked with it, and what is left to re-key is every case.
    const key = (await client.get('/api/case-links/key')).body.key;
    expect([key.version, key.retired]).toEqual([1, true]);
    const set = (await client.get('/api/case-links/rotation')).body as {
      keyVersion: number;
      cases: { caseId: string; keyVersion: number }[];
    };
    expect(set.keyVersion).toBe(1);
    expect(set.cases.map((entry) => entry.caseId).sort()).toEqual([...caseIds].sort());
    expect(set.cases.map((entry) => entry.keyVersion).sort()).toEqual([1, 1, 2]);

    const resumed = await rotation();
    expect((await client.post('/api/case-links/rotation', resumed)).status).toBe(201);
    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    for (const token of [...oldTokens, ...cut.cases.flatMap((entry) => entry.tokens)]) {
      expect(stored).not.toContain(token);
    }
    expect(stored).not.toContain(first.body.message.slice(0, 200));
    expect(stored).not.toContain(cut.message.slice(0, 200));
    const raw = await t.connection.db!.collection('linking_keys').findOne({});
    expect([raw!['version'], raw!['retired'], raw!['pending']]).toEqual([2, false, undefined]);
    expect((await client.get(`/api/case-links/cases/${caseIds[0]}`)).body.linkedCases).toHaveLength(
      2,
    );
  });
});
