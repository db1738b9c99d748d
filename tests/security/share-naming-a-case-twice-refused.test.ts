/**
 * A share names each case it re-seals once. The same case named over and over would make one
 * request cost a parse and two database round trips per entry (up to the body's limit), and
 * count more cases in the audit log than were sealed again. Refused by the contract (400) before
 * anything is read or stored.
 */
import { storedDocumentsOf } from '../helpers/database';
import { identifiersOf } from '../helpers/case-links';
import { linkedUnderFirstKey, shareBody } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('a share naming one case twice', () => {
  const t = useTestApp({ label: 'share-case-twice', caseworkers: 2 });

  test('when a share names the same case twice then it is refused and nothing changes', async () => {
    const desk = await linkedUnderFirstKey(
      t,
      'share-twice-holder',
      ['TR'],
      identifiersOf([['phone', '+90 532 555 01 80']], 'TR'),
    );
    const { linking } = desk;
    const body = await shareBody(t, desk, linking);
    const collections = ['linking_keys', 'case_links', 'audit_log'];
    const before = await storedDocumentsOf(t.connection, collections);

    const refused = await desk.client.put('/api/case-links/key', {
      ...body,
      cases: [body.cases[0], body.cases[0]],
    });
    expect([refused.status, refused.body.error?.code]).toEqual([400, 'invalid_request']);
    expect(await storedDocumentsOf(t.connection, collections)).toBe(before);
  });
});
