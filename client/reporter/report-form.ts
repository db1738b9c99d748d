/**
 * The report form. Drafts live only in this page's memory. On submit the answers are encrypted
 * in the browser to every caseworker of the verified directory and only ciphertext is sent;
 * then the receipt is shown once.
 */
import type { VerifiedDirectory } from '../crypto';
import { postJsonWithRetries } from '../shared/api-client';
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import { checkbox, field, radioGroup, select } from './form-fields';
import { COUNTRY_CODES, INCIDENT_TYPES, readReportForm } from './report-document';
import { renderReceipt } from './receipt-view';

export function renderReportForm(
  t: Translate,
  locale: string,
  directory: VerifiedDirectory,
): HTMLElement {
  const regionNames = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  const countries = COUNTRY_CODES.map((code) => [code, regionNames.of(code) ?? code] as const).sort(
    (a, b) => a[1].localeCompare(b[1], locale),
  );
  const whatHappened = element('textarea', {
    name: 'whatHappened',
    id: 'whatHappened',
    rows: '8',
    required: '',
  });
  const contactDetails = element('textarea', {
    name: 'contactDetails',
    id: 'contactDetails',
    rows: '2',
  });
  const problem = element('p', { id: 'form-problem', role: 'alert', class: 'problem' });
  const submit = element('button', { type: 'submit', id: 'send-report', class: 'primary' }, [
    t('form.submit'),
  ]);

  const form = element('form', { id: 'report-form', novalidate: '' }, [
    element('h2', {}, [t('form.title')]),
    element('p', {}, [t('form.intro')]),
    field(
      t('form.incidentType.label'),
      select('incidentType', [
        ['', t('form.incidentType.choose')],
        ...INCIDENT_TYPES.map(
          (type) => [type, t(`form.incidentType.${type}` as MessageKey)] as const,
        ),
      ]),
    ),
    field(t('form.when.label'), element('input', { type: 'month', name: 'month', id: 'month' })),
    field(
      t('form.country.label'),
      select('country', [
        ['', t('form.country.choose')],
        ...countries,
        ['other', t('form.country.other')],
      ]),
    ),
    field(
      t('form.city.label'),
      element('input', { type: 'text', name: 'city', id: 'city', autocomplete: 'off' }),
    ),
    field(t('form.whatHappened.label'), whatHappened, t('form.whatHappened.hint')),
    field(
      t('form.involved.label'),
      element('textarea', { name: 'involved', id: 'involved', rows: '3' }),
      t('form.involved.hint'),
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
    field(t('form.contact.otherDetails'), contactDetails),
    checkbox('consentRead', t('form.consent.read')),
    checkbox('consentStatistics', t('form.consent.statistics')),
    problem,
    submit,
  ]);
  // No autocomplete anywhere: the browser must not remember what was typed.
  form.setAttribute('autocomplete', 'off');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const report = readReportForm(form, locale);
    if (report.answers.whatHappened === '') {
      problem.textContent = t('form.whatHappened.required');
      whatHappened.focus();
      return;
    }
    if (!report.answers.consents.caseworkersMayRead) {
      problem.textContent = t('form.consent.required');
      return;
    }
    problem.textContent = '';
    submit.disabled = true;
    submit.textContent = t('form.sending');
    void sendReport(report, directory).then((outcome) => {
      if (outcome.ok) {
        form.replaceWith(renderReceipt(t, outcome.receipt));
        return;
      }
      submit.disabled = false;
      submit.textContent = t('form.submit');
      problem.textContent = t('form.failed', {
        reason: t(outcome.reason === 'network' ? 'form.failed.network' : 'form.failed.refused'),
      });
    });
  });
  return form;
}

type SendOutcome = { ok: true; receipt: string } | { ok: false; reason: 'network' | 'refused' };

async function sendReport(report: object, directory: VerifiedDirectory): Promise<SendOutcome> {
  const crypto = await import('../crypto/index.js');
  const prepared = await crypto.prepareReportSubmission(report, directory);
  const result = await postJsonWithRetries('/api/reports', prepared.body);
  if (result.ok) return { ok: true, receipt: prepared.receipt };
  return { ok: false, reason: result.status === 0 || result.status >= 500 ? 'network' : 'refused' };
}
