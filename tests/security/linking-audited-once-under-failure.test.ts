/**
 * Attack: hiding a linking action from the audit log. Were an entry written after the change, a
 * failure between the two would leave a case's links, or a shared key, changed without a trace;
 * written after and retried, it would be counted twice. Defence
 * (server/features/case-links/case-links.service.ts): the entry is written before the change,
 * keyed by the action, the key version and a digest of what is stored, so the retry that
 * completes the change appends nothing.
 */
import { caseLinksBody, identifiersOf } from '../helpers/case-links';
import { linkingDesk, shareFirstLinkingKey } from '../helpers/linking-desk';
import { useTestApp } from '../helpers/use-test-app';

describe('linking actions in the audit log when a write fails', () => {
  const t = useTestApp({ label: 'sec-link-audit', caseworkers: 1 });

  test('when linking a case fails after it was audited then the retry stores it and the log holds it once', async () => {
    const { client, handle, caseIds } = await linkingDesk(t, 'links-audit-caseworker', ['TR']);
    const caseId = caseIds[0]!;
    const first = await shareFirstLinkingKey(t, client, handle);
    const body = await caseLinksBody(
      t,
      handle,
      caseId,
      { version: 1, key: first.key },
      identifiersOf([['phone', '+90 532 555 01 77']], 'TR'),
    );
    const entries = () =>
      t.connection.db!.collection('audit_log').countDocuments({ event: 'case.linked' });

    const links = t.services.repositories.caseLinks;
    const failing = jest
      .spyOn(links, 'writeIfUnchanged')
      .mockRejectedValueOnce(new Error('TEST ONLY: the database went away while linking'));
    const failed = await client.put(`/api/case-links/cases/${caseId}`, body);
    failing.mockRestore();
    expect([failed.status, await entries()]).toEqual([500, 1]);
    expect(await t.connection.db!.collection('case_links').countDocuments({})).toBe(0);

    expect((await client.put(`/api/case-links/cases/${caseId}`, body)).status).toBe(200);
    expect(await entries()).toBe(1);
    expect(await t.connection.db!.collection('case_links').countDocuments({})).toBe(1);
  });
});
