/**
 * The way back with a receipt: the browser derives the verifier (the receipt never leaves the
 * device), shows the status in plain words, decrypts caseworker replies with the reply key that
 * only the receipt unlocks, and sends follow-ups signed with that key and encrypted like reports.
 * A reply is shown only if a caseworker key of the verified directory signed it for this reply
 * key and for the thread entry it is served as: anyone who can write to the database could plant
 * a message encrypted to it, or copy a genuine one under a new day, a lure that must never look
 * like the organisation speaking. A reply signed by a former caseworker's key carries the day its
 * signature names, and says it is from a former caseworker. Replies are shown as text only.
 */
import type { ReporterCaseView } from '../../contract/api/reporter';
import type { FollowUpDocument } from '../../contract/documents';
import { CASE_STATUSES, FOLLOW_UP_SCHEMA } from '../../contract/vocabulary';
import type { UnlockedReplyKey, VerifiedDirectory } from '../crypto';
import { postJson } from '../shared/api-client';
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import { createAttachmentPicker } from './attachments/attachment-picker';
import { describeAttachments, withAttachmentIds } from './attachments/manifest';
import type { PreparedFile } from './attachments/prepare-file';
import { attachmentRefusalMessage } from './attachments/refusals';
import { uploadAttachments } from './attachments/upload';
import { deliver, postJsonRequest } from './delivery';
import { createDeliveryStatus } from './delivery-status';
import { field } from './form-fields';
import { holdPage } from './leave-guard';

