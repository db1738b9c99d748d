/**
 * The last way through the second step of sign-in: a one-time recovery code, in a form hidden
 * until its toggle opens it (the toggle says whether it is open). The code is emptied once sent.
 */
import { button, fieldForm, textInput } from '../controls';
import type { DashboardTranslate } from '../i18n';

export function renderRecoveryCodeForm(
  t: DashboardTranslate,
  send: (code: string) => Promise<void>,
): { readonly toggle: HTMLButtonElement; readonly form: HTMLFormElement } {
  const recoveryCode = textInput('recovery-code', { dir: 'ltr', class: 'code' });
  const form = fieldForm(
    'recovery-form',
    {
      label: t('secondFactor.recovery.label'),
      submit: t('secondFactor.recovery.submit'),
      hint: t('secondFactor.recovery.hint'),
    },
    recoveryCode,
    async () => {
      await send(recoveryCode.value.trim());
      recoveryCode.value = '';
    },
  );
  form.hidden = true;
  const toggle = button(t('secondFactor.recovery.toggle'), {
    id: 'use-recovery-code',
    'aria-expanded': 'false',
    'aria-controls': 'recovery-form',
  });
  toggle.addEventListener('click', () => {
    form.hidden = !form.hidden;
    toggle.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) recoveryCode.focus();
  });
  return { toggle, form };
}
