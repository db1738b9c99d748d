/**
 * The reporter page is pre-rendered: on a 360 px phone, in Uyghur (right to left) and English, its
 * text, language links and quick exit are there without JavaScript and before any script ran; the
 * form takes typing while the directory is still being checked, and sending waits until it
 * verified. Every script the page runs was preloaded with its integrity, nothing it asks for
 * fails, and a form error takes the reporter to the field.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { LOCALES, type LocaleCode } from '../../client/shared/i18n/locales';
import { heldRoute, openObservedPage } from '../helpers/browser';
import { useReporterSite } from '../helpers/use-reporter-site';

const LANGUAGES: readonly LocaleCode[] = ['ug', 'en'];
const PHONE = { width: 360, height: 740 };

/** What the page shows before or without its script: title, quick exit, every language link. */
async function expectPageText(page: Page, lang: LocaleCode, view: string): Promise<void> {
  const t = createTranslator(lang);
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
  expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ug' ? 'rtl' : 'ltr');
  expect(await page.locator('h1').textContent()).toBe(t('app.title'));
  const quickExit = page.locator('a#quick-exit');
  expect(await quickExit.isVisible()).toBe(true);
  expect(await quickExit.textContent()).toBe(t('quickExit.button'));
  expect(await quickExit.getAttribute('href')).toBe('about:blank');
  for (const locale of LOCALES) {
    const link = page.locator(`nav.languages a[lang="${locale.code}"]`);
    expect(await link.isVisible()).toBe(true);
    expect(await link.getAttribute('href')).toBe(`?lang=${locale.code}&view=${view}`);
  }
  expect(await page.locator('p.tagline').textContent()).toBe(t('app.tagline'));
}

