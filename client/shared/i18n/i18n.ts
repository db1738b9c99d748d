/**
 * The i18n layer: every user-facing string goes through `t`. Messages are plain text (never
 * HTML); placeholders are `{name}`; plural messages are objects keyed by Intl.PluralRules
 * categories, with `#` for the count. A key missing in a catalogue falls back to English.
 * The reporter's catalogues are the default set; the staff dashboard brings its own.
 */
import type { LocaleCode } from './locales';
import { CATALOGUES, type CatalogueMeta, type MessageKey, type MessageValue } from './catalogues';

/** A translator over one catalogue set's keys. */
export type TranslateKeys<Key extends string> = (
  key: Key,
  values?: Readonly<Record<string, string | number>>,
) => string;

export type Translate = TranslateKeys<MessageKey>;

/** One language of a catalogue set: every key of the set, plus whether a human reviewed it. */
export interface CatalogueOf<Key extends string> {
  readonly meta: CatalogueMeta;
  readonly messages: Readonly<Record<Key, MessageValue>>;
}

/**
 * A translator over any catalogue set (the reporter's, the dashboard's): `locale` names the
 * catalogue used, `fallbackLocale` the one a missing message is taken from.
 */
export function createTranslatorFor<Key extends string, Locale extends string>(
  catalogues: Readonly<Record<Locale, CatalogueOf<Key>>>,
  locale: Locale,
  fallbackLocale: Locale,
): TranslateKeys<Key> {
  const catalogue = catalogues[locale];
  const fallback = catalogues[fallbackLocale];
  const plurals = new Intl.PluralRules(locale);
  const numbers = new Intl.NumberFormat(locale);
  return (key, values = {}) => {
    const message: MessageValue = catalogue.messages[key] ?? fallback.messages[key];
    const count = Number(values['count'] ?? 0);
    const template =
      typeof message === 'string'
        ? message
        : (message[plurals.select(count)] ?? message.other).replace(/#/g, numbers.format(count));
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in values ? String(values[name]) : whole,
    );
  };
}

/** The reporter's translator. */
export function createTranslator(locale: LocaleCode): Translate {
  return createTranslatorFor(CATALOGUES, locale, 'en');
}

/** Whether a catalogue was machine-translated and still awaits a native speaker's review. */
export function isMachineTranslated(locale: LocaleCode): boolean {
  return CATALOGUES[locale].meta.machineTranslated;
}
