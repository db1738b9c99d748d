/**
 * Recovery codes, shown exactly once after the first factor is added. The person must confirm
 * they stored them; the codes leave the page (and memory, as far as we can) on continue.
 */
import { element } from '../../shared/dom';
import type { DashboardTranslate } from '../i18n';
import { button, viewSection } from '../controls';

export function renderRecoveryCodesView(
  t: DashboardTranslate,
  codes: readonly string[],
  onContinue: () => void,
): HTMLElement {
  const list = element(
    'ol',
    {
      id: 'recovery-codes',
      class: 'recovery-codes',
      'aria-label': t('recovery.listLabel'),
      dir: 'ltr',
    },
    codes.map((code) => element('li', {}, [element('code', {}, [code])])),
  );
  const stored = element('input', { type: 'checkbox', id: 'recovery-codes-stored' });
  const proceed = button(t('recovery.continue'), { id: 'recovery-codes-continue' }, 'primary');
  proceed.disabled = true;
  stored.addEventListener('change', () => {
    proceed.disabled = !stored.checked;
  });
  const print = button(t('recovery.print'), { id: 'recovery-codes-print' });
  print.addEventListener('click', () => window.print());
  proceed.addEventListener('click', () => {
    if (!stored.checked) return;
    list.replaceChildren();
    onContinue();
  });
  return viewSection('recovery-codes', t('recovery.title'), [
    element('p', {}, [t('recovery.intro')]),
    list,
    element('div', { class: 'actions' }, [print]),
    element('div', { class: 'choice' }, [
      stored,
      element('label', { for: 'recovery-codes-stored' }, [t('recovery.stored')]),
    ]),
    proceed,
  ]);
}
