/**
 * The thread the reporter sees on the way back: caseworker replies and their own follow-ups, in
 * the order the server stored them. A reply is shown as the organisation's only when a directory
 * key signed it (return-view.ts checks); its text is rendered as text only. The reporter's own
 * follow-ups are encrypted to the caseworkers alone, so the page cannot read one sent earlier: it
 * lists it, labelled as theirs, with its day. One sent from this page is shown with what was
 * written and the files sent with it, kept in memory only.
 */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';

/**
 * A caseworker reply as this page may show it, with its day: from the organisation (a current
 * caseworker's key signed it; the day the server stored it), from a former caseworker (a retired
 * key of the directory signed it before it was retired; the day the signature names, since the
 * server's day could be anyone's), not verified (unsigned, signed by anyone else, or a copy: its
 * text is not shown), or not decryptable.
 */
export type ShownReply =
  | { readonly day: string; readonly from: 'organisation' | 'former'; readonly text: string }
  | { readonly day: string; readonly from: 'unverified' | 'unreadable' };

/** The reporter's own follow-up: what this page sent, or (sent earlier) its day alone. */
export interface OwnFollowUp {
  readonly day: string;
  readonly sent?: { readonly text: string; readonly files: readonly string[] };
}

export type ThreadEntry =
  | { readonly author: 'caseworker'; readonly reply: ShownReply }
  | { readonly author: 'reporter'; readonly followUp: OwnFollowUp };

export interface CaseThread {
  readonly element: HTMLElement;
  /** Adds a follow-up this page has just sent, at the end. */
  addOwn(followUp: OwnFollowUp): void;
}

export function renderThread(t: Translate, entries: readonly ThreadEntry[]): CaseThread {
  const list = element(
    'ol',
    { id: 'case-thread', class: 'thread', 'aria-labelledby': 'case-thread-title' },
    entries.map((entry) =>
      element('li', {}, [
        entry.author === 'caseworker' ? renderReply(t, entry.reply) : renderOwn(t, entry.followUp),
      ]),
    ),
  );
  const noReplies = element('p', { id: 'case-thread-no-replies' }, [t('return.replies.none')]);
  noReplies.hidden = entries.some((entry) => entry.author === 'caseworker');
  return {
    element: element('section', { class: 'case-thread' }, [
      element('h3', { id: 'case-thread-title' }, [t('return.thread.title')]),
      list,
      noReplies,
    ]),
    addOwn: (followUp) => list.append(element('li', {}, [renderOwn(t, followUp)])),
  };
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

/**
 * Set apart from replies by a label in words and by its shape (styles.css), never by colour
 * alone: the reporter must not take their own words for the organisation's, or the reverse.
 */
function renderOwn(t: Translate, followUp: OwnFollowUp): HTMLElement {
  const body: HTMLElement[] = [
    element('p', { class: 'own-label' }, [t('return.thread.yours')]),
    element('p', { class: 'reply-date', dir: 'ltr' }, [followUp.day]),
  ];
  const sent = followUp.sent;
  if (sent === undefined) {
    body.push(element('p', { class: 'own-sealed' }, [t('return.thread.yoursSealed')]));
  } else {
    if (sent.text !== '') body.push(element('p', { class: 'own-text' }, [sent.text]));
    if (sent.files.length > 0) {
      // Names only, as text: a sent file cannot be removed any more.
      body.push(
        element('p', { class: 'own-files-label' }, [t('return.thread.files')]),
        element(
          'ul',
          { class: 'own-files' },
          sent.files.map((name) => element('li', { dir: 'auto' }, [name])),
        ),
      );
    }
  }
  return element('article', { class: 'own-follow-up', 'data-from': 'reporter' }, body);
}
