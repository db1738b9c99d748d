/**
 * Attack: someone who can write to the database replaces the linking key with one of their own,
 * encrypted to every caseworker's public key (they are public) but signed with a key of their own.
 * A dashboard that used it would make tokens the attacker can recompute for every phone number.
 * Defence: the dashboard verifies the key's signature against the organisation-signed directory
 * before any use (client/dashboard/linking/linking-key.ts, client/crypto/linking-keys.ts): it
 * shows the tampering, offers nothing to link and sends no token.
 */
import request from 'supertest';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { caseworkerWithServiceVettedKey, openCaseAtDesk } from '../helpers/caseworker-desk';
import { plantedMessageForKeys } from '../helpers/forge';
import { plantLinkingKey } from '../helpers/linking-desk';
import { buildSubmission, reportDocument } from '../helpers/reports';
import { useReporterSite } from '../helpers/use-reporter-site';

const KEY_PASSPHRASE = 'TEST ONLY planted-key passphrase 81ad';

describe('a linking key planted in the database', () => {
  const site = useReporterSite('e2e-planted-linking-key', { caseworkers: 1 });

  test('when the dashboard opens a case then it refuses the planted key and sends no token', async () => {
    const { t } = site;
    const desk = await caseworkerWithServiceVettedKey(t, 'caseworker.planted', KEY_PASSPHRASE);
    const report = reportDocument({ country: 'TR', contactedBy: '+90 532 555 01 77' });
    const submission = await buildSubmission(desk.directory, { report });
    const created = await request(t.app).post('/api/reports').send(submission.body).expect(201);
    const caseId = (created.body as { caseId: string }).caseId;
    const statement = JSON.stringify({
      type: 'amanat-linking-key/v1',
      version: 1,
      key: Buffer.alloc(32, 9).toString('base64'),
    });
    const planted = await plantedMessageForKeys(
      statement,
      desk.directory.recipients.map((recipient) => recipient.publicKey),
      { signed: true },
    );
    await plantLinkingKey(t, planted);

    const { tab, page } = await openCaseAtDesk(site, desk, caseId, 'ug');
    const refusal = page.locator('#case-links #links-key-problem');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(createDashboardTranslator('ug')('links.untrusted'));
    expect(await page.locator('#links-save, #links-identifiers').count()).toBe(0);
    expect(tab.requests.filter((sent) => sent.url().includes('/api/case-links/cases'))).toEqual([]);
    await page.close();
  });
});
