/**
 * The reporter page. No third-party code, no cookies, no storage, no analytics: the language is
 * in the URL and everything else lives in memory. All text goes through the i18n layer.
 */
import { element } from '../shared/dom';
import { createTranslator, type Translate } from '../shared/i18n/i18n';
import { chooseLocale, directionOf, LOCALES, type LocaleCode } from '../shared/i18n/locales';
import { checkRecipientDirectory, type DirectoryCheck } from './directory-check';
import { leaveNow, listenForDoubleEscape } from './quick-exit';

const ORG_FINGERPRINT = __AMANAT_ORG_FINGERPRINT__;
const QUICK_EXIT_URL = __AMANAT_QUICK_EXIT_URL__;

function start(): void {
  const locale = chooseLocale(
    new URLSearchParams(window.location.search).get('lang'),
    navigator.languages,
  );
  const t = createTranslator(locale);
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  document.title = t('app.title');
  listenForDoubleEscape(QUICK_EXIT_URL);

  const status = element(
    'section',
    { id: 'directory-status', 'aria-live': 'polite', class: 'status' },
    [t('directory.checking')],
  );
  const main = element('main', { id: 'reporter' }, [
    element('header', { class: 'masthead' }, [
      element('h1', {}, [t('app.title')]),
      renderQuickExit(t),
    ]),
    renderLanguageChooser(t, locale),
    element('p', { class: 'tagline' }, [t('app.tagline')]),
    element('p', { class: 'safety' }, [t('safety.sharedDevice')]),
    status,
  ]);
  document.body.replaceChildren(main);
  void checkRecipientDirectory(ORG_FINGERPRINT).then((check) =>
    showDirectoryStatus(status, check, t),
  );
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

function renderLanguageChooser(t: Translate, current: LocaleCode): HTMLElement {
  const links = LOCALES.map((locale) => {
    const link = element(
      'a',
      { href: `?lang=${locale.code}`, lang: locale.code, dir: locale.dir },
      [locale.nativeName],
    );
    if (locale.code === current) link.setAttribute('aria-current', 'true');
    // Replace, never push: the tab's history keeps one entry of ours, which quick exit replaces.
    link.addEventListener('click', (event) => {
      event.preventDefault();
      window.location.replace(`?lang=${encodeURIComponent(locale.code)}`);
    });
    return element('li', {}, [link]);
  });
  return element('nav', { 'aria-label': t('language.label'), class: 'languages' }, [
    element('ul', {}, links),
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
