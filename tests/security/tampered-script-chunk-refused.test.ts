/**
 * Attack: whoever can change the scripts on the way or on the server (a compromised proxy or
 * CDN in front, a planted file) swaps a script chunk of the reporter page for one that leaks
 * what the reporter types. Defence: the page's integrity import map pins every script chunk's
 * address to its Subresource Integrity hash (client/build.ts), so the browser checks every fetch
 * of a chunk, static or dynamic import alike, refuses a changed one, and the page fails closed:
 * nothing of the changed code runs, and nothing can be sent. The modulepreloads carry the same
 * hashes but are not enough alone: when a preload's check fails, Chromium fetches the module
 * again for the import without any integrity.
 */
import type { Page } from 'playwright-core';
import { openObservedPage, type ObservedPage } from '../helpers/browser';
import {
  importOutcomes,
  loadWithTampered,
  tamperedThatRan,
  tamperWith,
} from '../helpers/tampered-scripts';
import { useReporterSite } from '../helpers/use-reporter-site';

/** None of the tampered code ran and the page cannot send; then the tab is closed. */
async function expectNothingRanAndNoSending({ page, context }: ObservedPage): Promise<void> {
  expect(await tamperedThatRan(page)).toEqual([]);
  expect(await page.locator('#send-report').isDisabled()).toBe(true);
  await context.close();
}

/** The page's script chunks: those its HTML preloads, and those it preloads once verified. */
async function chunksOf(page: Page, url: string): Promise<{ first: string[]; later: string[] }> {
  const html = await (await page.request.get(url)).text();
  const names = (pattern: RegExp): string[] =>
    [...html.matchAll(pattern)].map(([, path]) => path!.replace('/assets/', ''));
  return {
    first: names(/<link rel="modulepreload" href="([^"]+)"/g),
    later: names(/\["(\/assets\/[^"]+\.js)",/g),
  };
}

describe('a tampered script chunk', () => {
  const site = useReporterSite('security-tampered-chunk', { caseworkers: 1 });

  test('when the chunks the entry script loads are changed then the browser refuses them, none of them runs, and the page cannot send', async () => {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    const url = `${site.baseUrl}/?lang=ug`;
    const [entry, ...chunks] = (await chunksOf(page, url)).first;
    expect(entry).toMatch(/^reporter-/);
    await loadWithTampered(page, url, chunks);
    await expectNothingRanAndNoSending(observed);
  });

  test('when the OpenPGP.js chunk is changed then the browser refuses it, none of it runs, and the page refuses the directory and offers no form', async () => {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    const url = `${site.baseUrl}/?lang=ug`;
    const [, ...chunks] = (await chunksOf(page, url)).first;
    const sizes = await Promise.all(
      chunks.map(async (name) => (await page.request.get(`${site.baseUrl}/assets/${name}`)).body()),
    );
    // The largest chunk is OpenPGP.js itself, imported only to verify the directory.
    const openpgp = chunks[sizes.indexOf(sizes.reduce((a, b) => (a.length > b.length ? a : b)))]!;
    await loadWithTampered(page, url, [openpgp]);
    const status = page.locator('#directory-status[data-state]');
    await status.waitFor();
    expect(await tamperedThatRan(page)).toEqual([]);
    expect(await status.getAttribute('data-state')).toBe('refused');
    expect(await status.getAttribute('data-reason')).toBe('network');
    expect(await page.locator('#report-form').count()).toBe(0);
    await observed.context.close();
  });

  test('when the entry script is changed then none of it runs and the page cannot send', async () => {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    const url = `${site.baseUrl}/?lang=en`;
    const entry = (await chunksOf(page, url)).first[0]!;
    await loadWithTampered(page, url, [entry]);
    await expectNothingRanAndNoSending(observed);
  });

  test('when a chunk loaded only after the directory verified is changed then the browser refuses it and none of it runs', async () => {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    const url = `${site.baseUrl}/?lang=en&view=return`;
    const { later } = await chunksOf(page, url);
    expect(later.length).toBeGreaterThan(0);
    await tamperWith(page, later);
    await page.goto(url);
    await page.locator('#directory-status[data-state="ready"]').waitFor();
    // What the page's own import() would get: the refusal, not the changed code.
    const imported = await importOutcomes(
      page,
      later.map((name) => `/assets/${name}`),
    );
    expect(imported).toEqual(later.map(() => 'refused'));
    expect(await tamperedThatRan(page)).toEqual([]);
    await observed.context.close();
  });
});
