/**
 * A share seals linked cases' identifiers (and wraps the linking key) again for colleagues added
 * since. One caseworker must not use it to seal them away from everyone else: in one request,
 * every case's identifiers encrypted to themselves only would leave colleagues unable to open,
 * save or rotate any linked case. The server reads whom each message is encrypted to and refuses
 * a sealing or a wrapping that leaves out anyone the stored one is encrypted to (but those
 * offboarded): 409, nothing stored.
 */
import { storedDocumentsOf } from '../helpers/database';
import { identifiersOf } from '../helpers/case-links';
import { directoryOfOnly, linkedUnderFirstKey, shareBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a share that drops colleagues', () => {
  const t = useTestApp({ label: 'share-drops-colleagues', caseworkers: 2 });

  test('when a share seals identifiers or the key for its sender only then it is refused and nothing changes', async () => {
    const desk = await linkedUnderFirstKey(
      t,
      'share-dropper',
      ['TR', 'TR'],
      identifiersOf([['phone', '+90 532 555 01 78']], 'TR'),
    );
    const { linking } = desk;
    const onlyMe = directoryOfOnly(t, desk.handle.fingerprint);
    const collections = ['linking_keys', 'case_links', 'audit_log'];
    const before = await storedDocumentsOf(t.connection, collections);

    for (const directories of [{ cases: onlyMe }, { key: onlyMe }]) {
      const refused = await desk.client.put(
        '/api/case-links/key',
        await shareBody(t, desk, linking, directories),
      );
      expect([refused.status, refused.body.error?.code]).toEqual([
        409,
        'linking_recipients_dropped',
      ]);
      expect(await storedDocumentsOf(t.connection, collections)).toBe(before);
    }

    // Sealed for everyone, the same share is taken.
    const shared = await desk.client.put('/api/case-links/key', await shareBody(t, desk, linking));
    expect([shared.status, shared.body]).toEqual([200, { version: 1, resealed: 2, changed: [] }]);
  });
});
