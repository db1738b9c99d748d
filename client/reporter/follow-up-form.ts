/**
 * A follow-up with text and files on the way back: signed with the reply key (when the case has
 * one that opened) and encrypted like a report; its files uploaded in parts after it.
 *
 * Nothing is lost or stored twice when sending is interrupted. The follow-up is encrypted once
 * and its body kept in memory: every try sends the same bytes under the same messageId, and each
 * part is encrypted once and sent again byte for byte (delivery.ts, attachments/upload.ts) until
 * the server has it. When the server refuses a file for good, the reporter can try again: only
 * the parts not yet stored go, and the follow-up itself is not sent again. Sending the same
 * content again after a refused follow-up reuses its messageId. All of it lives in this page's
 * memory only, never in storage.
 */
import type { FollowUpDocument } from '../../contract/documents';
import { FOLLOW_UP_SCHEMA } from '../../contract/vocabulary';
import type { UnlockedReplyKey, VerifiedDirectory } from '../crypto';
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import { createAttachmentPicker } from './attachments/attachment-picker';
import { describeAttachments, withAttachmentIds } from './attachments/manifest';
import type { PreparedFile } from './attachments/prepare-file';
import { attachmentRefusalMessage } from './attachments/refusals';
import { uploadAttachments, type AttachmentUpload } from './attachments/upload';
import type { CaseThread } from './case-thread';
import { deliver, postJsonRequest } from './delivery';
import { createDeliveryStatus } from './delivery-status';
import { field } from './form-fields';
import { holdPage } from './leave-guard';

export interface FollowUpTarget {
  readonly receiptVerifier: string;
  /** Null when the case has no reply key, or the stored one does not open with this receipt. */
  readonly replyKey: UnlockedReplyKey | null;
  readonly directory: VerifiedDirectory;
  /** Where a sent follow-up is shown, as the reporter's. */
  readonly thread: CaseThread;
}

/** One follow-up on its way: encrypted once, then sent until stored, parts and all. */
interface PendingFollowUp {
  /** The text and files it was made from: the same content sent again reuses it. */
  readonly contentKey: string;
  readonly text: string;
  readonly send: () => Promise<Response>;
  readonly uploads: readonly AttachmentUpload[];
  /** `attachmentId:index` of every part stored so far (attachments/upload.ts). */
  readonly storedParts: Set<string>;
  /** The day the server stored the follow-up; null until it has. */
  sentOn: string | null;
}

