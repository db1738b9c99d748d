/**
 * The reporter's languages. Uyghur is written in Arabic script, right to left.
 * The language lives only in the URL (`?lang=ug`): no cookie, no storage.
 */
export const LOCALES = [
  { code: 'ug', dir: 'rtl', nativeName: 'ئۇيغۇرچە' },
  { code: 'en', dir: 'ltr', nativeName: 'English' },
  { code: 'tr', dir: 'ltr', nativeName: 'Türkçe' },
  { code: 'kk', dir: 'ltr', nativeName: 'Қазақша' },
  { code: 'ru', dir: 'ltr', nativeName: 'Русский' },
  { code: 'de', dir: 'ltr', nativeName: 'Deutsch' },
  { code: 'zh-Hans', dir: 'ltr', nativeName: '简体中文' },
] as const;

export type LocaleCode = (typeof LOCALES)[number]['code'];
export type TextDirection = 'ltr' | 'rtl';

export const DEFAULT_LOCALE: LocaleCode = 'en';

export function isLocaleCode(value: string | null | undefined): value is LocaleCode {
  return LOCALES.some((locale) => locale.code === value);
}

export function directionOf(code: LocaleCode): TextDirection {
  return LOCALES.find((locale) => locale.code === code)?.dir ?? 'ltr';
}

/**
 * The language for this page: the URL's `lang` if valid, else the first browser language we
 * have (matched on its primary subtag; Chinese maps to Simplified), else English.
 */
export function chooseLocale(
  urlLang: string | null,
  browserLanguages: readonly string[],
): LocaleCode {
  if (isLocaleCode(urlLang)) return urlLang;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'zh') return 'zh-Hans';
    if (isLocaleCode(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}
