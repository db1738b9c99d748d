/** Shows the receipt once, with advice; it is never stored or sent anywhere. */
import { element } from '../shared/dom';
import type { Translate } from '../shared/i18n/i18n';

export function renderReceipt(t: Translate, receipt: string): HTMLElement {
  const print = element('button', { type: 'button', class: 'secondary' }, [t('receipt.print')]);
  print.addEventListener('click', () => window.print());
  const section = element('section', { id: 'receipt', 'aria-labelledby': 'receipt-title' }, [
    element('h2', { id: 'receipt-title', tabindex: '-1' }, [t('receipt.title')]),
    element('p', {}, [t('receipt.intro')]),
    // Always left to right and in a monospace face, whatever the page direction: it is a code.
    element('p', { id: 'receipt-code', class: 'receipt-code', dir: 'ltr', lang: 'en' }, [receipt]),
    element('p', {}, [t('receipt.keepSafe')]),
    element('p', {}, [t('receipt.lost')]),
    print,
  ]);
  queueMicrotask(() => section.querySelector('h2')?.focus());
  return section;
}
