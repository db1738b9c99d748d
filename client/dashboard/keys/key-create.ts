/**
 * A caseworker without a key creates one in this browser or imports one from GnuPG. Either way
 * the browser protects it with the key passphrase before anything is uploaded; the passphrase
 * itself never leaves the page and the inputs are emptied as soon as it has been used.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import {
  armoredTextarea,
  button,
  field,
  onClick,
  outcomeLines,
  passwordInput,
  titledForm,
} from '../controls';
import { describeFailure } from '../session/error-messages';
import type { KeyApi, MyKey } from './key-api';
import { newPassphraseAccepted, runKeyOperation, showProblem } from './key-operation';
import { loadCrypto } from './key-passphrases';

export function renderCreateKey(
  ctx: DashboardContext,
  api: KeyApi,
  onUploaded: (key: MyKey | null) => void,
): HTMLElement {
  return element('div', { id: 'key-create' }, [
    element('p', { id: 'key-none' }, [ctx.t('keys.none')]),
    renderGenerateForm(ctx, api, onUploaded),
    renderImportForm(ctx, api, onUploaded),
  ]);
}

async function upload(
  ctx: DashboardContext,
  api: KeyApi,
  key: { armoredPublicKey: string; protectedSecretKey: string },
  problem: HTMLElement,
  status: HTMLElement,
  onUploaded: (key: MyKey | null) => void,
): Promise<void> {
  const result = await api.upload(key.armoredPublicKey, key.protectedSecretKey);
  if (!result.ok) {
    showProblem({ problem, status }, describeFailure(ctx.t, result));
    return;
  }
  status.textContent = ctx.t('keys.uploaded');
  onUploaded(result.body);
}

function renderGenerateForm(
  ctx: DashboardContext,
  api: KeyApi,
  onUploaded: (key: MyKey | null) => void,
): HTMLElement {
  const { t } = ctx;
  const passphrase = passwordInput('generate-passphrase', 'off');
  const repeat = passwordInput('generate-passphrase-repeat', 'off');
  const { problem, status } = outcomeLines('generate');
  return titledForm(
    'generate-key',
    { title: t('keys.generate.title'), submit: t('keys.generate.submit') },
    [
      field(t('keys.generate.passphrase'), passphrase, t('keys.passphraseRules')),
      field(t('keys.generate.repeat'), repeat),
      problem,
      status,
    ],
    async () => {
      if (!newPassphraseAccepted(t, problem, passphrase, repeat)) return;
      const generated = await runKeyOperation(
        t,
        { problem, status },
        t('keys.generate.working'),
        [passphrase, repeat],
        async () => (await loadCrypto()).generateCaseworkerKey(passphrase.value),
      );
      if (!generated) return;
      await upload(ctx, api, generated, problem, status, onUploaded);
    },
  );
}

function renderImportForm(
  ctx: DashboardContext,
  api: KeyApi,
  onUploaded: (key: MyKey | null) => void,
): HTMLElement {
  const { t } = ctx;
  const armored = armoredTextarea('import-armored', 8);
  const gnupgPassphrase = passwordInput('import-gnupg-passphrase', 'off');
  const passphrase = passwordInput('import-passphrase', 'off');
  const repeat = passwordInput('import-passphrase-repeat', 'off');
  const { problem, status } = outcomeLines('import');
  const confirmArea = element('div', { id: 'import-confirm', class: 'panel' });
  confirmArea.hidden = true;
  return titledForm(
    'import-key',
    { title: t('keys.import.title'), submit: t('keys.import.submit') },
    [
      field(t('keys.import.armored'), armored),
      field(t('keys.import.gnupgPassphrase'), gnupgPassphrase),
      field(t('keys.import.passphrase'), passphrase, t('keys.passphraseRules')),
      field(t('keys.import.repeat'), repeat),
      problem,
      status,
    ],
    async () => {
      confirmArea.hidden = true;
      confirmArea.replaceChildren();
      if (!newPassphraseAccepted(t, problem, passphrase, repeat)) return;
      const imported = await runKeyOperation(
        t,
        { problem, status },
        t('keys.import.working'),
        [gnupgPassphrase, passphrase, repeat],
        async () =>
          (await loadCrypto()).importGnuPGSecretKey(
            armored.value,
            gnupgPassphrase.value,
            passphrase.value,
          ),
      );
      if (!imported) return;
      armored.value = '';
      status.textContent = '';
      // The key's user ids become public in the directory: say so before uploading.
      const proceed = button(t('keys.import.confirm'), { id: 'import-confirm-upload' }, 'primary');
      const cancel = button(t('common.cancel'), { id: 'import-confirm-cancel' });
      const key = imported;
      onClick(proceed, async () => {
        await upload(ctx, api, key, problem, status, onUploaded);
      });
      cancel.addEventListener('click', () => {
        confirmArea.hidden = true;
        confirmArea.replaceChildren();
      });
      confirmArea.replaceChildren(
        element('p', { id: 'import-user-ids' }, [
          t('keys.import.userIds', { userIds: imported.userIds.join('; ') }),
        ]),
        element('div', { class: 'actions' }, [proceed, cancel]),
      );
      confirmArea.hidden = false;
      proceed.focus();
    },
    [confirmArea],
  );
}
