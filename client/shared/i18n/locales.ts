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

/** What a page asks of its list of languages; the reporter page and the dashboard each have one. */
export function localeList<const Code extends string>(
  locales: readonly { readonly code: Code; readonly dir: TextDirection }[],
  fallback: Code,
  /** Primary subtags that stand for one of ours (`zh` for `zh-Hans`). */
  aliases: Readonly<Record<string, Code>> = {},
) {
  const isCode = (value: string | null | undefined): value is Code =>
    locales.some((locale) => locale.code === value);
  return {
    directionOf: (code: Code): TextDirection =>
      locales.find((locale) => locale.code === code)?.dir ?? 'ltr',
    /** The URL's `lang` if we have it, else the first browser language we have, else `fallback`. */
    choose: (urlLang: string | null, browserLanguages: readonly string[]): Code => {
      if (isCode(urlLang)) return urlLang;
      for (const tag of browserLanguages) {
        const primary = tag.toLowerCase().split('-')[0] ?? '';
        // Own keys only: a browser language named `constructor` is not an alias.
        if (Object.hasOwn(aliases, primary)) return aliases[primary]!;
        if (isCode(primary)) return primary;
      }
      return fallback;
    },
  };
}

/**
 * The language for this page: the URL's `lang` if valid, else the first browser language we
 * have (matched on its primary subtag; Chinese maps to Simplified), else English.
 */
export const { directionOf, choose: chooseLocale } = localeList(LOCALES, DEFAULT_LOCALE, {
  zh: 'zh-Hans',
});
