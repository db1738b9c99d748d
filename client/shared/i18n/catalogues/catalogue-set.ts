/**
 * A set of catalogues built from each language's messages and one table of who vouches for each
 * language's wording. The review state of every language stands in that one table, next to the
 * others, rather than at the head of each catalogue.
 */
import type { CatalogueMeta, MessageValue } from './types';

/**
 * Machine-made wording no native speaker has reviewed yet: it awaits review by a native speaker
 * of the language, and the page says so to the person reading it.
 */
export const MACHINE_MADE: CatalogueMeta = { machineTranslated: true, reviewedBy: null };

/** Wording written or reviewed by `who`. */
export function reviewedBy(who: string): CatalogueMeta {
  return { machineTranslated: false, reviewedBy: who };
}

export function catalogueSet<Locale extends string, Key extends string>(
  messages: Readonly<Record<Locale, Readonly<Record<Key, MessageValue>>>>,
  reviews: Readonly<Record<Locale, CatalogueMeta>>,
): Readonly<
  Record<
    Locale,
    { readonly meta: CatalogueMeta; readonly messages: Readonly<Record<Key, MessageValue>> }
  >
> {
  const locales = Object.keys(messages) as Locale[];
  return Object.fromEntries(
    locales.map((locale) => [locale, { meta: reviews[locale], messages: messages[locale] }]),
  ) as Record<Locale, { meta: CatalogueMeta; messages: Readonly<Record<Key, MessageValue>> }>;
}
