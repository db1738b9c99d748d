/**
 * The report form. Drafts live only in this page's memory. On submit the answers are encrypted
 * in the browser to every caseworker of the verified directory and only ciphertext is sent;
 * then the receipt is shown once.
 */
import type { PreparedSubmission, VerifiedDirectory } from '../crypto';
import { postJsonWithRetries } from '../shared/api-client';
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import { checkbox, field, radioGroup, select } from './form-fields';
import { createAttachmentPicker } from './attachments/attachment-picker';
import { describeAttachments, withAttachmentIds } from './attachments/manifest';
import { uploadAttachments, type AttachmentUpload } from './attachments/upload';
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
  const picker = createAttachmentPicker(t);
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
    picker.element,
    checkbox('consentRead', t('form.consent.read')),
    checkbox('consentStatistics', t('form.consent.statistics')),
    problem,
    submit,
  ]);
  // No autocomplete anywhere: the browser must not remember what was typed.
  form.setAttribute('autocomplete', 'off');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submitForm();
  });

  /**
   * The last encrypted submission and the form content it was made from. Sending the same content
   * again (after a failure the reporter saw) reuses it, so the same submissionId reaches the server
   * and a report whose first answer was lost is still stored only once.
   */
  let lastAttempt:
    { contentKey: string; uploads: AttachmentUpload[]; prepared: PreparedSubmission } | undefined;

  async function submitForm(): Promise<void> {
    await picker.settled();
    const files = picker.chosenFiles();
    if (files === null) return; // the picker already says the files are too large
    const { answers } = readReportForm(form, locale, []);
    const contentKey = JSON.stringify([
      answers,
      files.map((file) => [file.name, file.originalSha256]),
    ]);
    if (answers.whatHappened === '') {
      problem.textContent = t('form.whatHappened.required');
      whatHappened.focus();
      return;
    }
    if (!answers.consents.caseworkersMayRead) {
      problem.textContent = t('form.consent.required');
      return;
    }
    problem.textContent = '';
    submit.disabled = true;
    submit.textContent = t('form.sending');
    if (lastAttempt?.contentKey !== contentKey) {
      const uploads = await withAttachmentIds(files);
      const report = readReportForm(form, locale, await describeAttachments(uploads));
      const crypto = await import('../crypto/index.js');
      lastAttempt = {
        contentKey,
        uploads,
        prepared: await crypto.prepareReportSubmission(report, directory),
      };
    }
    const { uploads, prepared } = lastAttempt;
    const outcome = await sendReport(prepared);
    if (!outcome.ok) {
      submit.disabled = false;
      submit.textContent = t('form.submit');
      problem.textContent = t('form.failed', {
        reason: t(outcome.reason === 'network' ? 'form.failed.network' : 'form.failed.refused'),
      });
      return;
    }
    const receipt = renderReceipt(t, outcome.receipt);
    if (uploads.length === 0) {
      form.replaceWith(receipt);
      return;
    }
    const progress = element('progress', { id: 'upload-progress', max: '100', value: '0' });
    const progressLabel = element('p', { id: 'upload-progress-label', 'aria-live': 'polite' });
    form.replaceWith(element('section', { id: 'uploading' }, [progressLabel, progress]));
    const sendFiles = async (): Promise<void> => {
      const sent = await uploadAttachments(
        uploads,
        directory,
        outcome.receiptVerifier,
        (phase, fraction) => {
          const percent = Math.round(fraction * 100);
          progress.value = percent;
          progressLabel.textContent = t(
            phase === 'encrypting' ? 'form.progress.encrypting' : 'form.progress.uploading',
            {
              percent,
            },
          );
        },
      );
      const section = document.getElementById('uploading')!;
      if (sent) {
        section.replaceWith(receipt);
        return;
      }
      const retry = element('button', { type: 'button', class: 'secondary' }, [
        t('form.attachments.retry'),
      ]);
      retry.addEventListener('click', () => {
        retry.remove();
        void sendFiles();
      });
      section.replaceChildren(
        element('p', { role: 'alert', class: 'problem' }, [t('form.attachments.failed')]),
        retry,
        receipt,
      );
    };
    await sendFiles();
  }
  return form;
}

type SendOutcome =
  | { ok: true; receipt: string; receiptVerifier: string }
  | { ok: false; reason: 'network' | 'refused' };

async function sendReport(prepared: PreparedSubmission): Promise<SendOutcome> {
  const result = await postJsonWithRetries('/api/reports', prepared.body);
  if (result.ok) {
    return { ok: true, receipt: prepared.receipt, receiptVerifier: prepared.body.receiptVerifier };
  }
  return { ok: false, reason: result.status === 0 || result.status >= 500 ? 'network' : 'refused' };
}
