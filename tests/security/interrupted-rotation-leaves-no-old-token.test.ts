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
import { seedCodedCases } from '../helpers/coded-cases';
import {
  caseLinksBody,
  firstCaseworkerKey,
  identifiersOf,
  wrappedLinkingKey,
} from '../helpers/case-links';
import { dumpAllCollections } from '../helpers/database';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('a rotation of the linking key cut short', () => {
  const t = useTestApp({ label: 'sec-link-rotation-cut', caseworkers: 2 });

  test('when a rotation fails after re-keying one case then the key stays retired, a second rotation re-keys every case, and no token of the old key or of the failed rotation is stored', async () => {
    const { client } = await enrolStaff(t, 'rotation-cut-caseworker');
    const handle = await firstCaseworkerKey(t);
    await seedCodedCases(
      t.connection,
      [1, 2, 3].map(() => ({ month: '2026-10', category: null, country: 'TR' })),
    );
    const caseIds = (await t.connection.db!.collection('cases').find({}).toArray()).map((record) =>
      String(record['_id']),
    );
    const identifiers = identifiersOf(
      [
        ['phone', '+90 532 555 01 77'],
        ['telegram', '@cut_short'],
      ],
      'TR',
    );
    const first = await wrappedLinkingKey(t, handle, 1);
    expect((await client.put('/api/case-links/key', first.body)).status).toBe(201);
    const oldTokens: string[] = [];
    for (const caseId of caseIds) {
      const body = await caseLinksBody(
        t,
        handle,
        caseId,
        { version: 1, key: first.key },
        identifiers,
      );
      oldTokens.push(...body.tokens);
      expect((await client.put(`/api/case-links/cases/${caseId}`, body)).status).toBe(200);
    }
    await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
    await t.publishDirectory();

    const rotationTo = async (next: Awaited<ReturnType<typeof wrappedLinkingKey>>) => ({
      ...next.body,
      cases: await Promise.all(
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
      ),
    });

    // The second case's write fails: the rotation stops after re-keying the first.
    const links = t.services.repositories.caseLinks;
    const replace = links.replace.bind(links);
    let writes = 0;
    const failing = jest.spyOn(links, 'replace').mockImplementation(async (entry) => {
      writes += 1;
      if (writes === 2) throw new Error('TEST ONLY: the database went away mid-rotation');
      await replace(entry);
    });
    const cut = await rotationTo(await wrappedLinkingKey(t, handle, 2));
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

    const resumed = await rotationTo(await wrappedLinkingKey(t, handle, 2));
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
