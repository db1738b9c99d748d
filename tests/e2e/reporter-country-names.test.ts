/**
 * The report form names countries in the reporter's language and script, from CLDR, in every
 * language the page offers: Chromium's own region names have no Uyghur or Kazakh and showed
 * English in Latin script inside a Uyghur page. Only the offered countries' names ship.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countryOptions } from '../../client/reporter/country-names';
import { COUNTRY_CODES } from '../../contract/vocabulary';
import { createTranslator } from '../../client/shared/i18n/i18n';
import { LOCALES } from '../../client/shared/i18n/locales';
import { openObservedPage } from '../helpers/browser';
import { useReporterSite } from '../helpers/use-reporter-site';

describe('country names on the reporter page', () => {
  const site = useReporterSite('e2e-country-names');

  test.each(LOCALES.map(({ code }) => code))(
    'when the form is opened in %s then every country is named in that language, in its order, "other" last',
    async (locale) => {
      const { context, page } = await openObservedPage(site.browser);
      await page.goto(`${site.baseUrl}/?lang=${locale}`);
      const options = page.locator('select[name="country"] option');
      await options.first().waitFor({ state: 'attached' });
      const shown = await options.evaluateAll((elements) =>
        elements.map((option) => [(option as HTMLOptionElement).value, option.textContent]),
      );
      const t = createTranslator(locale);
      expect(shown).toEqual([
        ['', t('form.country.choose')],
        ...countryOptions(locale),
        ['other', t('form.country.other')],
      ]);
      await context.close();
    },
  );

  test('when the page is built then its scripts carry the offered countries’ names only, not the whole CLDR set', () => {
    const assets = join(site.workDir, 'public', 'assets');
    const scripts = readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(assets, name), 'utf8'))
      .join('\n');
    // Every Uyghur name CLDR has for a country the form does not offer (Antarctica, Svalbard...).
    const cldr = JSON.parse(
      readFileSync(require.resolve('cldr-localenames-full/main/ug/territories.json'), 'utf8'),
    ) as { main: { ug: { localeDisplayNames: { territories: Record<string, string> } } } };
    const offered = countryOptions('ug').map(([, name]) => name);
    const notOffered = Object.entries(cldr.main.ug.localeDisplayNames.territories)
      .filter(
        ([code]) => /^[A-Z]{2}$/.test(code) && !(COUNTRY_CODES as readonly string[]).includes(code),
      )
      .map(([, name]) => name)
      .filter((name) => !offered.some((offeredName) => offeredName.includes(name)));
    expect(notOffered.length).toBeGreaterThan(200);
    // As a string of its own (a short name like Qatar's is also a Uyghur word in the catalogue).
    const shipped = (name: string): boolean =>
      ['"', "'", '`'].some((quote) => scripts.includes(`${quote}${name}${quote}`));
    // Control: the search finds a string the page's scripts hold.
    expect(shipped('/api/receipts/case')).toBe(true);
    expect(notOffered.filter(shipped)).toEqual([]);
  });
});
