/**
 * The report form's markup: its one definition. client/build.ts renders it into each language's
 * page (client/static-dom.ts), so it can be read and typed in before any script ran; report-form.ts
 * then attaches the encryption and sending to it. The form posts to the no-JavaScript endpoint,
 * which only a page built with that form enabled lets a browser without JavaScript reach.
 */
import { INCIDENT_CATEGORIES } from '../../contract/vocabulary';
import type { LocaleCode } from '../shared/i18n/locales';
import { element } from '../shared/dom';
import type { MessageKey } from '../shared/i18n/catalogues';
import type { Translate } from '../shared/i18n/i18n';
import { checkbox, field, radioGroup, select } from './form-fields';

export interface FormMarkupOptions {
  /** The page's language: the no-JavaScript form's address carries it for refusals (see below). */
  readonly locale: LocaleCode;
  /** The countries offered, named and sorted in the page's language (build time). */
  readonly countries: readonly (readonly [code: string, name: string])[];
  /** Whether a browser without JavaScript may send this form (config NO_JS_FORM). */
  readonly sendableWithoutJavaScript: boolean;
  /** Shown at the top of the form on the page that takes it without JavaScript. */
  readonly noJavaScriptNote: readonly HTMLElement[];
}

export const REPORT_FORM_ID = 'report-form';
/** Where the page's script puts the file picker (files are sent only with JavaScript). */
export const ATTACHMENTS_SLOT_ID = 'attachments-slot';

export function reportFormMarkup(t: Translate, options: FormMarkupOptions): HTMLFormElement {
  // Every answer, in one fieldset: disabled while the report is on its way, so nothing typed
  // after "send" is silently left out of what is sent.
  const answers = element('fieldset', { id: 'report-answers', class: 'answers' }, [
    field(
      t('form.incidentType.label'),
      select('incidentType', [
        ['', t('form.incidentType.choose')],
        ...INCIDENT_CATEGORIES.map(
          (type) => [type, t(`form.incidentType.${type}` as MessageKey)] as const,
        ),
      ]),
    ),
    field(
      t('form.when.label'),
      // Where the browser has no month picker (Firefox, so Tor Browser) this is a text box: the
      // pattern and placeholder ask for the one shape the server reads.
      element('input', {
        type: 'month',
        name: 'month',
        id: 'month',
        pattern: '[0-9]{4}-[0-9]{2}',
        placeholder: t('form.when.placeholder'),
      }),
    ),
    field(
      t('form.country.label'),
      select('country', [
        ['', t('form.country.choose')],
        ...options.countries,
        ['other', t('form.country.other')],
      ]),
    ),
    field(
      t('form.city.label'),
      element('input', { type: 'text', name: 'city', id: 'city', autocomplete: 'off' }),
    ),
    field(
      t('form.whatHappened.label'),
      element('textarea', { name: 'whatHappened', id: 'whatHappened', rows: '8', required: '' }),
      t('form.whatHappened.hint'),
    ),
    field(
      t('form.involved.label'),
      element('textarea', { name: 'involved', id: 'involved', rows: '3' }),
      t('form.involved.hint'),
    ),
    field(
      t('form.contactedBy.label'),
      element('textarea', { name: 'contactedBy', id: 'contactedBy', rows: '3' }),
      t('form.contactedBy.hint'),
    ),
    radioGroup('relativesAffected', t('form.relatives.label'), [
      ['yes', t('form.relatives.yes')],
      ['no', t('form.relatives.no')],
      ['unsaid', t('form.relatives.unsaid')],
    ]),
    field(
      t('form.urgency.label'),
      element('input', { type: 'date', name: 'deadlineDate', id: 'deadlineDate' }),
    ),
    field(
      t('form.urgency.details'),
      element('input', { type: 'text', name: 'deadlineDetails', id: 'deadlineDetails' }),
    ),
    radioGroup(
      'contactMethod',
      t('form.contact.label'),
      [
        ['site', t('form.contact.site')],
        ['other', t('form.contact.other')],
      ],
      'site',
    ),
    field(
      t('form.contact.otherDetails'),
      element('textarea', { name: 'contactDetails', id: 'contactDetails', rows: '2' }),
    ),
    element('div', { id: ATTACHMENTS_SLOT_ID }),
    checkbox('consentRead', t('form.consent.read'), { required: true }),
    checkbox('consentStatistics', t('form.consent.statistics')),
  ]);
  return element(
    'form',
    {
      id: REPORT_FORM_ID,
      method: 'post',
      // The language in the address too: a refusal that comes before the form is read (too many
      // reports from one address) is still answered in it.
      action: `/no-js/report?lang=${encodeURIComponent(options.locale)}`,
      // Validated by the browser (required fields, the month's shape) before a post without
      // JavaScript: a refused post loses what was typed, since Back reloads a page that is not
      // stored. The script's own button skips that (formnovalidate) and checks for itself.
      // No autocomplete anywhere: the browser must not remember what was typed.
      autocomplete: 'off',
    },
    [
      element('h2', {}, [t('form.title')]),
      element('p', {}, [t('form.intro')]),
      ...options.noJavaScriptNote,
      answers,
      element('p', { id: 'form-problem', role: 'alert', class: 'problem' }),
      ...sendButtons('send-report', t('form.submit'), options.sendableWithoutJavaScript),
    ],
  );
}

/**
 * A form's send buttons. The script's button starts disabled on every page, and the script enables
 * it once the directory verified: a browser with JavaScript must never post a form's plaintext to
 * the server, not even when send (or Enter in a field) is pressed before the script ran. Where the
 * no-JavaScript form is on, that button also starts hidden (the script shows it), and the button
 * that posts to the server sits in <noscript>, which only a browser without scripting renders as
 * markup.
 */
export function sendButtons(
  id: string,
  label: string,
  sendableWithoutJavaScript: boolean,
): readonly HTMLElement[] {
  // formnovalidate: the script checks the form itself and says what is missing in its own words.
  const scripted = element('button', { type: 'submit', id, class: 'primary', formnovalidate: '' }, [
    label,
  ]);
  scripted.disabled = true;
  if (!sendableWithoutJavaScript) return [scripted];
  scripted.hidden = true;
  const withoutScript = element(
    'button',
    { type: 'submit', id: `${id}-without-javascript`, class: 'primary' },
    [label],
  );
  return [scripted, element('noscript', {}, [withoutScript])];
}