describe('the reporter page before and without its script', () => {
  const site = useReporterSite('e2e-first-load', {
    build: { alternativeChannels: ['Signal: +00 TEST ONLY'] },
  });

  test.each(LANGUAGES)(
    'when JavaScript is off then the page in %s shows its text, language links and a quick exit link',
    async (lang) => {
      const context = await site.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
      const page = await context.newPage();
      for (const view of ['report', 'return', 'protection']) {
        await page.goto(`${site.baseUrl}/?lang=${lang}&view=${view}`);
        await expectPageText(page, lang, view);
      }
      // The quick exit link leaves without any script.
      await page.click('#quick-exit');
      await page.waitForURL('about:blank');
      await context.close();
    },
  );

  test.each(LANGUAGES)(
    'when the page in %s has run no script yet then its text shows and the form takes typing; sending waits for the directory',
    async (lang) => {
      const observed = await openObservedPage(site.browser);
      const { page } = observed;
      const script = heldRoute();
      const directory = heldRoute();
      await page.route('**/assets/reporter-*.js', script.handler);
      await page.route('**/api/recipients', directory.handler);
      await page.goto(`${site.baseUrl}/?lang=${lang}`, { waitUntil: 'commit' });
      await page.locator('#report-form').waitFor();
      await expectPageText(page, lang, 'report');
      // No script ran: the file picker the script adds is not there yet.
      expect(await page.locator('#attachments-slot').count()).toBe(1);
      await page.fill('#whatHappened', 'TEST ONLY typed before any script');
      expect(await page.locator('#send-report').isDisabled()).toBe(true);

      // The script runs; the directory answer is still held back.
      script.release();
      await page.locator('#attachments').waitFor({ state: 'attached' });
      await page.locator('#whatHappened').pressSequentially(', and while the keys were checked');
      await page.check('input[name="consentRead"]');
      expect(await page.locator('#send-report').isDisabled()).toBe(true);
      expect(await page.locator('#directory-status').getAttribute('data-state')).toBeNull();
      expect(await page.locator('#directory-status').textContent()).toBe(
        createTranslator(lang)('directory.checking'),
      );

      directory.release();
      await page.locator('#directory-status[data-state="ready"]').waitFor();
      await page.locator('#send-report:enabled').waitFor();
      expect(await page.inputValue('#whatHappened')).toBe(
        'TEST ONLY typed before any script, and while the keys were checked',
      );
      expect(await observed.cspViolations()).toEqual([]);
      await observed.context.close();
    },
  );

  test('when the page has loaded everything then every module script and chunk was preloaded with its integrity, and the first load fetched only the chunks its HTML preloads', async () => {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    const url = `${site.baseUrl}/?lang=ug`;
    const firstLoad = preloadsIn(await (await page.request.get(url)).text());
    // The directory answer is held, and so is every chunk the HTML does not preload: if
    // verifying the directory needed one of them, the page would never get ready.
    const directory = heldRoute();
    const later = heldRoute();
    const requested: string[] = [];
    let allPreloadsAskedFor = (): void => undefined;
    const preloadsAskedFor = new Promise<void>((resolve) => (allPreloadsAskedFor = resolve));
    await page.route('**/api/recipients', directory.handler);
    await page.route('**/assets/*.js', async (route) => {
      const path = new URL(route.request().url()).pathname;
      requested.push(path);
      if (Object.keys(firstLoad).every((preload) => requested.includes(preload))) {
        allPreloadsAskedFor();
      }
      await (path in firstLoad ? route.continue() : later.handler(route));
    });
    await page.goto(url);
    await preloadsAskedFor;
    await page.locator('#attachments').waitFor({ state: 'attached' }); // the script ran
    expect([...requested].sort()).toEqual(Object.keys(firstLoad).sort());
    directory.release();
    await page.locator('#directory-status[data-state="ready"]').waitFor();
    await page.locator('#send-report:enabled').waitFor();
    later.release();
    await page.waitForLoadState('networkidle');

    const assetsDir = join(site.workDir, 'public', 'assets');
    const built = readdirSync(assetsDir).filter((name) => name.endsWith('.js'));
    const preloaded = await preloadsOf(page);
    expect(Object.keys(preloaded).sort()).toEqual(built.map((name) => `/assets/${name}`).sort());
    for (const name of built) {
      const hash = createHash('sha384').update(readFileSync(join(assetsDir, name)));
      expect(preloaded[`/assets/${name}`]).toBe(`sha384-${hash.digest('base64')}`);
    }
    const moduleScripts = await page.$$eval('script[type="module"]', (scripts) =>
      scripts.map((script) => [
        new URL((script as HTMLScriptElement).src).pathname,
        script.getAttribute('integrity'),
      ]),
    );
    expect(moduleScripts.length).toBe(1);
    for (const [path, integrity] of moduleScripts) expect(firstLoad[path!]).toBe(integrity);
    // The first load is a part: the rest waited until sending was enabled.
    expect(Object.keys(firstLoad).length).toBeLessThan(built.length);
    expect(await observed.cspViolations()).toEqual([]);
    await observed.context.close();
  });

  test.each(LANGUAGES)(
    'when the page in %s loads each view then no request fails',
    async (lang) => {
      const observed = await openObservedPage(site.browser);
      const { page } = observed;
      const failures: string[] = [];
      page.on('requestfailed', (request) => failures.push(`failed ${request.url()}`));
      page.on('response', (response) => {
        if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
      });
      for (const view of ['report', 'return', 'protection']) {
        await page.goto(`${site.baseUrl}/?lang=${lang}&view=${view}`);
        if (view !== 'protection') {
          await page.locator('#directory-status[data-state="ready"]').waitFor();
        }
        await page.waitForLoadState('networkidle');
        // The icon the page names is served (headless Chromium may not ask for it itself).
        const icon = await page.getAttribute('link[rel="icon"]', 'href');
        expect((await page.request.get(new URL(icon!, site.baseUrl).href)).status()).toBe(200);
      }
      expect(failures).toEqual([]);
      await observed.context.close();
    },
  );

  test('when a report is sent without what happened or without the consent then the page says so and takes the reporter to that field', async () => {
    const observed = await openObservedPage(site.browser);
    const { page } = observed;
    const t = createTranslator('ug');
    await page.goto(`${site.baseUrl}/?lang=ug`);
    await page.click('#send-report');
    expect(await page.locator('#form-problem').textContent()).toBe(t('form.whatHappened.required'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('whatHappened');
    await page.fill('#whatHappened', 'TEST ONLY without consent');
    await page.click('#send-report');
    expect(await page.locator('#form-problem').textContent()).toBe(t('form.consent.required'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
      'consentRead',
    );
    await observed.context.close();
  });
});

/** The page's modulepreload links: path → integrity. */
async function preloadsOf(page: Page): Promise<Record<string, string | null>> {
  const links = await page.$$eval('link[rel="modulepreload"]', (found) =>
    found.map((link) => [
      new URL((link as HTMLLinkElement).href).pathname,
      link.getAttribute('integrity'),
    ]),
  );
  return Object.fromEntries(links) as Record<string, string | null>;
}

/** The modulepreload links written in a page's HTML: path → integrity. */
function preloadsIn(html: string): Record<string, string> {
  const links = [
    ...html.matchAll(/<link rel="modulepreload" href="([^"]+)" integrity="([^"]+)">/g),
  ];
  return Object.fromEntries(links.map(([, href, integrity]) => [href!, integrity!]));
}
