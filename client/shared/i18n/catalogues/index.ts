import type { LocaleCode } from '../locales';
import type { CatalogueMeta, MessageValue } from './types';
import * as en from './en';
import * as ug from './ug';
import * as tr from './tr';
import * as kk from './kk';
import * as ru from './ru';
import * as de from './de';
import * as zhHans from './zh-Hans';

export type { CatalogueMeta, MessageValue, PluralMessage } from './types';
export type MessageKey = keyof typeof en.messages;
/** Every catalogue has every key: a missing translation is a type error, not a silent fallback. */
export type Messages = Readonly<Record<MessageKey, MessageValue>>;

export interface Catalogue {
  readonly meta: CatalogueMeta;
  readonly messages: Messages;
}

export const CATALOGUES: Readonly<Record<LocaleCode, Catalogue>> = {
  ug,
  en,
  tr,
  kk,
  ru,
  de,
  'zh-Hans': zhHans,
};
