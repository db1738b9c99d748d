/**
 * Checking the unlocked key: paste an armored message, see it decrypted. Decrypted text is shown
 * in a <pre> through textContent only (a report can contain anything) and leaves the screen
 * whenever the key locks.
 */
import { element } from '../../shared/dom';
import { displayText } from '../cases/safe-text';
import { headOf, TEXT_PIECE_CHARS } from '../cases/text-pieces';
import type { DashboardContext } from '../context';
import { armoredTextarea, field, problemLine, titledForm } from '../controls';
import { describeError } from '../session/error-messages';
import { loadCrypto } from './key-passphrases';

/** Paste an armored message, decrypt it with the unlocked key, show the text (never as HTML). */
export function renderDecryptionCheck(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const message = armoredTextarea('check-message', 6);
  const problem = problemLine('check-problem');
  const plaintext = element('pre', { id: 'check-plaintext', class: 'plaintext', dir: 'auto' });
  const result = element('div', { id: 'check-result' }, [
    element('h4', {}, [t('keys.check.result')]),
    plaintext,
  ]);
  result.hidden = true;
  // Security: the decrypted text leaves the screen whenever the key is locked.
  const unsubscribe = ctx.keys.onChange((reason) => {
    if (!result.isConnected) {
      unsubscribe();
      return;
    }
    if (reason !== null) {
      plaintext.textContent = '';
      result.hidden = true;
      message.value = '';
    }
  });
  return titledForm(
    'check-decryption',
    { title: t('keys.check.title'), submit: t('keys.check.submit') },
    [field(t('keys.check.message'), message), problem],
    async () => {
      problem.textContent = '';
      plaintext.textContent = '';
      result.hidden = true;
      const handle = ctx.keys.unlocked;
      if (!handle) {
        problem.textContent = t('keys.check.needsUnlock');
        return;
      }
      try {
        const crypto = await loadCrypto();
        const bytes = await crypto.decryptWithCaseworkerKey(
          handle,
          message.value.trim(),
          crypto.MAX_PLAINTEXT_BYTES.report,
        );
        // Security: textContent only; the text is never parsed as HTML or turned into links,
        // invisible characters are made visible, and a long text shows only its beginning (a
        // pasted message can decrypt to megabytes: one giant text node freezes the page).
        const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
        plaintext.textContent = displayText(
          text.length > TEXT_PIECE_CHARS ? `${headOf(text, TEXT_PIECE_CHARS)}…` : text,
        );
        result.hidden = false;
      } catch (error) {
        problem.textContent = describeError(t, error);
      }
    },
    [result],
  );
}
