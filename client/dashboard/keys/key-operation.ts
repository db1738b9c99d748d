/**
 * How every key form runs its crypto (generate, import, unlock, change the passphrase): the
 * status line says it is working, an error is shown in the problem line, and the passphrase
 * inputs are emptied whatever happens, so no passphrase stays on the page after its one use.
 */
import type { DashboardTranslate } from '../i18n';
import { describeError } from '../session/error-messages';
import { checkKeyPassphrase } from './key-passphrases';

export interface FormLines {
  readonly problem: HTMLElement;
  readonly status: HTMLElement;
}

/** Clears the status line and says in the problem line what went wrong. */
export function showProblem(lines: FormLines, text: string): void {
  lines.status.textContent = '';
  lines.problem.textContent = text;
}

/**
 * Clears the problem line and checks a new key passphrase and its repetition before any crypto
 * runs: false once the problem line says what is wrong (the inputs are kept, to be corrected).
 */
export function newPassphraseAccepted(
  t: DashboardTranslate,
  problem: HTMLElement,
  passphrase: HTMLInputElement,
  repeat: HTMLInputElement,
): boolean {
  problem.textContent = '';
  const refusal = checkKeyPassphrase(t, passphrase.value, repeat.value);
  if (refusal) problem.textContent = refusal;
  return refusal === null;
}

/** What `operation` gives, or null once the problem line says why it threw. */
export async function runKeyOperation<T>(
  t: DashboardTranslate,
  lines: FormLines,
  working: string,
  passphraseInputs: readonly HTMLInputElement[],
  operation: () => Promise<T>,
): Promise<T | null> {
  lines.status.textContent = working;
  try {
    return await operation();
  } catch (error) {
    showProblem(lines, describeError(t, error));
    return null;
  } finally {
    for (const input of passphraseInputs) input.value = '';
  }
}
