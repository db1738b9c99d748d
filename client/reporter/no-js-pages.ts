/**
 * The answer pages of the no-JavaScript form (NO_JS_FORM=on), rendered at build time in every
 * reporter language: the server imports nothing from client/, so it sends these files
 * (server/features/no-js-forms), filling in at most the receipt. Each page is plain HTML (no
 * script), carries the stylesheet of the reporter page and a quick exit that is a plain link,
 * and says how this path differs from encryption in the browser.
 */
import {
  NO_JS_MONTH_NOTE,
  NO_JS_PAGE_VALUE,
  NO_JS_SUBMISSION_SLOT,
  NO_JS_PAGES,
  NO_JS_PAGES_DIR,
  type NoJsPage,
  type NoJsRefusal,
} from '../../contract/api/no-js';
import { escapeHtml } from '../../contract/html-text';
import { htmlDocument } from '../html-document';
import { createTranslator, type Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import { LOCALES, type LocaleCode } from '../shared/i18n/locales';

export interface NoJsPagesOptions {
  /** The reporter page's stylesheet (site path) and its Subresource Integrity hash. */
  readonly stylesheet: string;
  readonly styleIntegrity: string;
  /** Where quick exit goes (the reporter page's own). */
  readonly quickExitUrl: string;
}

export interface RenderedPage {
  /** Relative to the site root: `no-js/<lang>/<page>.html`. */
  readonly path: string;
  readonly html: string;
}

export function renderNoJsPages(options: NoJsPagesOptions): RenderedPage[] {
  return LOCALES.flatMap((locale) => {
    const t = createTranslator(locale.code);
    return NO_JS_PAGES.map((page) => ({
      path: `${NO_JS_PAGES_DIR}/${locale.code}/${page}.html`,
      html: renderPage(options, locale, t, page),
    }));
  });
}

/**
 * What goes at the top of each form on the pages that take it without JavaScript
 * (NO_JS_FORM=on; client/build.ts puts it there): the trade-off, said before anything is typed,
 * and the page's language as a hidden field, so the server answers in it. On the report form,
 * also the slot where the server writes the form's submission token in each answer (one page
 * load, one report, however often the form is posted). HTML, escaped.
 */
export function noJsFormNoteHtml(
  locale: LocaleCode,
  options: { readonly submissionSlot: boolean },
): string {
  const t = createTranslator(locale);
  return [
    `<input type="hidden" name="lang" value="${escapeHtml(locale)}">`,
    ...(options.submissionSlot ? [NO_JS_SUBMISSION_SLOT] : []),
    '<section class="no-js-trade-off" aria-labelledby="no-js-trade-off-title">',
    `<h3 id="no-js-trade-off-title">${escapeHtml(t('noJs.tradeOff.title'))}</h3>`,
    `<p>${escapeHtml(t('noJs.tradeOff.text'))}</p>`,
    '</section>',
  ].join('');
}

function renderPage(
  options: NoJsPagesOptions,
  locale: (typeof LOCALES)[number],
  t: Translate,
  page: NoJsPage,
): string {
  const text = (key: MessageKey): string => escapeHtml(t(key));
  const paragraph = (key: MessageKey, attributes = ''): string =>
    `<p${attributes}>${text(key)}</p>`;
  const { title, body } = contentOf(page, text, paragraph);
  const back = `/?lang=${encodeURIComponent(locale.code)}`;
  return htmlDocument({
    lang: locale.code,
    dir: locale.dir,
    title: t('app.title'),
    indexed: false,
    head: [
      `<link rel="stylesheet" href="${escapeHtml(options.stylesheet)}" integrity="${escapeHtml(options.styleIntegrity)}">`,
    ],
    body: `<main class="no-js-answer">
      <header class="masthead">
        <a class="quick-exit" href="${escapeHtml(options.quickExitUrl)}" rel="noreferrer">${text('quickExit.button')}</a>
      </header>
      <h1>${title}</h1>
      ${body}
      <p><a href="${escapeHtml(back)}">${text('noJs.back')}</a></p>
    </main>`,
  });
}

function contentOf(
  page: NoJsPage,
  text: (key: MessageKey) => string,
  paragraph: (key: MessageKey, attributes?: string) => string,
): { title: string; body: string } {
  if (page === 'report-stored' || page === 'report-already-stored') {
    return {
      title: text('receipt.title'),
      body: [
        ...(page === 'report-already-stored'
          ? [paragraph('noJs.receipt.alreadyStored', ' role="status"')]
          : []),
        // Kept by the server only when the month typed was not YYYY-MM and so left out.
        `${NO_JS_MONTH_NOTE.start}${paragraph('noJs.receipt.monthDropped', ' role="status"')}${NO_JS_MONTH_NOTE.end}`,
        paragraph('noJs.receipt.writeDown'),
        // The receipt is Latin letters and digits: left to right inside any page.
        `<p class="receipt-code" id="receipt" dir="ltr" translate="no">${NO_JS_PAGE_VALUE}</p>`,
        paragraph('receipt.keepSafe'),
        paragraph('receipt.lost'),
        paragraph('noJs.receipt.storedOnce'),
        paragraph('noJs.receipt.howItDiffered'),
      ].join('\n      '),
    };
  }
  if (page.startsWith('status-')) {
    return {
      title: text('noJs.status.title'),
      body: [
        `<p><strong>${text('return.status.label')}:</strong> <span id="status">${text(`return.status.${page.slice('status-'.length)}` as MessageKey)}</span></p>`,
        paragraph('noJs.status.receiptSent'),
      ].join('\n      '),
    };
  }
  if (page === 'refused-receipt_not_found') {
    return {
      title: text('noJs.status.title'),
      body: paragraph('return.notFound', ' role="alert"'),
    };
  }
  return {
    title: text('noJs.refused.title'),
    body: paragraph(REFUSAL_MESSAGES[page.slice('refused-'.length) as Refusal], ' role="alert"'),
  };
}

type Refusal = 'what_happened_required' | 'consent_required' | NoJsRefusal;

const REFUSAL_MESSAGES: Readonly<Record<Refusal, MessageKey>> = {
  what_happened_required: 'form.whatHappened.required',
  consent_required: 'form.consent.required',
  too_many: 'noJs.refused.tooMany',
  busy: 'noJs.refused.busy',
  unreadable: 'noJs.refused.unreadable',
  too_large: 'noJs.refused.tooLarge',
  failed: 'noJs.refused.failed',
};
