/**
 * The dashboard's own catalogue set (the reporter's stays separate: a reporter never downloads
 * staff texts). English is the source; every other language must have every key.
 */
import type { CatalogueOf } from '../../shared/i18n/i18n';
import type { MessageValue } from '../../shared/i18n/catalogues';
import type { DashboardLocaleCode } from './locales';
import * as en from './en';
import * as ug from './ug';

export type DashboardMessageKey = keyof typeof en.messages;
/** A missing translation is a type error, not a silent fallback. */
export type DashboardMessages = Readonly<Record<DashboardMessageKey, MessageValue>>;

export const DASHBOARD_CATALOGUES: Readonly<
  Record<DashboardLocaleCode, CatalogueOf<DashboardMessageKey>>
> = { en, ug };
