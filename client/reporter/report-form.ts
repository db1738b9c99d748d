/**
 * The report form. Drafts live only in this page's memory. On submit the answers are encrypted
 * in the browser to every caseworker of the verified directory and only ciphertext is sent;
 * then the receipt is shown once. If the server cannot be reached or cannot store it yet, the
 * encrypted report stays in memory and is sent again by itself (delivery.ts) while the page
 * tells the reporter what is happening.
 */
import type { PreparedSubmission, VerifiedDirectory } from '../crypto';
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import { checkbox, field, radioGroup, select } from './form-fields';
import { createAttachmentPicker } from './attachments/attachment-picker';
import { describeAttachments, withAttachmentIds } from './attachments/manifest';
import { attachmentRefusalMessage } from './attachments/refusals';
import { uploadAttachments, type AttachmentUpload } from './attachments/upload';
import { deliver, postJsonRequest } from './delivery';
import { createDeliveryStatus, type DeliveryStatus } from './delivery-status';
import { holdPage } from './leave-guard';
import { COUNTRY_CODES, INCIDENT_CATEGORIES } from '../../contract/vocabulary';
import { readReportForm } from './report-document';
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
  const delivery = createDeliveryStatus(t, 'report-delivery', 'report');

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
  ]);
  const form = element('form', { id: 'report-form', novalidate: '' }, [
    element('h2', {}, [t('form.title')]),
    element('p', {}, [t('form.intro')]),
    answers,
    problem,
    delivery.element,
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
    const draft = readReportForm(form, locale, []);
    const contentKey = JSON.stringify([
      draft.answers,
      files.map((file) => [file.name, file.originalSha256]),
    ]);
    if (draft.answers.whatHappened === '') {
      problem.textContent = t('form.whatHappened.required');
      whatHappened.focus();
      return;
    }
    if (!draft.answers.consents.caseworkersMayRead) {
      problem.textContent = t('form.consent.required');
      return;
    }
    problem.textContent = '';
    answers.disabled = true;
    submit.disabled = true;
    submit.textContent = t('form.sending');
    // From here until the receipt is shown, leaving the page would lose the report: ask first.
    const release = holdPage();
    const unlock = (): void => {
      release();
      answers.disabled = false;
      submit.disabled = false;
      submit.textContent = t('form.submit');
    };
    if (lastAttempt?.contentKey !== contentKey) {
      try {
        const uploads = await withAttachmentIds(files);
        const report = { ...draft, attachments: await describeAttachments(uploads) };
        const crypto = await import('../crypto/index.js');
        lastAttempt = {
          contentKey,
          uploads,
          prepared: await crypto.prepareReportSubmission(report, directory),
        };
      } catch (error) {
        unlock(); // nothing was sent; the reporter's answers are still in the form
        throw error;
      }
    }
    const { uploads, prepared } = lastAttempt;
    const outcome = await sendReport(prepared, delivery);
    if (!outcome.ok) {
      unlock();
      problem.textContent = t('form.failed', { reason: t('form.failed.refused') });
      return;
    }
    const receipt = renderReceipt(t, outcome.receipt);
    if (uploads.length === 0) {
      form.replaceWith(receipt);
      release();
      return;
    }
    const progress = element('progress', { id: 'upload-progress', max: '100', value: '0' });
    const progressLabel = element('p', { id: 'upload-progress-label', 'aria-live': 'polite' });
    const filesDelivery = createDeliveryStatus(t, 'files-delivery', 'files');
    form.replaceWith(
      element('section', { id: 'uploading' }, [progressLabel, progress, filesDelivery.element]),
    );
    // Parts already stored are not sent again when the reporter retries after a refusal.
    const storedParts = new Set<string>();
    const sendFiles = async (): Promise<void> => {
      let refusal: string | null = null;
      const sent = await uploadAttachments(uploads, directory, outcome.receiptVerifier, {
        storedParts,
        onRefused: (code) => (refusal = code),
        onProgress: (phase, fraction) => {
          const percent = Math.round(fraction * 100);
          progress.value = percent;
          progressLabel.textContent = t(
            phase === 'encrypting' ? 'form.progress.encrypting' : 'form.progress.uploading',
            {
              percent,
            },
          );
        },
        onAttempt: (failures) => {
          if (failures > 0) filesDelivery.showRetrying();
          else filesDelivery.clear();
        },
        onWait: (notice) => filesDelivery.showWait(notice),
      });
      filesDelivery.clear();
      const section = document.getElementById('uploading')!;
      release();
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
        element('p', { role: 'alert', class: 'problem' }, [t(attachmentRefusalMessage(refusal))]),
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
  | { ok: false; status: number; code: string };

/**
 * Sends the encrypted submission until the server answers for good: stored (201, or the same
 * answer again for a retry) or refused (4xx). The same body, and so the same submissionId, every
 * time: the server stores it once however many tries it takes.
 */
async function sendReport(
  prepared: PreparedSubmission,
  status: DeliveryStatus,
): Promise<SendOutcome> {
  const result = await deliver<{ caseId: string }>(postJsonRequest('/api/reports', prepared.body), {
    onAttempt: (failures) => {
      if (failures > 0) status.showRetrying();
    },
    onWait: (notice) => status.showWait(notice),
  });
  status.clear();
  if (result.ok) {
    return { ok: true, receipt: prepared.receipt, receiptVerifier: prepared.body.receiptVerifier };
  }
  return { ok: false, status: result.status, code: result.code };
}
