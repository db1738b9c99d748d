import { countryOptions } from '../../../../client/reporter/country-names';
import { COUNTRY_NAMES } from '../../../../client/reporter/country-names-data';
import { COUNTRY_CODES } from '../../../../contract/vocabulary';
import { LOCALES, type LocaleCode } from '../../../../client/shared/i18n/locales';
import { countryNamesFromCldr } from '../../../../scripts/country-names';

/**
 * The script each language writes country names in: a name in another script (English in Latin
 * letters inside a Uyghur page) is what the browser's own region names gave.
 */
const SCRIPT_OF: Record<LocaleCode, RegExp> = {
  ug: /\p{Script=Arabic}/u,
  en: /\p{Script=Latin}/u,
  tr: /\p{Script=Latin}/u,
  kk: /\p{Script=Cyrillic}/u,
  ru: /\p{Script=Cyrillic}/u,
  de: /\p{Script=Latin}/u,
  'zh-Hans': /\p{Script=Han}/u,
};

/** Letters of any script: every one of a name's letters must be in its language's script. */
const LETTER = /\p{L}/gu;

describe('country names for the report form', () => {
  test('the committed names are what CLDR gives (regenerate with npx tsx scripts/country-names.ts)', () => {
    expect(COUNTRY_NAMES).toEqual(countryNamesFromCldr());
  });

  test.each(LOCALES.map(({ code }) => code))(
    'in %s every offered country has a name written in the language’s own script',
    (locale) => {
      const options = countryOptions(locale);
      expect(options.map(([code]) => code).sort()).toEqual([...COUNTRY_CODES].sort());
      for (const [code, name] of options) {
        const letters = name.match(LETTER) ?? [];
        expect(letters.length).toBeGreaterThan(0);
        const foreign = letters.filter((letter) => !SCRIPT_OF[locale].test(letter));
        expect({ code, name, foreign }).toEqual({ code, name, foreign: [] });
      }
      expect(options.some(([code]) => code === 'other')).toBe(false);
    },
  );

  test.each(LOCALES.map(({ code }) => code))(
    'in %s the countries are in the order of the language’s own collation',
    (locale) => {
      const names = countryOptions(locale).map(([, name]) => name);
      const collator = new Intl.Collator(locale);
      expect(names).toEqual([...names].sort(collator.compare));
    },
  );
});
