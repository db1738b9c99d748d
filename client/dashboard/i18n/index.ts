/** The dashboard's i18n: its own catalogues through the shared translator. */
import { createTranslatorFor, type TranslateKeys } from '../../shared/i18n/i18n';
import { DASHBOARD_CATALOGUES, type DashboardMessageKey } from './catalogues';
import type { DashboardLocaleCode } from './locales';

export {
  DASHBOARD_CATALOGUES,
  type DashboardMessageKey,
  type DashboardMessages,
} from './catalogues';
export {
  chooseDashboardLocale,
  dashboardDirectionOf,
  DASHBOARD_LOCALES,
  type DashboardLocaleCode,
} from './locales';

export type DashboardTranslate = TranslateKeys<DashboardMessageKey>;

export function createDashboardTranslator(locale: DashboardLocaleCode): DashboardTranslate {
  return createTranslatorFor(DASHBOARD_CATALOGUES, locale, 'en');
}
