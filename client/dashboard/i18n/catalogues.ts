/**
 * The dashboard's own catalogue set (the reporter's stays separate: a reporter never downloads
 * staff texts). English is the source; every other language must have every key.
 */
import type { CatalogueOf } from '../../shared/i18n/i18n';
import type { MessageValue } from '../../shared/i18n/catalogues';
import { catalogueSet, MACHINE_MADE, reviewedBy } from '../../shared/i18n/catalogues/catalogue-set';
import type { DashboardLocaleCode } from './locales';
import { messages as en } from './en';
import { messages as ug } from './ug';

export type DashboardMessageKey = keyof typeof en;
/** A missing translation is a type error, not a silent fallback. */
export type DashboardMessages = Readonly<Record<DashboardMessageKey, MessageValue>>;

/** Who vouches for each language's wording (catalogue-set.ts). */
export const DASHBOARD_CATALOGUES: Readonly<
  Record<DashboardLocaleCode, CatalogueOf<DashboardMessageKey>>
> = catalogueSet({ en, ug }, { en: reviewedBy('Amanat team'), ug: MACHINE_MADE });
