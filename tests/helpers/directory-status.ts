/**
 * The reporter page and its recipient directory: what the page shows once it has checked the
 * directory, and the answer a compromised server (or a database writer) could serve it instead.
 */
import type { Page } from 'playwright-core';
import type { DirectoryFailure } from '../../client/reporter/directory-check';
import { createTranslator } from '../../client/shared/i18n/i18n';
import type { LocaleCode } from '../../client/shared/i18n/locales';
import { openObservedPage } from './browser';
import type { ReporterSite } from './reporter-site';

export interface DirectoryStatus {
  /** `ready` or `refused`: the page sets it only once the check is done. */
  readonly state: string | null;
  readonly reason: string | null;
  readonly text: string;
}

export async function directoryStatusOf(page: Page): Promise<DirectoryStatus> {
  const status = page.locator('#directory-status[data-state]');
  await status.waitFor();
  return {
    state: await status.getAttribute('data-state'),
    reason: await status.getAttribute('data-reason'),
    text: (await status.textContent()) ?? '',
  };
}

/** Answers the page's GET /api/recipients with `served`, whatever the server holds. */
export async function serveRecipients(page: Page, served: unknown): Promise<void> {
  await page.route('**/api/recipients', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(served) }),
  );
}

/**
 * The page refused the directory for `reason`, told the reporter so in `locale`, and offers no
 * form (nothing can be encrypted to keys it does not trust).
 */
export async function expectDirectoryRefused(
  page: Page,
  locale: LocaleCode,
  reason: Exclude<DirectoryFailure, 'network'>,
): Promise<void> {
  const status = await directoryStatusOf(page);
  expect(status).toMatchObject({ state: 'refused', reason });
  expect(status.text).toContain(createTranslator(locale)(`directory.error.${reason}`));
  expect(await page.locator('#report-form').count()).toBe(0);
}

/** Opens the reporter page in `locale` in a fresh tab and expects it to refuse the directory. */
export async function expectReporterPageRefusesDirectory(
  site: ReporterSite,
  locale: LocaleCode,
  reason: Exclude<DirectoryFailure, 'network'>,
): Promise<void> {
  const observed = await openObservedPage(site.browser);
  await observed.page.goto(`${site.baseUrl}/?lang=${locale}`);
  await expectDirectoryRefused(observed.page, locale, reason);
  await observed.context.close();
}
