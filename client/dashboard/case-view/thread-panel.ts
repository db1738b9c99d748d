/**
 * The thread (follow-ups from the reporter, replies, internal notes) in `seq` order, each
 * decrypted and shown as text with its kind and day; a follow-up not signed with the report's
 * reply key is marked "not verified as from the reporter", a note or reply not signed by a
 * directory key for this case "not verified as from a caseworker" (an unsigned one may be from
 * before notes and replies were signed, or planted: it says so). A note or reply signed by a
 * former caseworker's key shows the day its signature names, not the server's: the server's day
 * is anyone's to write, and the label says "former caseworker" whatever the day, since whoever
 * holds a retired key can backdate a signature. And the two composers. Before
 * anything is encrypted the recipient directory is fetched and verified against the
 * organisation fingerprint built into this bundle; notes and replies are signed with the
 * caseworker's key, a reply encrypted only to the reply key the report names (client/crypto
 * encryptCaseNote, encryptSignedReply). A retry sends the very same ciphertext under the same
 * client-random messageId, so the server stores it once.
 */
import { element } from '../../shared/dom';
import type { CaseApi, CaseDetail } from '../cases/case-api';
import { loadVerifiedDirectory } from '../cases/case-crypto';
import { kindLabel } from '../cases/case-labels';
import type { CaseworkerSignature } from '../../crypto';
import type { ThreadKind } from '../../../contract/vocabulary';
import type { DashboardContext } from '../context';
import { field, form, outcomeLines, submitButton } from '../controls';
import { groupFingerprint } from '../format';
import { loadCrypto } from '../keys/key-passphrases';
import { describeError, describeFailure } from '../session/error-messages';
import { renderBoundedText } from './bounded-text';
import type { DecryptedMessage } from './decrypt-case';

/**
 * Each kind of message has its own label, mark and shape (styles.css): the reporter's on the
 * start side with a heavy start edge, replies to the reporter on the end side, internal notes
 * full width with a dashed frame; never colour alone, and mirrored right to left.
 */
const KIND_MARKS: Readonly<Record<ThreadKind, string>> = {
  'follow-up': '✉',
  reply: '↩',
  note: '✎',
};

export function renderThreadList(
  ctx: DashboardContext,
  thread: readonly DecryptedMessage[],
): HTMLElement {
  const { t } = ctx;
  if (thread.length === 0) {
    return element('p', { id: 'thread-list', class: 'hint' }, [t('thread.none')]);
  }
  return element(
    'ol',
    { id: 'thread-list', class: 'thread' },
    thread.map(({ entry, text, fromReporter, fromCaseworker }) =>
      element(
        'li',
        {
          class: `message message-${entry.kind}`,
          'data-seq': String(entry.seq),
          'data-kind': entry.kind,
          'data-message-id': entry.messageId,
          'data-state': text === null ? 'undecryptable' : 'decrypted',
          ...(fromReporter === null
            ? {}
            : { 'data-from-reporter': fromReporter ? 'verified' : 'unverified' }),
          ...(fromCaseworker === null ? {} : { 'data-from-caseworker': fromCaseworker.state }),
        },
        [
          element('p', { class: 'message-meta' }, [
            element('span', { class: 'message-mark', 'aria-hidden': 'true' }, [
              KIND_MARKS[entry.kind],
            ]),
            ' ',
            element('strong', { class: 'message-kind' }, [kindLabel(t, entry.kind)]),
            ' · ',
            element('span', { dir: 'ltr', class: 'message-day' }, [
              shownDay(entry.sentOn, fromCaseworker),
            ]),
          ]),
          ...(fromReporter === null
            ? []
            : [
                fromReporter
                  ? element('p', { class: 'message-verified' }, [t('thread.followUp.verified')])
                  : element('p', { class: 'message-unverified notice-box' }, [
                      t('thread.followUp.unverified'),
                    ]),
              ]),
          ...(fromCaseworker === null ? [] : [caseworkerSignatureLine(ctx, fromCaseworker)]),
          text === null
            ? element('p', { class: 'message-undecryptable' }, [t('thread.undecryptable')])
            : // Security: text only, in bounded pieces; never parsed as markup or linked.
              renderBoundedText(ctx, text, 'message-text'),
        ],
      ),
    ),
  );
}

/** The day a message is shown with: a former caseworker's signature's own, else the server's. */
function shownDay(sentOn: string, signature: CaseworkerSignature | null): string {
  return signature?.state === 'verified' && signature.signer.retired
    ? signature.signer.signedOn
    : sentOn;
}

/**
 * Who wrote a note or reply, as far as its signature shows. Security: only a verified signature
 * names a colleague; anything else is marked, never shown as someone's.
 */
