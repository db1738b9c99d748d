/**
 * Attack: reading the identifiers caseworkers linked cases by (a harasser's phone number, and so
 * whom the reporters named) from the database, the logs or the audit log. Defence: the dashboard
 * sends only keyed tokens (HMAC under the linking key, which the server never sees) and the
 * identifiers signed and encrypted to the directory's caseworkers
 * (client/crypto/linking-keys.ts, client/dashboard/linking/link-token.ts); the server logs and
 * audits counts only. A canary number is linked in two cases and then searched for, in every
 * form a careless change would store it in, in every collection and every log line.
 */
import { identifiersOf, storedLinkingKey } from '../helpers/case-links';
import { dumpAllCollections } from '../helpers/database';
import { linkCases, linkingDesk, shareFirstLinkingKey } from '../helpers/linking-desk';
import { captureLog } from '../helpers/log-capture';
import { useTestApp } from '../helpers/use-test-app';

const CANARY = { typed: '+90 532 987 65 43', national: '0532 987 65 43', e164: '+905329876543' };
const CANARY_HANDLE = 'canary_handle_5d2e';

function formsOf(value: string): string[] {
  return [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
    Buffer.from(value).toString('hex'),
  ];
}

describe('an identifier cases are linked by', () => {
  const log = captureLog();
  const t = useTestApp({
    label: 'sec-link-canary',
    caseworkers: 1,
    logDestination: log.destination,
  });

  test('when two cases are linked by a canary number and handle then neither is in any collection, log line or audit entry', async () => {
    const desk = await linkingDesk(t, 'canary-caseworker', ['TR', 'TR']);
    const { client, handle, caseIds } = desk;
    await shareFirstLinkingKey(t, client, handle);
    const linking = await storedLinkingKey(client, t, handle);
    const typed = [CANARY.typed, CANARY.national];
    for (const [index, caseId] of caseIds.entries()) {
      const identifiers = identifiersOf(
        [
          ['phone', typed[index]!],
          ['telegram', `@${CANARY_HANDLE.toUpperCase()}`],
        ],
        'TR',
      );
      await linkCases(t, desk, linking, [caseId], identifiers);
    }
    expect((await client.get(`/api/case-links/cases/${caseIds[0]}`)).body.linkedCases).toEqual([
      { caseId: caseIds[1], shared: 2 },
    ]);

    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    const logged = log.lines.join('\n');
    expect(stored).toContain('case.linked');
    const needles = [
      CANARY.typed,
      CANARY.national,
      CANARY.e164,
      CANARY.e164.slice(1),
      CANARY.e164.slice(3),
      CANARY_HANDLE,
      CANARY_HANDLE.toUpperCase(),
    ];
    for (const needle of needles.flatMap(formsOf)) {
      expect({ needle, stored: stored.includes(needle) }).toEqual({ needle, stored: false });
      expect({ needle, logged: logged.includes(needle) }).toEqual({ needle, logged: false });
    }
    // The raw bytes too (the identifiers are stored as binary).
    for (const collection of ['case_links', 'audit_log']) {
      for (const document of await t.connection.db!.collection(collection).find({}).toArray()) {
        const bytes = Buffer.from(JSON.stringify(document));
        const raw = document['identifiers'] as { buffer?: Uint8Array } | undefined;
        const binary = raw?.buffer ? Buffer.from(raw.buffer) : Buffer.alloc(0);
        for (const needle of [CANARY.e164, CANARY_HANDLE]) {
          expect(bytes.includes(needle)).toBe(false);
          expect(binary.includes(needle)).toBe(false);
        }
      }
    }
  });
});
