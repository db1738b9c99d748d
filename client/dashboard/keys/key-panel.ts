/**
 * The caseworker's key panel (docs/design.md "Keys"): no key → create or import one;
 * a key → its fingerprint and status, unlock/lock, passphrase change, GnuPG download and a
 * decryption check. The server only ever sees the public key and the protected secret key.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { CaseApi } from '../cases/case-api';
import { loadVerifiedDirectory } from '../cases/case-crypto';
import { problemLine, viewSection } from '../controls';
import { groupFingerprint } from '../format';
import { describeFailure } from '../session/error-messages';
import { KeyApi, type MyKey } from './key-api';
import { renderDecryptionCheck } from './decryption-check';
import { renderCreateKey } from './key-create';
import { renderDownload, renderLockArea, renderProtectionForm } from './key-tools';

export function renderKeyPanel(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const api = new KeyApi(ctx.client);
  const state = element('div', { id: 'key-state', 'aria-live': 'polite' }, [
    element('p', { role: 'status' }, [t('common.loading')]),
  ]);
  const problem = problemLine('key-problem');
  const panel = viewSection('keys', t('keys.title'), [
    element('p', {}, [t('keys.intro')]),
    problem,
    state,
  ]);

  const show = (key: MyKey | null): void => {
    panel.dataset['keyStatus'] = key?.status ?? 'none';
    if (key === null || key.status === 'removed') {
      // A removed key cannot be unlocked here any more; drop it if it was.
      if (key?.status === 'removed') ctx.keys.lock('manual');
      state.replaceChildren(
        ...(key ? [renderSummary(ctx, key)] : []),
        renderCreateKey(ctx, api, (uploaded) => void reload(uploaded)),
      );
      return;
    }
    let current = key;
    const latest = (): MyKey => current;
    state.replaceChildren(
      renderSummary(ctx, key),
      renderLockArea(ctx, api, latest),
      renderDecryptionCheck(ctx),
      renderProtectionForm(ctx, api, latest, (changed) => {
        current = changed;
      }),
      renderDownload(ctx, api, latest),
    );
  };

  const reload = async (known?: MyKey | null): Promise<void> => {
    if (known) {
      show(known);
      return;
    }
    const result = await api.myKey();
    if (!result.ok) {
      state.replaceChildren();
      problem.textContent = describeFailure(t, result);
      return;
    }
    problem.textContent = '';
    show(result.body);
  };
  void reload();
  return panel;
}

function renderSummary(ctx: DashboardContext, key: MyKey): HTMLElement {
  const { t } = ctx;
  const explain =
    key.status === 'pending'
      ? t('keys.pending.explain')
      : key.status === 'active'
        ? t('keys.active.explain')
        : t('keys.removed.explain');
  const explainLine = element('p', { id: 'key-status-explain' }, [explain]);
  if (key.status === 'active') void markListed(ctx, key, explainLine);
  return element('div', { id: 'key-summary', class: 'panel' }, [
    element('dl', {}, [
      element('dt', {}, [t('keys.fingerprint')]),
      element('dd', { id: 'key-fingerprint', dir: 'ltr', class: 'fingerprint' }, [
        groupFingerprint(key.fingerprint),
      ]),
      element('dt', {}, [t('keys.status')]),
      element('dd', { id: 'key-status', 'data-status': key.status }, [
        t(`keys.status.${key.status}`),
      ]),
    ]),
    explainLine,
  ]);
}

/**
 * An active key is encrypted to only once a signed directory lists it: the explanation says
 * which, from the directory as verified against the organisation key built into the dashboard
 * (never the server's word). Until that check succeeds it keeps saying what still has to happen.
 */
async function markListed(ctx: DashboardContext, key: MyKey, line: HTMLElement): Promise<void> {
  const outcome = await loadVerifiedDirectory(new CaseApi(ctx.client));
  const own = key.fingerprint.toLowerCase();
  // A directory that fails verification lists nothing, whatever it says.
  const listed =
    outcome.ok &&
    outcome.directory.recipients.some((recipient) => recipient.fingerprint.toLowerCase() === own);
  line.dataset['listed'] = String(listed);
  if (listed) line.textContent = ctx.t('keys.active.listed');
}
