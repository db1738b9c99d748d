/**
 * The way back's receipt form: its one definition, pre-rendered into each language's page like
 * the report form; return-view.ts attaches opening the case to it. It posts to the
 * no-JavaScript status endpoint, which only a page built with that form enabled offers.
 */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import { field } from './form-fields';
import { sendButtons, type FormMarkupOptions } from './report-form-markup';

export const RETURN_VIEW_ID = 'return';

export function returnViewMarkup(
  t: Translate,
  options: Omit<FormMarkupOptions, 'countries'>,
): HTMLElement {
  const input = element('input', {
    type: 'text',
    name: 'receipt',
    id: 'receipt-input',
    dir: 'ltr',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'characters',
  });
  const form = element(
    'form',
    {
      id: 'return-form',
      method: 'post',
      // The language in the address too, for a refusal that comes before the form is read.
      action: `/no-js/status?lang=${encodeURIComponent(options.locale)}`,
      autocomplete: 'off',
    },
    [
      element('h2', {}, [t('return.title')]),
      ...options.noJavaScriptNote,
      field(t('return.label'), input),
      element('p', { id: 'return-problem', role: 'alert', class: 'problem' }),
      ...sendButtons('open-case', t('return.submit'), options.sendableWithoutJavaScript),
    ],
  );
  return element('section', { id: RETURN_VIEW_ID }, [
    form,
    element('div', { id: 'case-view', 'aria-live': 'polite' }),
  ]);
}
