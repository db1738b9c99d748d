/** The reporter page's report form, opened and filled in the least a report needs, as a reporter does. */
import type { Browser } from 'playwright-core';
import { openObservedPage, type ObservedPage } from './browser';

/**
 * Opens the reporter page at `baseUrl` in `lang` in a fresh observed page, waits for the form
 * (the directory checked), writes `whatHappened` and ticks the consent: the report is ready to
 * send (`#send-report`), with whatever the test adds first.
 */
export async function openFilledReportForm(
  browser: Browser,
  baseUrl: string,
  lang: string,
  whatHappened: string,
): Promise<ObservedPage> {
  const observed = await openObservedPage(browser);
  const { page } = observed;
  await page.goto(`${baseUrl}/?lang=${lang}`);
  await page.locator('#report-form').waitFor();
  await page.fill('textarea[name="whatHappened"]', whatHappened);
  await page.check('input[name="consentRead"]');
  return observed;
}
