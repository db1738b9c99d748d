/**
 * Failure: on a slow phone the reporter taps "send" twice, the second tap landing while the first
 * is still cleaning the photos or encrypting. A follow-up tapped twice was encrypted twice under
 * two messageIds, and the server, which stores one per id, stored it twice. A report tapped twice
 * was read a second time from the form the first tap had locked, found empty, and refused with
 * "say what happened" while the first was on its way. Defence (report-form.ts,
 * follow-up-form.ts): the first tap marks the form busy and disables "send" before anything is
 * awaited, so the second does nothing. Both taps are dispatched in the same task, as a double
 * tap can land before the page did anything, at 360 px, in Uyghur (right to left) and German.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { LocaleCode } from '../../client/shared/i18n/locales';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { openObservedPage } from '../helpers/browser';
import { makeJpegWithGps } from '../helpers/images';
import { buildSubmission } from '../helpers/reports';
import { useReporterSite } from '../helpers/use-reporter-site';

describe('a double tap on "send"', () => {
  const site = useReporterSite('e2e-double-tap', { caseworkers: 1 });

  /**
   * Two taps on `selector` in one task: nothing the first starts has run when the second lands.
   * Then the form is submitted once more without the button (as an assistive tool or a
   * password manager may): a disabled button alone would not stop that one.
   */
  async function doubleTap(page: Page, selector: string): Promise<void> {
    await page.locator(selector).evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
      button.form!.requestSubmit();
    });
  }

  /**
   * Until the page holds nothing waiting to be sent (leave-guard.ts asks before leaving while it
   * does): every attempt the taps started has ended, whatever it stored.
   */
  async function untilAllDelivered(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const leaving = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(leaving);
      return !leaving.defaultPrevented;
    });
  }

  const storedReports = (): Promise<number> =>
    site.t.connection.db!.collection('reports').countDocuments();
  const storedAttachments = async (): Promise<number> =>
    (await site.t.connection.db!.collection('attachment_parts').distinct('attachmentId')).length;

  test.each<LocaleCode>(['ug', 'de'])(
    'when a %s reporter double-taps "send" while the photo is still being cleaned then one report is stored, its photo once, and the second tap refuses nothing',
    async (lang) => {
      const translate = createTranslator(lang);
      const reportsBefore = await storedReports();
      const attachmentsBefore = await storedAttachments();
      const observed = await openObservedPage(site.browser);
      const { page } = observed;
      // The report's upload is slow: it waits until the test has looked at the page.
      const reportPosts: string[] = [];
      let uploading!: () => void;
      const reportUploading = new Promise<void>((resolve) => (uploading = resolve));
      let uploadReport!: () => void;
      const slowUpload = new Promise<void>((resolve) => (uploadReport = resolve));
      await page.route('**/api/reports', async (route) => {
        reportPosts.push(route.request().postData() ?? '');
        uploading();
        await slowUpload;
        await route.continue();
      });
      await page.goto(`${site.baseUrl}/?lang=${lang}`);
      await page.locator('#send-report:enabled').waitFor();
      await page.fill('textarea[name="whatHappened"]', 'TEST ONLY canary-double-tap-report');
      await page.check('input[name="consentRead"]');
      await page.setInputFiles('#attachments', [
        {
          name: 'canary-photo.jpg',
          mimeType: 'image/jpeg',
          buffer: await makeJpegWithGps(site.browser),
        },
      ]);
      // The photo is being cleaned now: the taps land before it is done.
      await doubleTap(page, '#send-report');

      // While the report is on its way, the second tap refused nothing (before, it read the
      // form the first had locked, found it empty and said "what happened" was missing).
      await reportUploading;
      expect(await page.textContent('#form-problem')).toBe('');
      expect(await page.textContent('#send-report')).toBe(translate('form.sending'));
      expect(await page.isDisabled('#send-report')).toBe(true);
      uploadReport();

      await page.locator('#receipt-code').waitFor({ timeout: 30_000 });
      // The reporter saved the receipt: the page holds nothing more of its own.
      await page.click('#receipt-saved');
      await untilAllDelivered(page);
      expect(await page.textContent('#receipt-title')).toBe(translate('receipt.title'));
      expect(reportPosts).toHaveLength(1);
      expect(await storedReports()).toBe(reportsBefore + 1);
      expect(await storedAttachments()).toBe(attachmentsBefore + 1);
      await observed.context.close();
    },
  );

  test.each<LocaleCode>(['ug', 'de'])(
    'when a %s reporter double-taps "send" on a follow-up then it is stored once and shown once',
    async (lang) => {
      const translate = createTranslator(lang);
      const submission = await buildSubmission(site.t.directory);
      const caseId = (
        await request(site.t.app).post('/api/reports').send(submission.body).expect(201)
      ).body.caseId as string;
      const observed = await openObservedPage(site.browser);
      const { page } = observed;
      await page.goto(`${site.baseUrl}/?lang=${lang}&view=return`);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ug' ? 'rtl' : 'ltr');
      await page.locator('#directory-status[data-state="ready"]').waitFor();
      await page.fill('#receipt-input', submission.receipt);
      await page.click('#return-form button[type="submit"]');
      await page.locator('#case-status').waitFor({ timeout: 30_000 });
      const messagePosts: string[] = [];
      page.on('request', (sent) => {
        if (sent.url().endsWith('/api/receipts/messages')) messagePosts.push(sent.postData() ?? '');
      });

      await page.fill('#follow-up', 'TEST ONLY canary-double-tap-follow-up');
      await doubleTap(page, '#follow-up-form button[type="submit"]');

      await page.getByText(translate('return.followUp.sent')).waitFor({ timeout: 30_000 });
      await untilAllDelivered(page);
      expect(messagePosts).toHaveLength(1);
      const thread = await new CaseMessagesRepository(site.t.connection).listThread(caseId);
      expect(thread.filter((entry) => entry.author === 'reporter')).toHaveLength(1);
      expect(await page.locator('#case-thread article.own-follow-up').count()).toBe(1);
      await observed.context.close();
    },
  );
});
