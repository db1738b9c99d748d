/**
 * Attack (by accident, as much as by design): a caseworker who joined after a case was linked
 * cannot open its identifiers, which were encrypted to the caseworkers of that day. A dashboard
 * that treated them as none would offer an empty list, and Save would erase the colleagues'
 * links (or a database writer could rely on it to make a newcomer wipe them). Defence: the case
 * view says the identifiers are not shared with them yet (not "tampering"), offers no list and
 * no Save, and sends nothing (client/dashboard/case-view/links-panel.ts).
 */
import request from 'supertest';
import { encryptLinkIdentifiers, wrapLinkingKey } from '../../client/crypto';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { firstCaseworkerKey } from '../helpers/case-links';
import { caseworkerWithServiceVettedKey, openCaseAtDesk } from '../helpers/caseworker-desk';
import { plantLinkingKey } from '../helpers/linking-desk';
import { buildSubmission, reportDocument } from '../helpers/reports';
import { useReporterSite } from '../helpers/use-reporter-site';

const KEY_PASSPHRASE = 'TEST ONLY unshared identifiers passphrase 5c2e';

describe('linked identifiers sealed before a caseworker joined', () => {
  const site = useReporterSite('e2e-unshared-identifiers', { caseworkers: 1 });

  test('when the newcomer opens the case then it says they are not shared yet, offers no Save and stores nothing', async () => {
    const { t } = site;
    const handle = await firstCaseworkerKey(t);
    const before = t.directory;
    const desk = await caseworkerWithServiceVettedKey(t, 'caseworker.newcomer', KEY_PASSPHRASE);
    const report = reportDocument({ country: 'TR', contactedBy: '+90 532 555 01 77' });
    const submission = await buildSubmission(desk.directory, { report });
    const created = await request(t.app).post('/api/reports').send(submission.body).expect(201);
    const caseId = (created.body as { caseId: string }).caseId;
    // The key is shared with the newcomer; the case's identifiers were sealed before they joined.
    const wrapped = await wrapLinkingKey(handle, desk.directory, 1, Buffer.alloc(32, 5));
    await plantLinkingKey(t, wrapped);
    const sealed = await encryptLinkIdentifiers(handle, before, caseId, 1, [
      { type: 'phone', value: '+905325550177' },
    ]);
    const links = {
      _id: caseId as never,
      keyVersion: 1,
      tokens: ['A'.repeat(43)],
      identifiers: Buffer.from(sealed),
    };
    await t.connection.db!.collection('case_links').insertOne(links);
    const storedLinks = () =>
      t.connection.db!.collection('case_links').findOne({ _id: caseId as never });
    const stored = await storedLinks();

    const { tab, page } = await openCaseAtDesk(site, desk, caseId, 'ug');
    const notice = page.locator('#case-links #links-identifiers-problem');
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      createDashboardTranslator('ug')('error.linking_identifiers_not_shared'),
    );
    expect(await page.locator('#links-save, #links-identifiers').count()).toBe(0);
    expect(
      tab.requests.filter(
        (sent) => sent.url().includes('/api/case-links/cases') && sent.method() !== 'GET',
      ),
    ).toEqual([]);
    expect(await storedLinks()).toEqual(stored);
    await page.close();
  });
});
