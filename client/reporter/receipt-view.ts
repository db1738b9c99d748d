/**
 * The receipt: the only way back to the report, made on this device and kept nowhere else (never
 * stored on the device, never sent). So the page helps the reporter keep it: a copy button, a
 * print button, and until they say they saved it, leaving the page (a language link, another
 * view, reload, closing) asks first (leave-guard.ts). Once they confirm, the code is hidden, since
 * someone may look at this screen later, and can be shown again for as long as the page lives.
 */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';
import { holdPage } from './leave-guard';

export function renderReceipt(t: Translate, receipt: string): HTMLElement {
  // Asks before leaving from now on: the report is stored, and this page holds its only receipt.
  const release = holdPage();
  // Always left to right and in a monospace face, whatever the page direction: it is a code.
  const code = element('p', { id: 'receipt-code', class: 'receipt-code', dir: 'ltr', lang: 'en' }, [
    receipt,
  ]);
  const copyStatus = element('p', { id: 'receipt-copy-status', role: 'status' });
  const copy = element('button', { type: 'button', id: 'receipt-copy', class: 'secondary' }, [
    t('receipt.copy'),
  ]);
  copy.addEventListener('click', () => {
    void copyReceipt(receipt, code).then((copied) => {
      copyStatus.textContent = t(copied ? 'receipt.copied' : 'receipt.selected');
    });
  });
  const print = element('button', { type: 'button', id: 'receipt-print', class: 'secondary' }, [
    t('receipt.print'),
  ]);
  print.addEventListener('click', () => window.print());
  const saved = element('button', { type: 'button', id: 'receipt-saved', class: 'primary' }, [
    t('receipt.saved'),
  ]);
  const details = element('div', { id: 'receipt-details' }, [
    element('p', {}, [t('receipt.intro')]),
    code,
    element('div', { class: 'receipt-actions' }, [copy, print]),
    copyStatus,
    element('p', {}, [t('receipt.keepSafe')]),
    element('p', {}, [t('receipt.lost')]),
    element('p', { id: 'receipt-leave-warning' }, [t('receipt.leaveWarning')]),
    saved,
  ]);
  const confirmation = element('p', { id: 'receipt-confirmation', role: 'status' });
  const showAgain = element(
    'button',
    {
      type: 'button',
      id: 'receipt-show-again',
      class: 'secondary',
      'aria-controls': 'receipt-details',
      'aria-expanded': 'true',
      hidden: '',
    },
    [t('receipt.showAgain')],
  );
  const showCode = (shown: boolean): void => {
    details.hidden = !shown;
    showAgain.setAttribute('aria-expanded', String(shown));
    showAgain.textContent = t(shown ? 'receipt.hideAgain' : 'receipt.showAgain');
  };
  saved.addEventListener('click', () => {
    release();
    saved.remove();
    details.querySelector('#receipt-leave-warning')?.remove();
    copyStatus.textContent = '';
    confirmation.textContent = t('receipt.savedConfirmed');
    showAgain.hidden = false;
    showCode(false);
    showAgain.focus();
  });
  showAgain.addEventListener('click', () => showCode(details.hidden !== false));

  const section = element('section', { id: 'receipt', 'aria-labelledby': 'receipt-title' }, [
    element('h2', { id: 'receipt-title', tabindex: '-1' }, [t('receipt.title')]),
    details,
    confirmation,
    showAgain,
  ]);
  queueMicrotask(() => section.querySelector('h2')?.focus());
  return section;
}

/**
 * Puts the receipt on the clipboard; where the browser has no Clipboard API or refuses it (an
 * insecure context, a denied permission), selects the code so the reporter can copy it
 * themselves. True when it was copied.
 */
async function copyReceipt(receipt: string, code: HTMLElement): Promise<boolean> {
  try {
    // Older browsers have no navigator.clipboard at all: the typed value is not to be trusted.
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (clipboard) {
      await clipboard.writeText(receipt);
      return true;
    }
  } catch {
    // Refused: select instead.
  }
  const selection = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(code);
  selection?.removeAllRanges();
  selection?.addRange(range);
  return false;
}