function caseworkerSignatureLine(
  ctx: DashboardContext,
  signature: CaseworkerSignature,
): HTMLElement {
  const { t } = ctx;
  if (signature.state !== 'verified') {
    return element('p', { class: 'message-unverified notice-box' }, [
      t(
        signature.state === 'unsigned'
          ? 'thread.caseworker.unsigned'
          : 'thread.caseworker.unverified',
      ),
    ]);
  }
  const { label, fingerprint, retired } = signature.signer;
  return element('p', { class: 'message-verified' }, [
    t(retired ? 'thread.caseworker.verifiedFormer' : 'thread.caseworker.verified', { label }),
    ' ',
    element('span', { dir: 'ltr', class: 'fingerprint' }, [groupFingerprint(fingerprint)]),
  ]);
}

interface PendingMessage {
  readonly text: string;
  readonly messageId: string;
  readonly armored: string;
}

/**
 * A composer for an internal note or a reply to the reporter. `replyKeyFingerprint` is the reply
 * key the case vouches for (reply-key-check.ts trustedReplyKeyFingerprint): a reply goes to the
 * stored key only if it is that key, checked again on every send.
 */
export function renderComposer(
  ctx: DashboardContext,
  api: CaseApi,
  detail: CaseDetail,
  kind: 'note' | 'reply',
  onSent: () => Promise<void>,
  replyKeyFingerprint: string | null = null,
): HTMLElement {
  const { t } = ctx;
  const id = kind === 'note' ? 'note' : 'reply';
  const text = element('textarea', {
    id: `${id}-text`,
    name: `${id}-text`,
    rows: '5',
    dir: 'auto',
    autocomplete: 'off',
  });
  const { problem, status } = outcomeLines(id);
  /** The encrypted message not yet acknowledged by the server: a retry sends exactly this. */
  let pending: PendingMessage | null = null;
  const caseId = detail.summary.caseId;
  const replyKey = detail.replyKey;

  const node = form(
    `${id}-form`,
    [
      element('h4', {}, [t(kind === 'note' ? 'thread.note.title' : 'thread.reply.title')]),
      field(
        t(kind === 'note' ? 'thread.note.label' : 'thread.reply.label'),
        text,
        t(kind === 'note' ? 'thread.note.hint' : 'thread.reply.hint'),
      ),
      problem,
      status,
      submitButton(t(kind === 'note' ? 'thread.note.submit' : 'thread.reply.submit'), {
        id: `${id}-submit`,
      }),
    ],
    async () => {
      problem.textContent = '';
      const value = text.value;
      if (value.trim() === '') {
        problem.textContent = t('thread.empty');
        return;
      }
      if (kind === 'reply' && replyKey === null) {
        problem.textContent = t('thread.reply.noKey');
        return;
      }
      if (pending === null || pending.text !== value) {
        status.textContent = t('thread.encrypting');
        const directory = await loadVerifiedDirectory(api);
        if (!directory.ok) {
          status.textContent = '';
          problem.textContent = describeFailure(t, { code: directory.code });
          return;
        }
        try {
          const crypto = await loadCrypto();
          // Both are signed with the caseworker's key: it must be unlocked.
          const handle = ctx.keys.unlocked;
          if (!handle) {
            status.textContent = '';
            problem.textContent = t('error.key_locked');
            return;
          }
          // Signed with the id it is sent under: a copy in another entry does not verify.
          const messageId = crypto.createMessageId();
          const bytes =
            kind === 'reply'
              ? await crypto.encryptSignedReply(
                  value,
                  directory.directory,
                  replyKey ?? '',
                  replyKeyFingerprint,
                  handle,
                  messageId,
                )
              : await crypto.encryptCaseNote(value, directory.directory, caseId, handle, messageId);
          pending = { text: value, messageId, armored: crypto.armorBinaryMessage(bytes) };
        } catch (error) {
          // Security: nothing is sent when encryption fails; never a weaker fallback.
          status.textContent = '';
          problem.textContent = describeError(t, error);
          return;
        }
      }
      status.textContent = t('thread.sending');
      const result = await api.addMessage(caseId, kind, pending.messageId, pending.armored);
      if (!result.ok) {
        status.textContent = '';
        if (result.status === 0 || result.status >= 500) {
          // Kept: the next try sends the same message and id, so it cannot arrive twice.
          problem.textContent = t('thread.retry');
        } else {
          pending = null;
          problem.textContent = describeFailure(t, result);
        }
        return;
      }
      pending = null;
      text.value = '';
      status.textContent = t(kind === 'note' ? 'thread.note.sent' : 'thread.reply.sent');
      await onSent();
    },
  );
  node.classList.add('composer');
  return node;
}
