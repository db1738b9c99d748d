/**
 * The dashboard's languages. Uyghur is written in Arabic script, right to left. The language
 * lives only in the URL (`?lang=ug`): no cookie, no storage.
 */
export const DASHBOARD_LOCALES = [
  { code: 'en', dir: 'ltr', nativeName: 'English' },
  { code: 'ug', dir: 'rtl', nativeName: 'ئۇيغۇرچە' },
] as const;

export type DashboardLocaleCode = (typeof DASHBOARD_LOCALES)[number]['code'];

export function isDashboardLocale(value: string | null | undefined): value is DashboardLocaleCode {
  return DASHBOARD_LOCALES.some((locale) => locale.code === value);
}

export function dashboardDirectionOf(code: DashboardLocaleCode): 'ltr' | 'rtl' {
  return DASHBOARD_LOCALES.find((locale) => locale.code === code)?.dir ?? 'ltr';
}

/** The URL's `lang` if we have it, else the first browser language we have, else English. */
export function chooseDashboardLocale(
  urlLang: string | null,
  browserLanguages: readonly string[],
): DashboardLocaleCode {
  if (isDashboardLocale(urlLang)) return urlLang;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isDashboardLocale(primary)) return primary;
  }
  return 'en';
}
