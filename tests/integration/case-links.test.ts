/**
 * Linked cases over the API (caseworkers only): the first linking key is stored once, wrapped
 * again for colleagues under its own version; two cases naming the same phone number in
 * different formats, and the same Telegram account in different case, share tokens and are
 * listed as linked, in the case and in the inbox counts. Offboarding a caseworker retires the
 * key: linking stops until a rotation re-keys every linked case in one request.
 */
import { randomBytes } from 'node:crypto';
import { seedCodedCases } from '../helpers/coded-cases';
import {
  caseLinksBody,
  identifiersOf,
  storedLinkingKey,
  wrappedLinkingKey,
} from '../helpers/case-links';
import { storedDocumentsOf } from '../helpers/database';
import { runRetention } from '../helpers/retention';
import {
  linkCases,
  linkingDesk,
  offboardSecondCaseworker,
  rotationBody,
  type LinkingDesk,
} from '../helpers/linking-desk';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('linked cases', () => {
  const t = useTestApp({ label: 'case-links', caseworkers: 2 });
  let desk: LinkingDesk;
  beforeAll(async () => {
    desk = await linkingDesk(t, 'links-caseworker', ['TR', 'TR', 'DE']);
  });
  const linksCollections = () => storedDocumentsOf(t.connection, ['linking_keys', 'case_links']);

  test('when caseworkers link two cases by one number and one account written differently then each lists the other, and the inbox counts them', async () => {
    const { client, handle, caseIds } = desk;
    expect((await client.get('/api/case-links/key')).body).toEqual({ key: null });
    const first = await wrappedLinkingKey(t, handle, 1);
    expect((await client.put('/api/case-links/key', first.body)).status).toBe(201);
    // A second dashboard's first key loses: the stored one stays.
    const racing = await wrappedLinkingKey(t, handle, 1);
    const before = await linksCollections();
    const second = await client.put('/api/case-links/key', { ...racing.body, version: 2 });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('linking_key_version');
    expect(await linksCollections()).toBe(before);

    const linking = await storedLinkingKey(client, t, handle);
    expect(Buffer.from(linking.key)).toEqual(Buffer.from(first.key));
    const [a, b, c] = caseIds as [string, string, string];
    const inA = identifiersOf(
      [
        ['phone', '+90 532 555 01 77'],
        ['telegram', '@Harasser_01'],
      ],
      'TR',
    );
    const inB = identifiersOf(
      [
        ['phone', '0532-555-0177'],
        ['telegram', 'harasser_01'],
        ['email', 'other@example.org'],
      ],
      'TR',
    );
    const inC = identifiersOf([['phone', '+49 30 1234567']], 'DE');
    for (const [caseId, identifiers] of [
      [a, inA],
      [b, inB],
      [c, inC],
    ] as const) {
      await linkCases(t, desk, linking, [caseId], identifiers);
    }
    expect((await client.get(`/api/case-links/cases/${a}`)).body.linkedCases).toEqual([
      { caseId: b, shared: 2 },
    ]);
    expect((await client.get(`/api/case-links/cases/${c}`)).body.linkedCases).toEqual([]);
    const counts = await client.get(`/api/case-links/counts?caseIds=${[a, b, c].join(',')}`);
    expect(counts.body.counts).toEqual(
      expect.arrayContaining([
        { caseId: a, linkedCases: 1 },
        { caseId: b, linkedCases: 1 },
      ]),
    );
    expect(counts.body.counts).toHaveLength(2);
  });

  test('when tokens are sent under another key version, or malformed, then nothing is stored', async () => {
    const { client, caseIds } = desk;
    const caseId = caseIds[2]!;
    const before = await linksCollections();
    const stale = await client.put(`/api/case-links/cases/${caseId}`, {
      keyVersion: 7,
      tokens: ['a'.repeat(43)],
      identifiers: 'AAAA',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('linking_key_version');
    for (const tokens of [['not a token'], ['a'.repeat(43), 'a'.repeat(43)]]) {
      const malformed = await client.put(`/api/case-links/cases/${caseId}`, {
        keyVersion: 1,
        tokens,
        identifiers: 'AAAA',
      });
      expect(malformed.status).toBe(400);
    }
    const unknown = await client.put(`/api/case-links/cases/${randomBytes(16).toString('hex')}`, {
      keyVersion: 1,
      tokens: [],
      identifiers: null,
    });
    expect(unknown.status).toBe(404);
    expect(await linksCollections()).toBe(before);
  });

  test('when an admin asks for the links then they are refused like an analyst', async () => {
    const admin = await enrolStaff(t, 'links-admin', 'admin');
    const answer = await admin.client.get('/api/case-links/key');
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('role_forbidden');
  });

  test('when a caseworker is offboarded then linking waits for a rotation that re-keys every linked case at once', async () => {
    const { client, handle, caseIds } = desk;
    await offboardSecondCaseworker(t);
    expect((await client.get('/api/case-links/key')).body.key.retired).toBe(true);
    const [a, b, c] = caseIds as [string, string, string];
    const old = await storedLinkingKey(client, t, handle);
    const refused = await client.put(
      `/api/case-links/cases/${a}`,
      await caseLinksBody(t, handle, a, old, identifiersOf([['phone', '+90 532 555 01 77']], 'TR')),
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('linking_key_retired');

    const toRotate = (await client.get('/api/case-links/rotation')).body as {
      keyVersion: number;
      cases: { caseId: string; identifiers: string }[];
    };
    expect(toRotate.keyVersion).toBe(1);
    expect(toRotate.cases.map((entry) => entry.caseId).sort()).toEqual([a, b, c].sort());

    const next = (
      await rotationBody(
        t,
        handle,
        toRotate.cases.map((entry) => entry.caseId),
        identifiersOf([['phone', '+90 532 555 01 77']], 'TR'),
        2,
      )
    ).body;
    const before = await linksCollections();
    const partial = await client.post('/api/case-links/rotation', {
      ...next,
      cases: next.cases.slice(1),
    });
    expect(partial.status).toBe(409);
    expect(partial.body.error.code).toBe('rotation_incomplete');
    expect(await linksCollections()).toBe(before);

    const rotated = await client.post('/api/case-links/rotation', next);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toEqual({ version: 2, cases: 3 });
    expect((await client.get('/api/case-links/key')).body.key).toMatchObject({
      version: 2,
      retired: false,
    });
    expect((await client.get(`/api/case-links/cases/${a}`)).body.linkedCases).toHaveLength(2);
  });

  test('when retention deletes a linked case then its tokens and identifiers go with it', async () => {
    const { client, handle, caseIds } = desk;
    await seedCodedCases(t.connection, [
      { month: '2025-01', category: null, country: 'TR', outcome: 'resolved' },
    ]);
    const closed = await t.connection.db!.collection('cases').findOne({ status: 'closed' });
    const caseId = String(closed!['_id']);
    const linking = await storedLinkingKey(client, t, handle);
    await linkCases(
      t,
      desk,
      linking,
      [caseId],
      identifiersOf([['phone', '+90 532 555 01 77']], 'TR'),
    );
    expect(await runRetention(t)).toEqual({ deleted: 1 });
    expect(await t.connection.db!.collection('case_links').findOne({ _id: caseId as never })).toBe(
      null,
    );
    expect(
      (await client.get(`/api/case-links/cases/${caseIds[0]}`)).body.linkedCases,
    ).not.toContainEqual(expect.objectContaining({ caseId }));
  });
});
