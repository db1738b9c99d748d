/**
 * Attack: cross-site request forgery against a signed-in caseworker's linking routes. A page on
 * another site makes the caseworker's browser (its session cookie rides along) store a linking
 * key of the attacker's choosing, overwrite a case's tokens to fake or hide links, or start a
 * rotation. Defence: every write under /api/case-links carries the staff write guard, which
 * refuses a request without the session's CSRF token with 403 csrf_failed before reading the
 * body; nothing is stored. Each body below is real (the same request with the token works), so
 * the refusal is the missing token, nothing else.
 */
import type { Response } from 'supertest';
import { caseLinksBody, identifiersOf, wrappedLinkingKey } from '../helpers/case-links';
import { storedDocumentsOf } from '../helpers/database';
import { keyOf, registeredRoutesOf } from '../helpers/route-walk';
import { linkingDesk, type LinkingDesk } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('linking writes without the CSRF token', () => {
  const t = useTestApp({ label: 'sec-links-csrf', caseworkers: 1 });
  let desk: LinkingDesk;
  beforeAll(async () => {
    desk = await linkingDesk(t, 'links-csrf-caseworker', ['TR']);
  });
  const linksCollections = () => storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);

  test('the walk finds exactly the linking writes probed here', () => {
    const writes = registeredRoutesOf(t.app)
      .filter((route) => route.path.startsWith('/api/case-links/') && route.method !== 'GET')
      .map(keyOf)
      .sort();
    expect(writes).toEqual([
      'POST /api/case-links/rotation',
      'PUT /api/case-links/cases/:caseId',
      'PUT /api/case-links/key',
    ]);
  });

  test('when a linking key, a case`s tokens or a rotation is sent without the CSRF token then it is refused with 403 and nothing is stored', async () => {
    const { client, handle } = desk;
    const caseId = desk.caseIds[0]!;
    const refusedUnlessToken = async (send: (csrf: boolean) => Promise<Response>) => {
      const before = await linksCollections();
      const forged = await send(false);
      expect([forged.status, forged.body.error?.code]).toEqual([403, 'csrf_failed']);
      expect(await linksCollections()).toBe(before);
    };

    const first = await wrappedLinkingKey(t, handle, 1);
    await refusedUnlessToken((csrf) => client.put('/api/case-links/key', first.body, { csrf }));
    expect((await client.put('/api/case-links/key', first.body)).status).toBe(201);

    const identifiers = identifiersOf([['phone', '+90 532 555 01 77']], 'TR');
    const links = await caseLinksBody(
      t,
      handle,
      caseId,
      { version: 1, key: first.key },
      identifiers,
    );
    await refusedUnlessToken((csrf) =>
      client.put(`/api/case-links/cases/${caseId}`, links, { csrf }),
    );
    expect((await client.put(`/api/case-links/cases/${caseId}`, links)).status).toBe(200);

    const next = await wrappedLinkingKey(t, handle, 2);
    const rotation = {
      ...next.body,
      cases: [
        {
          caseId,
          ...(await caseLinksBody(t, handle, caseId, { version: 2, key: next.key }, identifiers)),
        },
      ].map(({ keyVersion: _version, ...entry }) => entry),
    };
    await refusedUnlessToken((csrf) => client.post('/api/case-links/rotation', rotation, { csrf }));
  });
});
