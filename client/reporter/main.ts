/**
 * The reporter page's behaviour. The page itself is pre-rendered HTML (page-markup.ts, one page
 * per language and view): its text, quick exit, links and forms work before this script runs.
 * This attaches to them: quick exit without a history entry, the recipient directory check, and
 * encryption and sending once the directory verified. No third-party code, no cookies, no
 * storage, no analytics: the language and the view are in the URL, everything else in memory.
 */
import { element } from '../shared/dom';
import type { MessageKey, MessageValue } from '../shared/i18n/catalogues';
import { createTranslatorFor, type Translate } from '../shared/i18n/i18n';
import { LOCALES, type LocaleCode } from '../shared/i18n/locales';
import { preloadDeferredChunks } from './deferred-chunks';
import { checkRecipientDirectory, type DirectoryCheck } from './directory-check';
import { DIRECTORY_STATUS_ID, MESSAGES_ID } from './page-ids';
import { attachQuickExit } from './quick-exit';
import { attachReportForm } from './report-form';
import { attachReturnView } from './return-view';

const ORG_FINGERPRINT = __AMANAT_ORG_FINGERPRINT__;
const DIRECTORY_MIN_VERSION = __AMANAT_DIRECTORY_MIN_VERSION__;
const QUICK_EXIT_URL = __AMANAT_QUICK_EXIT_URL__;

function start(): void {
  const locale =
    LOCALES.find((known) => known.code === document.documentElement.lang)?.code ?? 'en';
  const t = pageTranslator(locale);
  attachQuickExit(document.getElementById('quick-exit') as HTMLAnchorElement, QUICK_EXIT_URL);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('a.page-link')) {
    replaceOnClick(link);
  }
  const status = document.getElementById(DIRECTORY_STATUS_ID);
  const form = document.getElementById('report-form') as HTMLFormElement | null;
  const returnView = document.getElementById('return');
  if (!status) return; // the protection view: nothing to send

  const verified = checkRecipientDirectory(ORG_FINGERPRINT, DIRECTORY_MIN_VERSION).then((check) => {
    showDirectoryStatus(status, check, t);
    if (!check.ok) {
      // Security: nothing can be written or sent unless the directory verified.
      form?.remove();
      returnView?.remove();
      return null;
    }
    preloadDeferredChunks();
    return check.directory;
  });
  if (form) attachReportForm(t, locale, form, verified);
  if (returnView) attachReturnView(t, returnView, verified);
}

/** The translator over the page's own catalogue: the script carries no language's text. */
function pageTranslator(locale: LocaleCode): Translate {
  const messages = JSON.parse(
    document.getElementById(MESSAGES_ID)?.textContent ?? '{}',
  ) as Readonly<Record<MessageKey, MessageValue>>;
  const catalogue = { meta: { machineTranslated: false, reviewedBy: null }, messages };
  // English fallbacks are already in the embedded catalogue (client/build.ts).
  const catalogues = { [locale]: catalogue } as Record<LocaleCode, typeof catalogue>;
  return createTranslatorFor(catalogues, locale, locale);
}

/** Links that replace the history entry instead of adding one: quick exit then leaves none of ours. */
function replaceOnClick(link: HTMLAnchorElement): void {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    window.location.replace(link.href);
  });
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
