/**
 * The no-JavaScript form's answer pages, rendered per language at build time
 * (client/reporter/no-js-pages.ts) into `<site>/no-js/<lang>/<page>.html`. The server only
 * picks one and fills in the receipt, escaped, where the page marks it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  NO_JS_MONTH_NOTE,
  NO_JS_PAGE_VALUE,
  NO_JS_PAGES_DIR,
  type NoJsPage,
} from '../../../contract/api/no-js';
import { escapeHtml } from '../../../contract/html-text';
import { InvalidInputError, ServiceUnavailableError } from '../../platform/errors';

/** Every site is built with English pages: their absence means no site was built. */
const ALWAYS_BUILT = 'en';

export class AnswerPages {
  constructor(private readonly siteDir: string) {}

  /**
   * The page in `lang`, read before anything is stored, so a report is never taken without a
   * page to show its receipt on. `lang` has passed the form schema's pattern (letters and one
   * hyphen), so it names no other folder.
   */
  async load(lang: string, page: NoJsPage): Promise<string> {
    const html = await this.read(lang, page);
    if (html !== null) return html;
    if ((await this.read(ALWAYS_BUILT, page)) === null) {
      throw new ServiceUnavailableError(
        'site_not_built',
        'The reporter site has not been built (npm run build:client).',
      );
    }
    throw new InvalidInputError(
      'invalid_field',
      'The field "lang" names no language of this site.',
    );
  }

  /**
   * The page in `lang`, or in English where `lang` has none (a refusal is answered even when the
   * form's language could not be read).
   */
  async loadOrEnglish(lang: string, page: NoJsPage): Promise<string> {
    return (await this.read(lang, page)) ?? (await this.load(ALWAYS_BUILT, page));
  }

  /**
   * The page with `value` in its one marked place, as text (a function replaces, so no `$`
   * pattern in the value is ever interpreted).
   */
  static fill(html: string, value: string): string {
    const escaped = escapeHtml(value);
    return html.replace(NO_JS_PAGE_VALUE, () => escaped);
  }

  /** The receipt page with its note that the month was left out, or without it. */
  static withMonthNote(html: string, monthDropped: boolean): string {
    const start = html.indexOf(NO_JS_MONTH_NOTE.start);
    const end = html.indexOf(NO_JS_MONTH_NOTE.end);
    if (start === -1 || end < start) return html;
    if (monthDropped) return html;
    return html.slice(0, start) + html.slice(end + NO_JS_MONTH_NOTE.end.length);
  }

  private async read(lang: string, page: NoJsPage): Promise<string | null> {
    try {
      return await readFile(join(this.siteDir, NO_JS_PAGES_DIR, lang, `${page}.html`), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
