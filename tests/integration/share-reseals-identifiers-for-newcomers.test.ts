/**
 * A caseworker who joins after cases were linked cannot open their identifiers, which were
 * sealed for the caseworkers of that day. When a holder shares the linking key with them (PUT
 * /api/case-links/key, same version), the same request seals every linked case's identifiers
 * again for the directory now: afterwards the newcomer opens every older case's identifiers. A
 * case a colleague saved after the holder read it is left as saved (no lost update), and a
 * sealing that still names an offboarded caseworker's key is refused with nothing stored.
 */
import { createHash } from 'node:crypto';
import {
  decryptLinkIdentifiers,
  encryptLinkIdentifiers,
  unlockCaseworkerKey,
  wrapLinkingKey,
  type UnlockedCaseworkerKey,
} from '../../client/crypto';
import { identifiersOf } from '../helpers/case-links';
import { caseworkerWithServiceVettedKey } from '../helpers/caseworker-desk';
import { storedDocumentsOf } from '../helpers/database';
import { linkCases, linkingDesk, shareFirstLinkingKey } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

const NEWCOMER_PASSPHRASE = 'TEST ONLY reseal newcomer passphrase 61d0';

describe('sharing the linking key with a newcomer', () => {
  const t = useTestApp({ label: 'share-reseals', caseworkers: 2 });

  test('when a holder shares the key then the newcomer opens every older case`s identifiers, a case saved meanwhile stays as saved, and an offboarded recipient is refused', async () => {
    const desk = await linkingDesk(t, 'reseal-holder', ['TR', 'TR', 'TR']);
    const { client, handle } = desk;
    const [a, b, c] = desk.caseIds as [string, string, string];
    const linking = { version: 1, key: (await shareFirstLinkingKey(t, client, handle)).key };
    const identifiers = identifiersOf([['phone', '+90 532 555 01 77']], 'TR');
    await linkCases(t, desk, linking, [a, b, c], identifiers);
    const stored = async (caseId: string) =>
      (await t.connection.db!.collection('case_links').findOne({ _id: caseId as never }))!;

    const newcomer = await caseworkerWithServiceVettedKey(
      t,
      'reseal-newcomer',
      NEWCOMER_PASSPHRASE,
    );
    const theirs = await unlockCaseworkerKey(
      newcomer.key.protectedSecretKey,
      NEWCOMER_PASSPHRASE,
      newcomer.key.fingerprint,
    );
    const opened = async (reader: UnlockedCaseworkerKey, caseId: string) => {
      const sealed = new Uint8Array((await stored(caseId))['identifiers'].buffer);
      return await decryptLinkIdentifiers(reader, t.directory, sealed, caseId, 1).then(
        (found) => found.map((identifier) => identifier.value),
        (error: { code: string }) => error.code,
      );
    };
    for (const caseId of [a, b, c]) {
      expect(await opened(theirs, caseId)).toBe('linking_identifiers_not_shared');
    }

    // The holder reads what to seal again; meanwhile a colleague saves case c anew.
    const read = (await client.get('/api/case-links/identifiers')).body as {
      keyVersion: number;
      cases: { caseId: string; identifiers: string }[];
    };
    expect(read.keyVersion).toBe(1);
    expect(read.cases.map((entry) => entry.caseId).sort()).toEqual([a, b, c].sort());
    await linkCases(t, desk, linking, [c], identifiers);
    const savedMeanwhile = await stored(c);
    const cases = await Promise.all(
      read.cases.map(async (entry) => {
        const sealed = Buffer.from(entry.identifiers, 'base64');
        const found = await decryptLinkIdentifiers(handle, t.directory, sealed, entry.caseId, 1);
        const again = await encryptLinkIdentifiers(handle, t.directory, entry.caseId, 1, found);
        return {
          caseId: entry.caseId,
          previous: createHash('sha256').update(sealed).digest('base64url'),
          identifiers: Buffer.from(again).toString('base64'),
        };
      }),
    );
    const message = Buffer.from(await wrapLinkingKey(handle, t.directory, 1, linking.key));
    const shared = await client.put('/api/case-links/key', {
      version: 1,
      message: message.toString('base64'),
      cases,
    });
    expect([shared.status, shared.body]).toEqual([200, { version: 1, resealed: 2, changed: [c] }]);
    expect(await stored(c)).toEqual(savedMeanwhile);
    for (const caseId of [a, b, c]) {
      expect(await opened(theirs, caseId)).toEqual(['+905325550177']);
    }

    // Sealed for a directory that still lists a caseworker offboarded since: refused.
    await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    const refused = await client.put('/api/case-links/key', {
      version: 1,
      message: message.toString('base64'),
      cases: cases.slice(0, 1),
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'linking_recipient_removed']);
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);
  });
});
