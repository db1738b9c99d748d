/**
 * Attack: the rotation after an offboarding is there to take the linking key away from whoever
 * left. A dashboard that rotates before the key directory is published without them (or a
 * caseworker who wraps the key for them on purpose) would hand them the new key, and with it every
 * new token. Defence: the server reads whom each wrapped key and each case's identifiers are
 * encrypted to and refuses anything naming an offboarded caseworker's key (409
 * linking_recipient_removed, nothing stored; server/features/case-links/case-links.service.ts).
 */
import { identifiersOf } from '../helpers/case-links';
import { storedDocumentsOf } from '../helpers/database';
import { linkedUnderFirstKey, rotationBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a linking key wrapped for an offboarded caseworker', () => {
  const t = useTestApp({ label: 'sec-link-offboarded-recipient', caseworkers: 2 });

  test('when a rotation or a share still names the offboarded key then it is refused and nothing changes', async () => {
    const identifiers = identifiersOf([['phone', '+90 532 555 01 77']], 'TR');
    const desk = await linkedUnderFirstKey(
      t,
      'offboarded-recipient-caseworker',
      ['TR'],
      identifiers,
    );
    const { client, handle } = desk;
    const caseId = desk.caseIds[0]!;

    await t.services.offboardingWith({}).removeCaseworker(t.caseworkers[1]!.fingerprint);
    // t.directory still lists them, as the served directory does until the next is published.
    const next = (await rotationBody(t, handle, [caseId], identifiers, 2)).body;
    const before = await storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);
    const rotation = await client.post('/api/case-links/rotation', next);
    expect(rotation.status).toBe(409);
    expect(rotation.body.error.code).toBe('linking_recipient_removed');
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);

    await t.publishDirectory();
    const fresh = (await rotationBody(t, handle, [caseId], identifiers, 2)).body;
    // A key wrapped for the new directory, with one case's identifiers still for the old one.
    const mixed = await client.post('/api/case-links/rotation', {
      ...fresh,
      cases: [{ ...fresh.cases[0]!, identifiers: next.cases[0]!.identifiers }],
    });
    expect(mixed.status).toBe(409);
    expect(await storedDocumentsOf(t.connection, ['linking_keys', 'case_links'])).toBe(before);
    const rotated = await client.post('/api/case-links/rotation', fresh);
    expect(rotated.status).toBe(201);

    // Sharing the live key again with the old directory's keys is refused too.
    const shared = await client.put('/api/case-links/key', {
      version: 2,
      message: next.message,
    });
    expect(shared.status).toBe(409);
    expect(shared.body.error.code).toBe('linking_recipient_removed');
  });
});
