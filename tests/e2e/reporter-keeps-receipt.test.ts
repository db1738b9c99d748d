/**
 * The receipt is the only way back to a report, and the page keeps it nowhere: so it must not be
 * lost by a slip. It can be copied (the Clipboard API, or the code selected where there is none);
 * leaving the page (a language link, "I have a receipt", reload, closing) asks first until the
 * reporter says they saved it; it can be shown again while the page lives; and nothing of it is
 * stored on the device. On a 360 px phone, in Uyghur (right to left) and Russian.
 */
import type { Page } from 'playwright-core';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { LocaleCode } from '../../client/shared/i18n/locales';
import { openFilledReportForm } from '../helpers/report-form';
import { useReporterSite } from '../helpers/use-reporter-site';

const RECEIPT_FORMAT = /^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/;

describe('the reporter keeps their receipt', () => {
  const site = useReporterSite('e2e-keeps-receipt', { caseworkers: 1 });

  /** Sends a report in `lang` and returns the page showing its receipt. */
  async function receiptPage(lang: LocaleCode) {
    const observed = await openFilledReportForm(
      site.browser,
      site.baseUrl,
      lang,
      'TEST ONLY keep the receipt',
    );
    await observed.page.click('#send-report');
    const receipt = (await observed.page
      .locator('#receipt-code')
      .textContent({ timeout: 30_000 }))!;
    expect(receipt.trim()).toMatch(RECEIPT_FORMAT);
    return { ...observed, receipt: receipt.trim() };
  }

  /** `leave()` makes the page ask before it is left (beforeunload); the answer is "stay". */
  async function leavingAsks(page: Page, leave: () => Promise<unknown>): Promise<void> {
    const question = page.waitForEvent('dialog');
    const leaving = leave();
    const asked = await question;
    expect(asked.type()).toBe('beforeunload');
    await asked.dismiss();
    await leaving;
  }

  async function expectNothingStored(observed: {
    page: Page;
    context: { cookies(): Promise<unknown[]> };
  }): Promise<void> {
    expect(await observed.context.cookies()).toEqual([]);
    expect(
      await observed.page.evaluate(async () => [
        localStorage.length,
        sessionStorage.length,
        (await indexedDB.databases()).length,
        (await caches.keys()).length,
      ]),
    ).toEqual([0, 0, 0, 0]);
  }

  /** At least 44 × 44 CSS px: a thumb can hit it on a phone. */
  async function expectTouchSize(page: Page, selector: string): Promise<void> {
    const box = await page.locator(selector).boundingBox();
    expect(box).not.toBeNull();
    expect(Math.min(box!.width, box!.height)).toBeGreaterThanOrEqual(44);
  }

  test.each<LocaleCode>(['ug', 'ru'])(
    'when the receipt is shown in %s then copy puts it on the clipboard, leaving asks until it is saved, and it can be shown again',
    async (lang) => {
      const t = createTranslator(lang);
      const observed = await receiptPage(lang);
      const { page, context } = observed;
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: site.baseUrl,
      });
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ug' ? 'rtl' : 'ltr');
      for (const control of ['#receipt-copy', '#receipt-print', '#receipt-saved']) {
        await expectTouchSize(page, control);
      }

      await page.click('#receipt-copy');
      await page.getByText(t('receipt.copied')).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(observed.receipt);

      // Until the reporter confirms, every way of leaving asks first; answering "stay" keeps the
      // receipt on screen.
      const here = page.url();
      const other = lang === 'ug' ? 'en' : 'ug';
      await leavingAsks(page, () => page.click(`nav.languages a[lang="${other}"]`));
      await leavingAsks(page, () => page.click('nav.views a[data-view="return"]'));
      await leavingAsks(page, () => page.evaluate(() => window.location.reload()));
      await leavingAsks(page, () => page.close({ runBeforeUnload: true }));
      expect(page.isClosed()).toBe(false);
      expect(page.url()).toBe(here);
      expect(await page.locator('#receipt-code').textContent()).toBe(observed.receipt);

      // Confirmed: the code is hidden (someone may see the screen later), and shown again on
      // request while the page lives.
      await page.click('#receipt-saved');
      await page.getByText(t('receipt.savedConfirmed')).waitFor();
      expect(await page.locator('#receipt-code').isVisible()).toBe(false);
      const showAgain = page.locator('#receipt-show-again');
      expect(await showAgain.textContent()).toBe(t('receipt.showAgain'));
      expect(await showAgain.getAttribute('aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('receipt-show-again');
      await expectTouchSize(page, '#receipt-show-again');
      await showAgain.click();
      expect(await page.locator('#receipt-code').isVisible()).toBe(true);
      expect(await page.locator('#receipt-code').textContent()).toBe(observed.receipt);
      expect(await showAgain.getAttribute('aria-expanded')).toBe('true');
      expect(await showAgain.textContent()).toBe(t('receipt.hideAgain'));
      await expectNothingStored(observed);

      // Now leaving asks nothing.
      const askedAfter: string[] = [];
      page.on('dialog', (dialog) => {
        askedAfter.push(dialog.type());
        void dialog.dismiss();
      });
      await page.click('nav.views a[data-view="return"]');
      await page.waitForURL(/view=return/);
      expect(askedAfter).toEqual([]);
      await context.close();
    },
  );

  test('when quick exit is used before the receipt is saved then the page leaves at once, asking nothing', async () => {
    const { page, context } = await receiptPage('ug');
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.click('#quick-exit');
    await page.waitForURL('about:blank');
    expect(asked).toEqual([]);
    await context.close();
  });

  test('when the browser has no Clipboard API then copy selects the receipt and says how to copy it', async () => {
    const ug = createTranslator('ug');
    const observed = await receiptPage('ug');
    const { page } = observed;
    // An older browser: no navigator.clipboard at all.
    await page.evaluate(() =>
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }),
    );
    await page.click('#receipt-copy');
    await page.getByText(ug('receipt.selected')).waitFor();
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(observed.receipt);
    await expectNothingStored(observed);
    await observed.context.close();
  });
});
