/**
 * The countries the report form offers, named in the reader's language from CLDR and sorted by
 * that language's collation, both fixed at generation (country-names-data.ts, written by
 * scripts/country-names.ts), not by the browser: Chromium has no Uyghur or Kazakh region names
 * (it showed English in Latin script inside a Uyghur page) and sorts Uyghur without its rules.
 */
import type { LocaleCode } from '../shared/i18n/locales';
import { COUNTRY_NAMES } from './country-names-data';

/**
 * Every offered country as [ISO code, name], in the language's own order. The form's "other"
 * entry is not included: the form adds it last.
 */
export function countryOptions(
  locale: LocaleCode,
): readonly (readonly [code: string, name: string])[] {
  return COUNTRY_NAMES[locale];
}
