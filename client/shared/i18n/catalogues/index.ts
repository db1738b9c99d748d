import type { LocaleCode } from '../locales';
import type { CatalogueMeta, MessageValue } from './types';
import { catalogueSet, MACHINE_MADE, reviewedBy } from './catalogue-set';
import { messages as en } from './en';
import { messages as ug } from './ug';
import { messages as tr } from './tr';
import { messages as kk } from './kk';
import { messages as ru } from './ru';
import { messages as de } from './de';
import { messages as zhHans } from './zh-Hans';

export type { CatalogueMeta, MessageValue, PluralMessage } from './types';
export type MessageKey = keyof typeof en;
/** Every catalogue has every key: a missing translation is a type error, not a silent fallback. */
export type Messages = Readonly<Record<MessageKey, MessageValue>>;

export interface Catalogue {
  readonly meta: CatalogueMeta;
  readonly messages: Messages;
}

/** Who vouches for each language's wording (catalogue-set.ts). */
const REVIEWS: Readonly<Record<LocaleCode, CatalogueMeta>> = {
  ug: MACHINE_MADE,
  en: reviewedBy('Amanat team'),
  tr: MACHINE_MADE,
  kk: MACHINE_MADE,
  ru: MACHINE_MADE,
  de: MACHINE_MADE,
  'zh-Hans': MACHINE_MADE,
};

// Pure: the reporter page's entry imports i18n.ts for the translator alone and carries its one
// language's strings in the page; marked so, the bundler leaves every catalogue out of it.
export const CATALOGUES: Readonly<Record<LocaleCode, Catalogue>> = /* @__PURE__ */ catalogueSet(
  { ug, en, tr, kk, ru, de, 'zh-Hans': zhHans },
  REVIEWS,
);
