/**
 * The way back with a receipt: the browser derives the verifier (the receipt never leaves the
 * device), shows the status in plain words, decrypts caseworker replies with the reply key that
 * only the receipt unlocks, lists them with the reporter's own follow-ups (case-thread.ts), and
 * sends follow-ups signed with that key and encrypted like reports (follow-up-form.ts).
 * A reply is shown only if a caseworker key of the verified directory signed it for this reply
 * key and for the thread entry it is served as: anyone who can write to the database could plant
 * a message encrypted to it, or copy a genuine one under a new day, a lure that must never look
 * like the organisation speaking. A reply signed by a former caseworker's key carries the day its
 * signature names, and says it is from a former caseworker. Replies are shown as text only.
 */
import type { ReporterCaseView } from '../../contract/api/reporter';
import { CASE_STATUSES } from '../../contract/vocabulary';
import type { UnlockedReplyKey, VerifiedDirectory } from '../crypto';
import { postJson } from '../shared/api-client';
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import { renderThread, type ShownReply, type ThreadEntry } from './case-thread';
import { renderFollowUpForm } from './follow-up-form';

/**
 * Attaches opening a case to the pre-rendered receipt form (return-form-markup.ts): a receipt can
 * be typed at once; it is looked up only once `verifiedDirectory` verified (null: refused).
 */
export function attachReturnView(
  t: Translate,
  section: HTMLElement,
  verifiedDirectory: Promise<VerifiedDirectory | null>,
): void {
  const form = section.querySelector<HTMLFormElement>('#return-form')!;
  const input = form.querySelector<HTMLInputElement>('#receipt-input')!;
  const problem = form.querySelector<HTMLElement>('#return-problem')!;
  const submit = form.querySelector<HTMLButtonElement>('#open-case')!;
  const result = section.querySelector<HTMLElement>('#case-view')!;
  // Security: the button starts disabled until the directory verified, and hidden on a page with
  // the no-JavaScript form (see sendButtons).
  submit.hidden = false;
  let directory: VerifiedDirectory | null = null;
  void verifiedDirectory.then((verified) => {
    directory = verified;
    submit.disabled = verified === null;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (directory === null) return;
    const recipients = directory;
    problem.textContent = '';
    void openCase(input.value, recipients).then((opened) => {
      if (!opened) {
        problem.textContent = t('return.notFound');
        input.focus(); // the error's field: the reporter corrects the receipt there
        return;
      }
      input.value = ''; // do not leave the receipt on screen
      result.replaceChildren(renderCase(t, opened, recipients));
    });
  });
}

interface OpenedCase {
  readonly view: ReporterCaseView;
  readonly receiptVerifier: string;
  /** Null when the case has no reply key, or the stored one does not open with this receipt. */
  readonly replyKey: UnlockedReplyKey | null;
  /** Replies, checked, and the reporter's own follow-ups, in the order the server stored them. */
  readonly thread: readonly ThreadEntry[];
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
  const thread = await Promise.all(
    view.messages.map(async (message): Promise<ThreadEntry> => {
      // The reporter's own follow-up is encrypted to the caseworkers only: listed by its day.
      if (message.author === 'reporter') {
        return { author: 'reporter', followUp: { day: message.sentOn } };
      }
      return { author: 'caseworker', reply: await checkedReply(message) };
    }),
  );
  return { view, receiptVerifier, replyKey, thread };

  async function checkedReply(message: ReporterCaseView['messages'][number]): Promise<ShownReply> {
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
  }
}

function renderCase(t: Translate, opened: OpenedCase, directory: VerifiedDirectory): HTMLElement {
  const status = CASE_STATUSES.find((known) => known === opened.view.status) ?? 'new';
  const thread = renderThread(t, opened.thread);
  return element('div', {}, [
    element('h3', {}, [t('return.status.label')]),
    element('p', { id: 'case-status', 'data-status': status }, [
      t(`return.status.${status}` as MessageKey),
    ]),
    thread.element,
    renderFollowUpForm(t, {
      receiptVerifier: opened.receiptVerifier,
      replyKey: opened.replyKey,
      directory,
      thread,
    }),
  ]);
}
