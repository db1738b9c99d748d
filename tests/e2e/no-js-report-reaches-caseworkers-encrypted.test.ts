/**
 * A reporter with JavaScript off (Tor Browser's "Safest" level) on a deployment with
 * NO_JS_FORM=on, in Uyghur and in Russian at 360 px, on the pre-rendered reporter page: its form
 * says what sending without JavaScript means, the report typed into it is stored as ciphertext
 * that the caseworker key opens, the answer page shows the receipt once with a plain-link quick
 * exit, and that receipt then shows the status on the page's no-JavaScript return form and opens
 * the case on the page with JavaScript. A canary typed into every report is then nowhere in any
 * collection or in the app's log output.
 */
import type { Page } from 'playwright-core';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { LocaleCode } from '../../client/shared/i18n/locales';
import { dumpAllCollections } from '../helpers/database';
import { openReportAs } from '../helpers/reports';
import { captureLog } from '../helpers/log-capture';
import { useReporterSite } from '../helpers/use-reporter-site';

const CANARY = 'canary-nojs-browser-3c9e';
const WHAT_HAPPENED: Record<'ug' | 'ru', string> = {
  ug: `ئاكامنى ساقچىلار ئېلىپ كەتتى — TEST ONLY ${CANARY}`,
  ru: `Брата увела полиция — TEST ONLY ${CANARY}`,
};

describe('reporting with JavaScript off', () => {
  const log = captureLog();
  const site = useReporterSite('e2e-nojs', {
    caseworkers: 1,
    env: { NO_JS_FORM: 'on' },
    logDestination: log.destination,
  });

  async function pageWithoutJavaScript(): Promise<Page> {
    const context = await site.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    return await context.newPage();
  }

  test.each(['ug', 'ru'] as const)(
    'when a report is typed in %s without JavaScript then it is stored encrypted and its receipt shows the status on both return pages',
    async (locale: LocaleCode & ('ug' | 'ru')) => {
      const t = createTranslator(locale);
      const page = await pageWithoutJavaScript();
      await page.goto(`${site.baseUrl}/?lang=${locale}`);
      // The trade-off is said before anything is typed.
      await page.locator('#report-form').getByText(t('noJs.tradeOff.text')).waitFor();
      await page.selectOption('select[name="incidentType"]', 'coercion_to_inform');
      await page.selectOption('select[name="country"]', 'KZ');
      await page.fill('textarea[name="whatHappened"]', WHAT_HAPPENED[locale]);
      await page.fill('input[name="city"]', `${CANARY}-city`);
      await page.check('input[name="relativesAffected"][value="unsaid"]');
      await page.check('input[name="consentRead"]');
      await page.click('#send-report-without-javascript');

      // The answer: the receipt, once, in the reporter's language, right to left for Uyghur.
      await page.locator('#receipt').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ug' ? 'rtl' : 'ltr');
      const receipt = (await page.textContent('#receipt'))!;
      expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/);
      await page.getByText(t('noJs.receipt.writeDown')).waitFor();
      await page.getByText(t('noJs.receipt.howItDiffered')).waitFor();
      // Quick exit is a plain link, usable without JavaScript, big enough to hit.
      const quickExit = page.locator('a.quick-exit');
      expect(await quickExit.getAttribute('href')).toBe('about:blank');
      expect((await quickExit.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      // Nothing overflows the narrow screen.
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).toBe(true);

      // Reloading the receipt page posts the form again: the same receipt, said to be stored
      // already, and no second report (below, one report in this language).
      await page.reload();
      await page.getByText(t('noJs.receipt.alreadyStored')).waitFor();
      expect(await page.textContent('#receipt')).toBe(receipt);

      // Stored as ciphertext that the caseworker key opens, in the reporter's words.
      const reports = await site.t.connection.db!.collection('reports').find({}).toArray();
      const documents = await Promise.all(
        reports.map((stored) =>
          openReportAs<{ locale: string; answers: unknown }>(
            site.t.caseworkers[0]!,
            new Uint8Array(stored['message'].buffer),
          ),
        ),
      );
      expect(documents.filter((document) => document.locale === locale)).toHaveLength(1);
      const report = documents.find((document) => document.locale === locale);
      expect(report!.answers).toMatchObject({
        incidentType: 'coercion_to_inform',
        country: 'KZ',
        whatHappened: WHAT_HAPPENED[locale],
        relativesAffected: 'unsaid',
        consents: { caseworkersMayRead: true, statistics: false },
      });

      // The no-JavaScript return form: the status, and the note that the receipt was sent.
      await page.goto(`${site.baseUrl}/?lang=${locale}&view=return`);
      await page.locator('#return-form').getByText(t('noJs.tradeOff.text')).waitFor();
      await page.fill('#receipt-input', receipt.toLowerCase());
      await page.click('#open-case-without-javascript');
      await page.locator('#status').waitFor();
      expect(await page.textContent('#status')).toBe(t('return.status.new'));
      await page.getByText(t('noJs.status.receiptSent')).waitFor();
      await page.context().close();

      // The page with JavaScript opens the same case with the same receipt.
      const context = await site.browser.newContext({ viewport: { width: 360, height: 740 } });
      const returning = await context.newPage();
      await returning.goto(`${site.baseUrl}/?lang=${locale}&view=return`);
      await returning.fill('#receipt-input', receipt);
      await returning.click('#return-form button[type="submit"]');
      await returning.locator('#case-status').waitFor({ timeout: 30_000 });
      expect(await returning.textContent('#case-status')).toBe(t('return.status.new'));
      await context.close();
    },
  );

  test('when every report is in then the canary is in no collection and no log line', async () => {
    site.t.writeReporterCounts();
    const stored = JSON.stringify(await dumpAllCollections(site.t.connection));
    expect(stored).not.toContain(CANARY);
    expect(log.lines.join('\n')).not.toContain(CANARY);
    expect(await site.t.connection.db!.collection('reports').countDocuments()).toBe(2);
  });
});