export function renderReturnView(t: Translate, directory: VerifiedDirectory): HTMLElement {
  const input = element('input', {
    type: 'text',
    name: 'receipt',
    id: 'receipt-input',
    dir: 'ltr',
    autocomplete: 'off',
    spellcheck: 'false',
    autocapitalize: 'characters',
  });
  const problem = element('p', { id: 'return-problem', role: 'alert', class: 'problem' });
  const result = element('div', { id: 'case-view', 'aria-live': 'polite' });
  const form = element('form', { id: 'return-form', autocomplete: 'off' }, [
    element('h2', {}, [t('return.title')]),
    field(t('return.label'), input),
    problem,
    element('button', { type: 'submit', class: 'primary' }, [t('return.submit')]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.textContent = '';
    void openCase(input.value, directory).then((opened) => {
      if (!opened) {
        problem.textContent = t('return.notFound');
        return;
      }
      input.value = ''; // do not leave the receipt on screen
      result.replaceChildren(renderCase(t, opened, directory));
    });
  });
  return element('section', { id: 'return' }, [form, result]);
}

/**
 * A caseworker reply as this page may show it, with its day: from the organisation (a current
 * caseworker's key signed it; the day the server stored it), from a former caseworker (a retired
 * key of the directory signed it before it was retired; the day the signature names, since the
 * server's day could be anyone's), not verified (unsigned, signed by anyone else, or a copy: its
 * text is not shown), or not decryptable.
 */
type ShownReply =
  | { readonly day: string; readonly from: 'organisation' | 'former'; readonly text: string }
  | { readonly day: string; readonly from: 'unverified' | 'unreadable' };

interface OpenedCase {
  readonly view: ReporterCaseView;
  readonly receiptVerifier: string;
  /** Null when the case has no reply key, or the stored one does not open with this receipt. */
  readonly replyKey: UnlockedReplyKey | null;
  readonly replies: readonly ShownReply[];
}

async function openCase(
  typedReceipt: string,
  directory: VerifiedDirectory,
): Promise<OpenedCase | null> {
  const crypto = await import('../crypto/index.js');
  const receipt = crypto.normaliseReceipt(typedReceipt);
  const receiptVerifier = await crypto.deriveReceiptVerifier(receipt);
  const result = await postJson<unknown>('/api/receipts/case', { receiptVerifier });
  if (!result.ok) return null;
  // The schema loads with the way back only: the first page load carries no schema library.
  const { reporterCaseViewSchema } = await import('../../contract/api/reporter.js');
  const parsed = reporterCaseViewSchema.safeParse(result.body);
  if (!parsed.success) return null;
  const view = parsed.data;
  const caseId = view.caseId;
  const replyKey = view.replySecretKey
    ? await crypto
        .unlockReplyKey(view.replySecretKey, await crypto.deriveReplyKeyPassphrase(receipt))
        .catch(() => null)
    : null;
  const replies = await Promise.all(
    view.messages
      .filter((message) => message.author === 'caseworker')
      .map(async (message): Promise<ShownReply> => {
        if (!replyKey) return { day: message.sentOn, from: 'unreadable' };
        try {
          const reply = await crypto.decryptReply(message.message, replyKey, directory, {
            caseId,
            entryId: message.messageId,
          });
          // Security: only a signature by a directory key makes a message the organisation's.
          if (!reply.signer) return { day: message.sentOn, from: 'unverified' };
          return reply.signer.retired
            ? { day: reply.signer.signedOn, from: 'former', text: reply.text }
            : { day: message.sentOn, from: 'organisation', text: reply.text };
        } catch {
          return { day: message.sentOn, from: 'unreadable' };
        }
      }),
  );
  return { view, receiptVerifier, replyKey, replies };
}

function renderReply(t: Translate, reply: ShownReply): HTMLElement {
  const body: HTMLElement[] = [element('p', { class: 'reply-date', dir: 'ltr' }, [reply.day])];
  if (reply.from === 'former') {
    body.push(element('p', { class: 'reply-from' }, [t('return.replies.former')]));
  }
  if (reply.from === 'organisation' || reply.from === 'former') {
    // Security: textContent only; a reply is never parsed as HTML or turned into links.
    body.push(element('p', { class: 'reply-text' }, [reply.text]));
  } else {
    body.push(
      element('p', { class: 'reply-problem' }, [
        t(reply.from === 'unverified' ? 'return.replies.unverified' : 'return.replies.unreadable'),
      ]),
    );
  }
  return element('article', { class: 'reply', 'data-from': reply.from }, body);
}

function renderCase(t: Translate, opened: OpenedCase, directory: VerifiedDirectory): HTMLElement {
  const status = CASE_STATUSES.find((known) => known === opened.view.status) ?? 'new';
  const replies =
    opened.replies.length === 0
      ? [element('p', {}, [t('return.replies.none')])]
      : opened.replies.map((reply) => renderReply(t, reply));
  return element('div', {}, [
    element('h3', {}, [t('return.status.label')]),
    element('p', { id: 'case-status', 'data-status': status }, [
      t(`return.status.${status}` as MessageKey),
    ]),
    element('h3', {}, [t('return.replies.title')]),
    ...replies,
    renderFollowUp(t, opened.receiptVerifier, opened.replyKey, directory),
  ]);
}

/**
 * A follow-up with text and files: signed with the reply key (when the case has one that opened)
 * and encrypted like a report; files uploaded in parts after it.
 */
function renderFollowUp(
  t: Translate,
  receiptVerifier: string,
  replyKey: UnlockedReplyKey | null,
  directory: VerifiedDirectory,
): HTMLElement {
  const text = element('textarea', { name: 'followUp', id: 'follow-up', rows: '4' });
  const picker = createAttachmentPicker(t);
  const done = element('p', { role: 'status', id: 'follow-up-status' });
  const messageDelivery = createDeliveryStatus(t, 'follow-up-delivery', 'message');
  const filesDelivery = createDeliveryStatus(t, 'follow-up-files-delivery', 'files');
  const send = element('button', { type: 'submit', class: 'secondary' }, [
    t('return.followUp.send'),
  ]);
  const form = element('form', { id: 'follow-up-form', autocomplete: 'off' }, [
    field(t('return.followUp.label'), text),
    picker.element,
    send,
    done,
    messageDelivery.element,
    filesDelivery.element,
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      await picker.settled();
      const files = picker.chosenFiles();
      if (files === null || (text.value.trim() === '' && files.length === 0)) return;
      send.disabled = true;
      text.readOnly = true;
      const release = holdPage(); // the encrypted message waits in memory until it is stored
      try {
        await sendFollowUp(files);
      } finally {
        release();
        text.readOnly = false;
        send.disabled = false;
      }
    })();
  });

  async function sendFollowUp(files: readonly PreparedFile[]): Promise<void> {
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
    const message = replyKey
      ? await crypto.encryptSignedFollowUp(followUp, replyKey, directory, messageId)
      : await crypto.encryptReport(followUp, directory);
    const result = await deliver(
      postJsonRequest('/api/receipts/messages', { receiptVerifier, messageId, message }),
      {
        onAttempt: (failures) => {
          if (failures > 0) messageDelivery.showRetrying();
        },
        onWait: (notice) => messageDelivery.showWait(notice),
      },
    );
    messageDelivery.clear();
    let refusal: string | null = null;
    const sent =
      result.ok &&
      (await uploadAttachments(uploads, directory, receiptVerifier, {
        onRefused: (code) => (refusal = code),
        onProgress: (phase, fraction) => {
          done.textContent = t(
            phase === 'encrypting' ? 'form.progress.encrypting' : 'form.progress.uploading',
            {
              percent: Math.round(fraction * 100),
            },
          );
        },
        onAttempt: (failures) => {
          if (failures > 0) filesDelivery.showRetrying();
        },
        onWait: (notice) => filesDelivery.showWait(notice),
      }));
    filesDelivery.clear();
    if (sent) {
      text.value = '';
      done.textContent = t('return.followUp.sent');
    } else {
      done.textContent = result.ok
        ? t(attachmentRefusalMessage(refusal))
        : t('form.failed', { reason: t('form.failed.refused') });
    }
  }
  return form;
}
