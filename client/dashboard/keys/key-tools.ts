/**
 * What a caseworker does with an existing key: unlock it into memory (and lock it), change the
 * key passphrase and download the protected key for GnuPG (checking that a message decrypts is
 * decryption-check.ts). Each of them fetches the protected secret key when it runs (KeyApi
 * protectedSecretKey): the first time in a session the re-authentication dialog comes first.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import {
  button,
  field,
  onClick,
  outcomeLines,
  passwordInput,
  problemLine,
  titledForm,
} from '../controls';
import { keyFileName } from '../format';
import { describeFailure } from '../session/error-messages';
import type { KeyApi, MyKey } from './key-api';
import type { LockReason } from './key-holder';
import { newPassphraseAccepted, runKeyOperation, showProblem } from './key-operation';
import { loadCrypto } from './key-passphrases';

/** The unlock form or, when unlocked, the notice and the Lock button; follows the holder. */
export function renderLockArea(ctx: DashboardContext, api: KeyApi, key: () => MyKey): HTMLElement {
  const { t } = ctx;
  const area = element('div', { id: 'key-lock-area', class: 'panel' });
  const draw = (reason: LockReason | null): void => {
    if (ctx.keys.unlocked) {
      const lock = button(t('keys.lock'), { id: 'lock-key' }, 'primary');
      lock.addEventListener('click', () => ctx.keys.lock('manual'));
      const minutes = t('keys.minutes', {
        count: Math.max(1, Math.round(ctx.keys.idleTimeoutSeconds / 60)),
      });
      area.dataset['state'] = 'unlocked';
      area.replaceChildren(
        element('p', { id: 'key-unlocked', role: 'status' }, [t('keys.unlocked', { minutes })]),
        lock,
      );
      return;
    }
    area.dataset['state'] = 'locked';
    area.replaceChildren(
      element('p', { id: 'key-lock-notice', role: 'status' }, [
        reason === 'idle' ? t('keys.autoLocked') : t('keys.locked'),
      ]),
      renderUnlockForm(ctx, api, key),
    );
  };
  const unsubscribe = ctx.keys.onChange((reason) => {
    if (!area.isConnected) {
      unsubscribe();
      return;
    }
    draw(reason);
  });
  draw(null);
  return area;
}

function renderUnlockForm(ctx: DashboardContext, api: KeyApi, key: () => MyKey): HTMLElement {
  const { t } = ctx;
  const passphrase = passwordInput('unlock-passphrase', 'off');
  const lines = outcomeLines('unlock');
  return titledForm(
    'unlock',
    { title: t('keys.unlock.title'), submit: t('keys.unlock.submit') },
    [
      element('p', { class: 'hint' }, [t('keys.unlock.reauthHint')]),
      field(t('keys.unlock.passphrase'), passphrase),
      lines.problem,
      lines.status,
    ],
    async () => {
      lines.problem.textContent = '';
      await runKeyOperation(t, lines, t('keys.unlock.working'), [passphrase], async () => {
        const current = key();
        const secret = await api.protectedSecretKey(current);
        if (!secret.ok) {
          showProblem(lines, describeFailure(t, secret));
          return;
        }
        const crypto = await loadCrypto();
        const handle = await crypto.unlockCaseworkerKey(
          secret.body,
          passphrase.value,
          current.fingerprint,
        );
        ctx.keys.hold(handle, crypto.lockCaseworkerKey);
      });
    },
  );
}

/** Change the key passphrase: re-protected here, uploaded as a new protected key (same fingerprint). */
export function renderProtectionForm(
  ctx: DashboardContext,
  api: KeyApi,
  key: () => MyKey,
  onChanged: (key: MyKey) => void,
): HTMLElement {
  const { t } = ctx;
  const current = passwordInput('key-passphrase-current', 'off');
  const next = passwordInput('key-passphrase-new', 'off');
  const repeat = passwordInput('key-passphrase-repeat', 'off');
  const lines = outcomeLines('key-passphrase');
  return titledForm(
    'key-passphrase',
    { title: t('keys.protection.title'), submit: t('keys.protection.submit') },
    [
      field(t('keys.protection.current'), current),
      field(t('keys.protection.new'), next, t('keys.passphraseRules')),
      field(t('keys.protection.repeat'), repeat),
      lines.problem,
      lines.status,
    ],
    async () => {
      if (!newPassphraseAccepted(t, lines.problem, next, repeat)) return;
      const reprotected = await runKeyOperation(
        t,
        lines,
        t('keys.protection.working'),
        [current, next, repeat],
        async () => {
          const stored = key();
          const secret = await api.protectedSecretKey(stored);
          if (!secret.ok) {
            showProblem(lines, describeFailure(t, secret));
            return null;
          }
          const crypto = await loadCrypto();
          return await crypto.reprotectCaseworkerKey(
            secret.body,
            current.value,
            next.value,
            stored.fingerprint,
          );
        },
      );
      if (!reprotected) return;
      const result = await api.updateProtection(reprotected.protectedSecretKey);
      if (!result.ok) {
        showProblem(lines, describeFailure(t, result));
        return;
      }
      lines.status.textContent = t('keys.protection.done');
      onChanged(result.body ?? key());
    },
  );
}

/** Saves the passphrase-protected key as a file GnuPG imports; the object URL is revoked after. */
export function renderDownload(ctx: DashboardContext, api: KeyApi, key: () => MyKey): HTMLElement {
  const { t } = ctx;
  const download = button(t('keys.download.button'), { id: 'download-key' });
  const problem = problemLine('key-download-problem');
  onClick(download, async () => {
    problem.textContent = '';
    const current = key();
    const secret = await api.protectedSecretKey(current);
    if (!secret.ok) {
      problem.textContent = describeFailure(t, secret);
      return;
    }
    const url = URL.createObjectURL(new Blob([secret.body], { type: 'application/pgp-keys' }));
    const link = element('a', {
      href: url,
      download: keyFileName(current.fingerprint),
      hidden: '',
    });
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked once the download has started; the URL must not outlive its use.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  return element('div', { id: 'key-download', class: 'panel' }, [
    element('h3', {}, [t('keys.download.title')]),
    download,
    problem,
    element('p', { class: 'hint' }, [t('keys.download.hint')]),
  ]);
}
