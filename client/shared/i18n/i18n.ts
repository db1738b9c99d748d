/**
 * The i18n layer: every user-facing string goes through `t`. Messages are plain text (never
 * HTML); placeholders are `{name}`; plural messages are objects keyed by Intl.PluralRules
 * categories, with `#` for the count. A key missing in a catalogue falls back to English.
 */
import type { LocaleCode } from './locales';
import { CATALOGUES, type Catalogue, type MessageKey, type MessageValue } from './catalogues';

export type Translate = (
  key: MessageKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

export function createTranslator(locale: LocaleCode): Translate {
  const catalogue: Catalogue = CATALOGUES[locale];
  const fallback: Catalogue = CATALOGUES.en;
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

/** Whether a catalogue was machine-translated and still awaits a native speaker's review. */
export function isMachineTranslated(locale: LocaleCode): boolean {
  return CATALOGUES[locale].meta.machineTranslated;
}
