/**
 * The login-password rules the server enforces (docs/http-api.md: 15–256 characters, not a
 * common password), checked early so people are told before a round trip. The server decides.
 */
import { field, passwordInput } from '../controls';
import type { DashboardTranslate } from '../i18n';
import { describeFailure } from './error-messages';

export const MIN_PASSWORD_LENGTH = 15;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordRefusal = 'password_too_short' | 'password_too_long' | 'mismatch';

export function checkNewPassword(password: string, repeated: string): PasswordRefusal | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'password_too_long';
  if (password !== repeated) return 'mismatch';
  return null;
}

/** A new login password (`<id>`) and its repetition (`<id>-repeat`), with their labelled fields. */
export function newPasswordFields(
  t: DashboardTranslate,
  id: string,
  labels: { readonly password: string; readonly repeat: string },
): { password: HTMLInputElement; repeat: HTMLInputElement; fields: HTMLElement[] } {
  const password = passwordInput(id, 'new-password', { required: '' });
  const repeat = passwordInput(`${id}-repeat`, 'new-password', { required: '' });
  return {
    password,
    repeat,
    fields: [field(labels.password, password, t('password.rules')), field(labels.repeat, repeat)],
  };
}

/** Whether the new password and its repetition may be sent; if not, the problem line says why. */
export function newPasswordAccepted(
  t: DashboardTranslate,
  problem: HTMLElement,
  password: HTMLInputElement,
  repeat: HTMLInputElement,
): boolean {
  problem.textContent = '';
  const refusal = checkNewPassword(password.value, repeat.value);
  if (refusal) {
    problem.textContent =
      refusal === 'mismatch' ? t('password.mismatch') : describeFailure(t, { code: refusal });
  }
  return refusal === null;
}
