/**
 * Tells the reporter, in plain words and through a polite live region, what happens while an
 * encrypted report, message or file waits for the server (delivery.ts): why, that it is kept in
 * this page only, when the next try is, and not to close the page; with a "try now" button.
 */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import type { MessageKey } from '../shared/i18n/catalogues';
import type { WaitNotice, WaitReason } from './delivery';

/** What is waiting: the wording differs ("your report is kept…", "your files are kept…"). */
export type Waiting = 'report' | 'message' | 'files';

const REASON_KEYS: Readonly<Record<WaitReason, MessageKey>> = {
  offline: 'delivery.reason.offline',
  unavailable: 'delivery.reason.unavailable',
  busy: 'delivery.reason.busy',
};

const WAITING_KEYS: Readonly<Record<Waiting, MessageKey>> = {
  report: 'delivery.waiting.report',
  message: 'delivery.waiting.message',
  files: 'delivery.waiting.files',
};

export interface DeliveryStatus {
  readonly element: HTMLElement;
  /** Shows why delivery waits and offers "try now". */
  showWait(notice: WaitNotice): void;
  /** A retry is on its way (after at least one failure). */
  showRetrying(): void;
  clear(): void;
}

export function createDeliveryStatus(t: Translate, id: string, waiting: Waiting): DeliveryStatus {
  const message = element('p', {
    id: `${id}-message`,
    role: 'status',
    'aria-live': 'polite',
    class: 'delivery-message',
  });
  const tryNowButton = element(
    'button',
    { type: 'button', id: `${id}-try-now`, class: 'secondary', hidden: '' },
    [t('delivery.tryNow')],
  );
  let tryNow: (() => void) | undefined;
  tryNowButton.addEventListener('click', () => {
    tryNowButton.hidden = true;
    tryNow?.();
  });
  const box = element('div', { id, class: 'delivery' }, [message, tryNowButton]);
  return {
    element: box,
    showWait: (notice) => {
      tryNow = notice.tryNow;
      box.dataset['state'] = 'waiting';
      box.dataset['reason'] = notice.reason;
      message.textContent = `${t(REASON_KEYS[notice.reason])} ${t(WAITING_KEYS[waiting], {
        count: notice.seconds,
      })}`;
      tryNowButton.hidden = false;
    },
    showRetrying: () => {
      tryNow = undefined;
      box.dataset['state'] = 'retrying';
      tryNowButton.hidden = true;
      message.textContent = t('delivery.retrying');
    },
    clear: () => {
      tryNow = undefined;
      delete box.dataset['state'];
      delete box.dataset['reason'];
      tryNowButton.hidden = true;
      message.textContent = '';
    },
  };
}
