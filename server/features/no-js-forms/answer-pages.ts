/**
 * The no-JavaScript form's answer pages, rendered per language at build time
 * (client/reporter/no-js-pages.ts) into `<site>/no-js/<lang>/<page>.html`. The server only
 * picks one and fills in the receipt, escaped, where the page marks it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NO_JS_PAGE_VALUE, NO_JS_PAGES_DIR, type NoJsPage } from '../../../contract/api/no-js';
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

  /** The page with `value` in its one marked place, as text. */
  static fill(html: string, value: string): string {
    return html.replace(NO_JS_PAGE_VALUE, escapeHtml(value));
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
