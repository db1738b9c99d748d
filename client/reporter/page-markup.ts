/**
 * The reporter page's markup for one language and view: its one definition, rendered into HTML
 * at build time (client/build.ts) so the text, the language links, quick exit, the views'
 * navigation and the forms show before any script ran, and without JavaScript. main.ts attaches
 * behaviour to it; it draws none of this.
 */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import { LOCALES, type LocaleCode } from '../shared/i18n/locales';
import { DIRECTORY_STATUS_ID } from './page-ids';
import { renderProtectionView } from './protection-view';
import { reportFormMarkup, type FormMarkupOptions } from './report-form-markup';
import { returnViewMarkup } from './return-form-markup';
import { VIEWS, type View } from './views';

export interface PageMarkupOptions extends FormMarkupOptions {
  readonly locale: LocaleCode;
  readonly view: View;
  /** Where quick exit goes: a plain link there works without JavaScript too. */
  readonly quickExitUrl: string;
  /** Other ways to reach the organisation, shown when JavaScript is off (plain text). */
  readonly alternativeChannels: readonly string[];
}

export function reporterPageMarkup(t: Translate, options: PageMarkupOptions): HTMLElement {
  const { locale, view } = options;
  const main = element('main', { id: 'reporter', 'data-view': view }, [
    element('header', { class: 'masthead' }, [
      element('h1', {}, [t('app.title')]),
      element('div', { class: 'quick-exit-box' }, [
        element('a', { id: 'quick-exit', class: 'quick-exit', href: options.quickExitUrl }, [
          t('quickExit.button'),
        ]),
        element('p', { class: 'hint esc-hint' }, [t('quickExit.hint')]),
      ]),
    ]),
    languageLinks(t, locale, view),
    viewLinks(t, locale, view),
    element('p', { class: 'tagline' }, [t('app.tagline')]),
    element('p', { class: 'safety' }, [t('safety.sharedDevice')]),
  ]);
  if (view === 'protection') {
    main.append(renderProtectionView(t));
    return main;
  }
  main.append(
    element('noscript', {}, [noScriptHelp(t, options)]),
    element('section', { id: DIRECTORY_STATUS_ID, 'aria-live': 'polite', class: 'status' }, [
      t('directory.checking'),
    ]),
    // Without the no-JavaScript form, noscript.css hides the form from browsers without
    // JavaScript: it could not encrypt, and nothing would take what it sent.
    element('div', { class: options.sendableWithoutJavaScript ? 'view' : 'view js-only' }, [
      view === 'return' ? returnViewMarkup(t, options) : reportFormMarkup(t, options),
    ]),
  );
  return main;
}

/**
 * Without JavaScript: why the page needs it (unless the form works without it) and the other
 * ways to reach the organisation, under a heading.
 */
function noScriptHelp(t: Translate, options: PageMarkupOptions): HTMLElement {
  const help = element('section', { class: 'no-script' });
  if (!options.sendableWithoutJavaScript) {
    help.append(element('p', {}, [t('noscript.explanation')]));
  }
  if (options.alternativeChannels.length > 0) {
    help.append(
      element('h2', {}, [t('noscript.channels')]),
      element(
        'ul',
        {},
        options.alternativeChannels.map((channel) => element('li', {}, [channel])),
      ),
    );
  }
  return help;
}

/** `?lang=…&view=…`: the page's whole state is in its address. */
export function pageHref(locale: LocaleCode, view: View): string {
  return `?lang=${encodeURIComponent(locale)}&view=${view}`;
}

/** Plain links; main.ts makes them replace the history entry (quick exit then leaves none). */
function languageLinks(t: Translate, current: LocaleCode, view: View): HTMLElement {
  const items = LOCALES.map((locale) => {
    const attributes: Record<string, string> = {
      href: pageHref(locale.code, view),
      lang: locale.code,
      dir: locale.dir,
      class: 'page-link',
    };
    if (locale.code === current) attributes['aria-current'] = 'true';
    return element('li', {}, [element('a', attributes, [locale.nativeName])]);
  });
  return element('nav', { 'aria-label': t('language.label'), class: 'languages' }, [
    element('ul', {}, items),
  ]);
}

function viewLinks(t: Translate, locale: LocaleCode, current: View): HTMLElement {
  const labels: Record<View, string> = {
    report: t('nav.report'),
    return: t('nav.return'),
    protection: t('nav.protection'),
  };
  const items = VIEWS.map((view) => {
    const attributes: Record<string, string> = {
      href: pageHref(locale, view),
      'data-view': view,
      class: 'page-link',
    };
    if (view === current) attributes['aria-current'] = 'page';
    return element('li', {}, [element('a', attributes, [labels[view]])]);
  });
  return element('nav', { class: 'views', 'aria-label': t('nav.label') }, [
    element('ul', {}, items),
  ]);
}