export function renderFollowUpForm(t: Translate, target: FollowUpTarget): HTMLElement {
  const text = element('textarea', {
    name: 'followUp',
    id: 'follow-up',
    rows: '4',
    'aria-describedby': 'follow-up-problem',
  });
  const picker = createAttachmentPicker(t);
  const problem = element('p', { id: 'follow-up-problem', role: 'alert', class: 'problem' });
  const done = element('p', { role: 'status', id: 'follow-up-status' });
  const messageDelivery = createDeliveryStatus(t, 'follow-up-delivery', 'message');
  const filesDelivery = createDeliveryStatus(t, 'follow-up-files-delivery', 'files');
  const send = element('button', { type: 'submit', class: 'secondary' }, [
    t('return.followUp.send'),
  ]);
  const retry = element(
    'button',
    { type: 'button', id: 'follow-up-retry', class: 'secondary', hidden: '' },
    [t('form.attachments.retry')],
  );
  // Everything the reporter can change, in one fieldset: disabled while a follow-up is on its
  // way, so nothing typed or removed after "send" is silently left out of what is sent.
  const answers = element('fieldset', { id: 'follow-up-answers', class: 'answers' }, [
    field(t('return.followUp.label'), text),
    picker.element,
  ]);
  const form = element('form', { id: 'follow-up-form', autocomplete: 'off' }, [
    answers,
    problem,
    send,
    retry,
    done,
    messageDelivery.element,
    filesDelivery.element,
  ]);
  let pending: PendingFollowUp | undefined;
  /**
   * True from the tap on "send" (or "try again") until that attempt is over. Set before anything
   * is awaited: a second tap while the first still waits for the photos' cleaning or for the
   * encryption would otherwise encrypt the follow-up again under a new messageId, and the server
   * would store it twice.
   */
  let busy = false;
  function whileBusy(attempt: () => Promise<void>): void {
    if (busy) return;
    busy = true;
    void attempt().finally(() => (busy = false));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    whileBusy(submit);
  });
  retry.addEventListener('click', () => {
    const followUp = pending;
    if (followUp) whileBusy(() => deliverPending(followUp));
  });

  async function submit(): Promise<void> {
    problem.textContent = '';
    lock(true); // at once: nothing changed after "send" is silently left out of what is sent
    let ready: PendingFollowUp | null;
    try {
      ready = await readyToSend();
    } catch (error) {
      lock(false); // nothing was sent; the follow-up is still in the form
      throw error;
    }
    if (ready) await deliverPending(ready);
  }

  /**
   * The follow-up to send (the one prepared before when the content is the same, so a retry sends
   * the same bytes under the same messageId), or null, unlocked, when it cannot be sent as it is.
   */
  async function readyToSend(): Promise<PendingFollowUp | null> {
    await picker.settled();
    const files = picker.chosenFiles();
    if (files === null) {
      // The picker already says why (too large); the reporter changes the choice there.
      lock(false);
      form.querySelector<HTMLInputElement>('#attachments')?.focus();
      return null;
    }
    if (text.value.trim() === '' && files.length === 0) {
      lock(false);
      problem.textContent = t('return.followUp.empty');
      text.focus();
      return null;
    }
    const contentKey = JSON.stringify([
      text.value,
      files.map((file) => [file.name, file.originalSha256]),
    ]);
    if (pending?.contentKey !== contentKey) pending = await prepare(contentKey, files);
    return pending;
  }

  /** Everything the reporter can change, and "send": locked while a follow-up is on its way. */
  function lock(locked: boolean): void {
    answers.disabled = locked;
    send.disabled = locked;
  }

  async function prepare(
    contentKey: string,
    files: readonly PreparedFile[],
  ): Promise<PendingFollowUp> {
    const uploads = await withAttachmentIds(files);
    const crypto = await import('../crypto/index.js');
    const followUp: FollowUpDocument = {
      schema: FOLLOW_UP_SCHEMA,
      text: text.value,
      attachments: await describeAttachments(uploads),
    };
    // The same messageId on every try: the server stores the follow-up once.
    const messageId = crypto.createMessageId();
    // Signed, with the id it is sent under, the dashboard can tell it from a follow-up planted
    // in the database or copied into a new entry; a case without a usable reply key can only
    // send it unsigned, and the dashboard says so.
    const message = target.replyKey
      ? await crypto.encryptSignedFollowUp(followUp, target.replyKey, target.directory, messageId)
      : await crypto.encryptReport(followUp, target.directory);
    return {
      contentKey,
      text: text.value,
      send: postJsonRequest('/api/receipts/messages', {
        receiptVerifier: target.receiptVerifier,
        messageId,
        message,
      }),
      uploads,
      storedParts: new Set(),
      sentOn: null,
    };
  }

  /** Sends what of `followUp` the server does not have yet; the page asks before it is left. */
  async function deliverPending(followUp: PendingFollowUp): Promise<void> {
    lock(true);
    retry.hidden = true;
    problem.textContent = '';
    done.textContent = '';
    const release = holdPage(); // the encrypted follow-up waits in memory until it is stored
    try {
      if (followUp.sentOn === null) {
        followUp.sentOn = await sendMessage(followUp);
        if (followUp.sentOn === null) {
          // Refused for good: nothing was stored; the reporter may change it and send again.
          lock(false);
          problem.textContent = t('form.failed', { reason: t('form.failed.refused') });
          text.focus();
          return;
        }
      }
      let refusal: string | null = null;
      const sent = await uploadAttachments(
        followUp.uploads,
        target.directory,
        target.receiptVerifier,
        {
          storedParts: followUp.storedParts,
          onRefused: (code) => (refusal = code),
          onProgress: (phase, fraction) => {
            done.textContent = t(
              phase === 'encrypting' ? 'form.progress.encrypting' : 'form.progress.uploading',
              { percent: Math.round(fraction * 100) },
            );
          },
          onAttempt: (failures) => {
            if (failures > 0) filesDelivery.showRetrying();
          },
          onWait: (notice) => filesDelivery.showWait(notice),
        },
      );
      filesDelivery.clear();
      if (!sent) {
        // The follow-up is stored; only files are missing. It stays as it was sent (the fields
        // stay locked) and "try again" sends the parts not stored yet.
        done.textContent = '';
        problem.textContent = t(attachmentRefusalMessage(refusal));
        retry.hidden = false;
        retry.focus();
        return;
      }
      target.thread.addOwn({
        day: followUp.sentOn,
        sent: { text: followUp.text, files: followUp.uploads.map((upload) => upload.file.name) },
      });
      pending = undefined;
      text.value = '';
      picker.clear();
      lock(false);
      done.textContent = t('return.followUp.sent');
    } finally {
      release();
    }
  }

  /** The day the server stored the follow-up, or null when it refused it for good. */
  async function sendMessage(followUp: PendingFollowUp): Promise<string | null> {
    const result = await deliver<unknown>(followUp.send, {
      onAttempt: (failures) => {
        if (failures > 0) messageDelivery.showRetrying();
      },
      onWait: (notice) => messageDelivery.showWait(notice),
    });
    messageDelivery.clear();
    if (!result.ok) return null;
    const { followUpStoredSchema } = await import('../../contract/api/reporter.js');
    const stored = followUpStoredSchema.safeParse(result.body);
    // Stored either way (2xx); a malformed answer only leaves the day unknown.
    return stored.success ? stored.data.sentOn : '';
  }

  return form;
}
