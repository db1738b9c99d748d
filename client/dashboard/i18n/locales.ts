/**
 * The dashboard's languages. Uyghur is written in Arabic script, right to left. The language
 * lives only in the URL (`?lang=ug`): no cookie, no storage.
 */
import { localeList } from '../../shared/i18n/locales';

export const DASHBOARD_LOCALES = [
  { code: 'en', dir: 'ltr', nativeName: 'English' },
  { code: 'ug', dir: 'rtl', nativeName: 'ئۇيغۇرچە' },
] as const;

export type DashboardLocaleCode = (typeof DASHBOARD_LOCALES)[number]['code'];

export const { directionOf: dashboardDirectionOf, choose: chooseDashboardLocale } = localeList(
  DASHBOARD_LOCALES,
  'en',
);
