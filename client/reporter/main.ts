/**
 * The reporter page. No third-party code, no cookies, no storage, no analytics: the language and
 * the view are in the URL and everything else lives in memory. All text goes through the i18n
 * layer; the DOM is built from text nodes only.
 */
import { element } from '../shared/dom';
import { createTranslator, type Translate } from '../shared/i18n/i18n';
import { chooseLocale, directionOf, LOCALES, type LocaleCode } from '../shared/i18n/locales';
import { checkRecipientDirectory, type DirectoryCheck } from './directory-check';
import { renderProtectionView } from './protection-view';
import { leaveNow, listenForDoubleEscape } from './quick-exit';
import { renderReportForm } from './report-form';
import { renderReturnView } from './return-view';

const ORG_FINGERPRINT = __AMANAT_ORG_FINGERPRINT__;
const DIRECTORY_MIN_VERSION = __AMANAT_DIRECTORY_MIN_VERSION__;
const QUICK_EXIT_URL = __AMANAT_QUICK_EXIT_URL__;

const VIEWS = ['report', 'return', 'protection'] as const;
type View = (typeof VIEWS)[number];

function start(): void {
  const params = new URLSearchParams(window.location.search);
  const locale = chooseLocale(params.get('lang'), navigator.languages);
  const requested = params.get('view');
  const view: View = VIEWS.find((candidate) => candidate === requested) ?? 'report';
  const t = createTranslator(locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  document.title = t('app.title');
  listenForDoubleEscape(QUICK_EXIT_URL);

  const main = element('main', { id: 'reporter' }, [
    element('header', { class: 'masthead' }, [
      element('h1', {}, [t('app.title')]),
      renderQuickExit(t),
    ]),
    renderLanguageChooser(t, locale, view),
    renderViewNavigation(t, locale, view),
    element('p', { class: 'tagline' }, [t('app.tagline')]),
    element('p', { class: 'safety' }, [t('safety.sharedDevice')]),
  ]);
  document.body.replaceChildren(main);
  if (view === 'protection') {
    main.append(renderProtectionView(t));
    return;
  }
  const status = element(
    'section',
    { id: 'directory-status', 'aria-live': 'polite', class: 'status' },
    [t('directory.checking')],
  );
  main.append(status);
  void checkRecipientDirectory(ORG_FINGERPRINT, DIRECTORY_MIN_VERSION).then((check) => {
    showDirectoryStatus(status, check, t);
    // Security: nothing can be written or sent unless the directory verified.
    if (!check.ok) return;
    main.append(
      view === 'return'
        ? renderReturnView(t, check.directory)
        : renderReportForm(t, locale, check.directory),
    );
  });
}

function renderQuickExit(t: Translate): HTMLElement {
  const button = element('button', { type: 'button', id: 'quick-exit', class: 'quick-exit' }, [
    t('quickExit.button'),
  ]);
  button.addEventListener('click', () => leaveNow(QUICK_EXIT_URL));
  return element('div', { class: 'quick-exit-box' }, [
    button,
    element('p', { class: 'hint' }, [t('quickExit.hint')]),
  ]);
}

/** Links that replace the history entry instead of adding one: quick exit then leaves none of ours. */
function replacingLink(
  href: string,
  text: string,
  attributes: Readonly<Record<string, string>>,
): HTMLAnchorElement {
  const link = element('a', { href, ...attributes }, [text]);
  link.addEventListener('click', (event) => {
    event.preventDefault();
    window.location.replace(href);
  });
  return link;
}

function renderLanguageChooser(t: Translate, current: LocaleCode, view: View): HTMLElement {
  const items = LOCALES.map((locale) => {
    const link = replacingLink(
      `?lang=${encodeURIComponent(locale.code)}&view=${view}`,
      locale.nativeName,
      {
        lang: locale.code,
        dir: locale.dir,
      },
    );
    if (locale.code === current) link.setAttribute('aria-current', 'true');
    return element('li', {}, [link]);
  });
  return element('nav', { 'aria-label': t('language.label'), class: 'languages' }, [
    element('ul', {}, items),
  ]);
}

function renderViewNavigation(t: Translate, locale: LocaleCode, current: View): HTMLElement {
  const labels: Record<View, string> = {
    report: t('nav.report'),
    return: t('nav.return'),
    protection: t('nav.protection'),
  };
  const items = VIEWS.map((view) => {
    const link = replacingLink(`?lang=${encodeURIComponent(locale)}&view=${view}`, labels[view], {
      'data-view': view,
    });
    if (view === current) link.setAttribute('aria-current', 'page');
    return element('li', {}, [link]);
  });
  return element('nav', { class: 'views', 'aria-label': t('nav.label') }, [
    element('ul', {}, items),
  ]);
}

function showDirectoryStatus(status: HTMLElement, check: DirectoryCheck, t: Translate): void {
  if (check.ok) {
    const recipients = t('directory.recipients', { count: check.directory.recipients.length });
    status.dataset['state'] = 'ready';
    status.replaceChildren(element('p', {}, [t('directory.ready', { recipients })]));
    if (check.directory.demo) status.append(element('p', { class: 'demo' }, [t('directory.demo')]));
    return;
  }
  status.dataset['state'] = 'refused';
  status.dataset['reason'] = check.reason;
  status.setAttribute('role', 'alert');
  status.replaceChildren(
    element('h2', {}, [t('directory.error.title')]),
    element('p', {}, [t(`directory.error.${check.reason}`)]),
    element('p', {}, [t('directory.error.advice')]),
  );
}

start();
