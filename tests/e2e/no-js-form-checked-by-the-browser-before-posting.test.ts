/**
 * A reporter with JavaScript off (Tor Browser's "Safest" level) on a deployment with
 * NO_JS_FORM=on, at 360 px, in Uyghur and in Kazakh: a form missing what happened or the consent
 * is stopped by the browser itself, before anything is posted, so the text typed stays on the
 * page (a refusal from the server would cost it: Back reloads a page that is not stored). The
 * month box asks for YYYY-MM where the browser has no month picker. Once complete, the same
 * page's form is posted once and stored once.
 */
import type { Page, Request } from 'playwright-core';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { LocaleCode } from '../../client/shared/i18n/locales';
import { countReports } from '../helpers/database';
import { useReporterSite } from '../helpers/use-reporter-site';

const WHAT_HAPPENED: Record<'ug' | 'kk', string> = {
  ug: 'ئاكامغا تېلېفون قىلىپ تەھدىت سالدى — TEST ONLY',
  kk: 'Ағама телефон соғып, қорқытты — TEST ONLY',
};

describe('the no-JavaScript form is checked by the browser before it is posted', () => {
  const site = useReporterSite('e2e-nojs-validation', {
    caseworkers: 1,
    env: { NO_JS_FORM: 'on' },
  });

  async function pageWithoutJavaScript(): Promise<{ page: Page; posts: Request[] }> {
    const context = await site.browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 740 },
    });
    const page = await context.newPage();
    const posts: Request[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request);
    });
    return { page, posts };
  }

  /** Whether the browser holds `selector`'s field invalid (the constraint it would not post). */
  async function invalid(page: Page, selector: string): Promise<boolean> {
    return await page.locator(selector).evaluate((field) => field.matches(':invalid'));
  }

  test.each(['ug', 'kk'] as const)(
    'when the form is sent in %s without what happened or without the consent then the browser stops it, the text stays, and nothing is posted',
    async (locale: LocaleCode & ('ug' | 'kk')) => {
      const t = createTranslator(locale);
      const before = await countReports(site.t.connection);
      const { page, posts } = await pageWithoutJavaScript();
      await page.goto(`${site.baseUrl}/?lang=${locale}`);
      const send = page.locator('#send-report-without-javascript');

      // The month box asks for the one shape the server reads (a text box in Firefox).
      const month = page.locator('input[name="month"]');
      expect(await month.getAttribute('pattern')).toBe('[0-9]{4}-[0-9]{2}');
      expect(await month.getAttribute('placeholder')).toBe(t('form.when.placeholder'));

      // Nothing typed about what happened: the browser refuses to send.
      await page.check('input[name="consentRead"]');
      await send.click();
      expect(await invalid(page, 'textarea[name="whatHappened"]')).toBe(true);

      // What happened typed, the consent left out: refused again, the text still there.
      await page.fill('textarea[name="whatHappened"]', WHAT_HAPPENED[locale]);
      await page.uncheck('input[name="consentRead"]');
      await send.click();
      expect(await invalid(page, 'input[name="consentRead"]')).toBe(true);
      expect(await page.inputValue('textarea[name="whatHappened"]')).toBe(WHAT_HAPPENED[locale]);

      // Complete, it is posted: the one post of this page, so neither click above posted.
      await page.check('input[name="consentRead"]');
      await send.click();
      await page.locator('#receipt').waitFor();
      expect(await page.getAttribute('html', 'lang')).toBe(locale);
      expect(posts.map((request) => new URL(request.url()).pathname)).toEqual(['/no-js/report']);
      expect(await countReports(site.t.connection)).toBe(before + 1);
      await page.context().close();
    },
  );
});
