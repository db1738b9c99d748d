/**
 * The report form asks who contacted or threatened the reporter (phone numbers, accounts, names):
 * the answer travels inside the encrypted report like every other answer. Whatever the page
 * sends is captured and searched, and so is the whole database: only a caseworker's decryption
 * shows the answer.
 */
import { decryptMessage, MAX_PLAINTEXT_BYTES } from '../../client/crypto';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { dumpAllCollections } from '../helpers/database';
import { TEST_PASSPHRASE } from '../helpers/keys';
import { openFilledReportForm } from '../helpers/report-form';
import { useReporterSite } from '../helpers/use-reporter-site';

const CONTACTED_BY = 'WeChat: canary-harasser-5e1d\n+90 532 555 01 77';
const CANARIES = ['canary-harasser-5e1d', '532 555 01 77', '5325550177'];

describe('a reporter names who contacted them', () => {
  const site = useReporterSite('e2e-contacted-by', { caseworkers: 1 });

  test('when the field is filled in Uyghur then it is inside the ciphertext and nowhere in what was sent or stored', async () => {
    const { t, baseUrl, browser } = site;
    const observed = await openFilledReportForm(browser, baseUrl, 'ug', 'TEST ONLY threatened');
    const { page } = observed;
    const ug = createTranslator('ug');
    expect(await page.textContent('label[for="contactedBy"]')).toBe(ug('form.contactedBy.label'));
    await page.fill('textarea[name="contactedBy"]', CONTACTED_BY);
    await page.click('#send-report');
    await page.locator('#receipt-code').waitFor({ timeout: 30_000 });

    const bodies = observed.requests.map((request) => request.postData() ?? '').join('\n');
    expect(bodies).toContain('-----BEGIN PGP MESSAGE-----');
    const stored = JSON.stringify(await dumpAllCollections(t.connection));
    for (const canary of CANARIES) {
      for (const encoded of [canary, encodeURIComponent(canary), btoa(canary)]) {
        expect(bodies).not.toContain(encoded);
        expect(stored).not.toContain(encoded);
      }
    }

    const report = await t.connection.db!.collection('reports').findOne({});
    const plaintext = await decryptMessage(
      new Uint8Array(report!['message'].buffer),
      t.caseworkers[0]!.armoredSecretKey,
      TEST_PASSPHRASE,
      MAX_PLAINTEXT_BYTES.report,
    );
    const document = JSON.parse(new TextDecoder().decode(plaintext));
    expect(document.answers.contactedBy).toBe(CONTACTED_BY);
    await page.close();
  });
});
