/**
 * The reporter's page does not lose an encrypted report when the server is down or the network
 * drops: it keeps the ciphertext in memory (never in storage), tells the reporter plainly what is
 * happening, and sends the very same submission again by itself until it is stored — once.
 */
import type { Request } from 'playwright-core';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { useReporterSite } from '../helpers/use-reporter-site';
import { openFilledReportForm } from '../helpers/report-form';

describe('the reporter page retries by itself', () => {
  const site = useReporterSite('e2e-retries', { caseworkers: 1 });

  test('when the first tries fail (503 with Retry-After, then a dropped connection) then the page says so, retries the same ciphertext and the report is stored once', async () => {
    const { t, baseUrl, browser } = site;
    const observed = await openFilledReportForm(
      browser,
      baseUrl,
      'en',
      'TEST ONLY canary-retry-4b1d',
    );
    const { page } = observed;
    const before = await t.connection.db!.collection('reports').countDocuments({});

    // Everything the delivery status ever said, and whether it was a polite live region.
    await page.evaluate(() => {
      const message = document.getElementById('report-delivery-message')!;
      const log: string[] = [];
      (window as unknown as { __deliveryLog: string[] }).__deliveryLog = log;
      new MutationObserver(() => log.push(message.textContent ?? '')).observe(message, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const message = page.locator('#report-delivery-message');
    expect(await message.getAttribute('role')).toBe('status');
    expect(await message.getAttribute('aria-live')).toBe('polite');

    // 1st try: the database is down (503, Retry-After: 1); 2nd: the connection drops; then through.
    const attempts: Request[] = [];
    await page.route('**/api/reports', async (route) => {
      attempts.push(route.request());
      if (attempts.length === 1) {
        await route.fulfill({
          status: 503,
          headers: { 'Retry-After': '1', 'Content-Type': 'application/json' },
          body: JSON.stringify({
            error: { code: 'database_unavailable', message: 'Try again.', requestId: 'x' },
          }),
        });
      } else if (attempts.length === 2) {
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.click('#send-report');

    const en = createTranslator('en');
    const unavailable = `${en('delivery.reason.unavailable')} ${en('delivery.waiting.report', { count: 1 })}`;
    // After the dropped connection: 2 failures, so 4 s (2, 4, 8… s); "try now" cuts it short.
    const offline = `${en('delivery.reason.offline')} ${en('delivery.waiting.report', { count: 4 })}`;
    await page.getByText(offline).waitFor({ timeout: 30_000 });
    // Meanwhile nothing can be edited, so nothing typed now is silently left out.
    expect(await page.locator('textarea[name="whatHappened"]').isDisabled()).toBe(true);
    await page.click('#report-delivery-try-now');

    const receipt = (await page.locator('#receipt-code').textContent({ timeout: 30_000 }))!.trim();
    expect(receipt).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    const said = await page.evaluate(
      () => (window as unknown as { __deliveryLog: string[] }).__deliveryLog,
    );
    expect(said).toContain(unavailable);
    expect(said).toContain(en('delivery.retrying'));
    expect(said).toContain(offline);
    expect(said.indexOf(unavailable)).toBeLessThan(said.indexOf(offline));
    expect(await page.locator('#form-problem').count()).toBe(0); // the form, and its error, are gone

    // Three tries, byte for byte the same ciphertext and submissionId; one report stored.
    expect(attempts).toHaveLength(3);
    const bodies = attempts.map((request) => request.postData() ?? '');
    expect(new Set(bodies).size).toBe(1);
    const sent = JSON.parse(bodies[0]!) as { submissionId: string; message: string };
    expect(sent.message).toContain('-----BEGIN PGP MESSAGE-----');
    expect(bodies[0]).not.toContain('canary-retry-4b1d');
    expect(await t.connection.db!.collection('reports').countDocuments({})).toBe(before + 1);
    expect(
      await t.connection.db!.collection('reports').countDocuments({
        submissionId: sent.submissionId,
      }),
    ).toBe(1);
    // Kept in memory only: nothing went to any storage of the browser.
    expect(
      await page.evaluate(async () => [
        localStorage.length,
        sessionStorage.length,
        (await indexedDB.databases()).length,
        (await caches.keys()).length,
      ]),
    ).toEqual([0, 0, 0, 0]);
    expect(await observed.cspViolations()).toEqual([]);
    await observed.context.close();
  });

  test('when the server refuses the report for good (422) then the page does not retry and says so', async () => {
    const { baseUrl, browser } = site;
    const observed = await openFilledReportForm(browser, baseUrl, 'de', 'TEST ONLY refused');
    const { page } = observed;
    let attempts = 0;
    await page.route('**/api/reports', async (route) => {
      attempts += 1;
      await route.fulfill({
        status: 422,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          error: { code: 'recipient_missing', message: 'no', requestId: 'x' },
        }),
      });
    });
    await page.click('#send-report');
    const de = createTranslator('de');
    await page
      .getByText(de('form.failed', { reason: de('form.failed.refused') }))
      .waitFor({ timeout: 30_000 });
    // Give a wrongly scheduled retry the time to show itself.
    await page.waitForTimeout(2500);
    expect(attempts).toBe(1);
    expect(await page.locator('textarea[name="whatHappened"]').isDisabled()).toBe(false);
    expect(await page.locator('#send-report').isEnabled()).toBe(true);
    await observed.context.close();
  });
});
