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
import type { LocaleCode } from '../shared/i18n/locales';
import { createAttachmentPicker } from './attachments/attachment-picker';
import { describeAttachments, withAttachmentIds } from './attachments/manifest';
import { attachmentRefusalMessage } from './attachments/refusals';
import { uploadAttachments, type AttachmentUpload } from './attachments/upload';
import { deliver, postJsonRequest } from './delivery';
import { createDeliveryStatus, type DeliveryStatus } from './delivery-status';
import { holdPage } from './leave-guard';
import { readReportForm } from './report-document';
import { ATTACHMENTS_SLOT_ID } from './report-form-markup';
import { renderReceipt } from './receipt-view';

/**
 * Attaches encryption and sending to the pre-rendered report form (report-form-markup.ts). The
 * reporter can type at once; sending waits for `directory`, and stays impossible unless it
 * verified (null: refused).
 */
export function attachReportForm(
  t: Translate,
  locale: LocaleCode,
  form: HTMLFormElement,
  verifiedDirectory: Promise<VerifiedDirectory | null>,
): void {
  const whatHappened = form.querySelector<HTMLTextAreaElement>('#whatHappened')!;
  const answers = form.querySelector<HTMLFieldSetElement>('#report-answers')!;
  const problem = form.querySelector<HTMLElement>('#form-problem')!;
  const submit = form.querySelector<HTMLButtonElement>('#send-report')!;
  const picker = createAttachmentPicker(t);
  form.querySelector(`#${ATTACHMENTS_SLOT_ID}`)!.replaceWith(picker.element);
  const delivery = createDeliveryStatus(t, 'report-delivery', 'report');
  submit.before(delivery.element);
  // Security: nothing is sent before the directory verified (the button starts disabled; on a
  // page with the no-JavaScript form it also starts hidden: see sendButtons).
  submit.hidden = false;
  let directory: VerifiedDirectory | null = null;
  void verifiedDirectory.then((verified) => {
    directory = verified;
    submit.disabled = verified === null;
  });

  /**
   * True from the tap on "send" until that attempt is over. Set, and the button disabled, before
   * anything is awaited: a second tap while the photos are still being cleaned or the report
   * encrypted starts no second attempt, which would read the form again (locked by the first by
   * then, so found empty and refused while the first is on its way) or, read any earlier, prepare
   * a second report under a new submissionId.
   */
  let busy = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy || directory === null) return;
    busy = true;
    submit.disabled = true;
    void submitForm(directory).finally(() => (busy = false));
  });

  /**
   * The last encrypted submission and the form content it was made from. Sending the same content
   * again (after a failure the reporter saw) reuses it, so the same submissionId reaches the server
   * and a report whose first answer was lost is still stored only once.
   */
  let lastAttempt:
    { contentKey: string; uploads: AttachmentUpload[]; prepared: PreparedSubmission } | undefined;

  async function submitForm(recipients: VerifiedDirectory): Promise<void> {
    const refuse = (): void => {
      submit.disabled = false; // the reporter corrects the form and sends again
    };
    await picker.settled();
    const files = picker.chosenFiles();
    if (files === null) {
      refuse(); // the picker already says the files are too large
      return;
    }
    const draft = readReportForm(form, locale, []);
    const contentKey = JSON.stringify([
      draft.answers,
      files.map((file) => [file.name, file.originalSha256]),
    ]);
    if (draft.answers.whatHappened === '') {
      refuse();
      problem.textContent = t('form.whatHappened.required');
      whatHappened.focus();
      return;
    }
    if (!draft.answers.consents.caseworkersMayRead) {
      refuse();
      problem.textContent = t('form.consent.required');
      form.querySelector<HTMLInputElement>('input[name="consentRead"]')!.focus();
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
          prepared: await crypto.prepareReportSubmission(report, recipients),
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
      const sent = await uploadAttachments(uploads, recipients, outcome.receiptVerifier, {
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
