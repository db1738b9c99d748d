/**
 * The key area of the views that decrypt (inbox, case): the key panel's own unlock form and Lock
 * button (renderLockArea), so a caseworker unlocks where they read. Without a usable key it
 * says so and points to "My key"; it never offers another way to read. After a reload it says
 * the reload locked the key (an unlocked key lives only in the page's memory) and what
 * unlocking costs here: the passphrase alone in the tab that signed in, which still holds its
 * key release token, or first password and factor in a new window. The view stays open
 * underneath, so unlocking returns to it.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { button, problemLine } from '../controls';
import { describeFailure } from '../session/error-messages';
import { keyReleaseToken } from '../session/key-release';
import { KeyApi } from './key-api';
import { renderLockArea } from './key-tools';

export function renderKeyGate(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const problem = problemLine('key-gate-problem');
  const gate = element('div', { id: 'key-gate' }, [problem]);
  const api = new KeyApi(ctx.client);
  void (async () => {
    const result = await api.myKey();
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    const key = result.body;
    if (key === null || key.status === 'removed') {
      gate.dataset['state'] = 'no-key';
      const open = button(t('keyGate.openKeys'), { id: 'key-gate-open-keys' });
      open.addEventListener('click', () => ctx.openSection('keys'));
      gate.append(
        element('div', { class: 'panel' }, [element('p', {}, [t('keyGate.noKey')]), open]),
      );
      return;
    }
    gate.dataset['state'] = 'key';
    if (ctx.keys.lockedBecause === 'reload') gate.append(reloadNotice(ctx));
    gate.append(renderLockArea(ctx, api, () => key));
  })();
  return gate;
}

/** Says the reload locked the key; gone once the key is unlocked. */
function reloadNotice(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const notice = element('p', { id: 'key-gate-reload', role: 'status', class: 'notice' }, [
    keyReleaseToken() === null ? t('keyGate.lockedNewWindow') : t('keyGate.lockedByReload'),
  ]);
  const unsubscribe = ctx.keys.onChange((reason) => {
    if (reason !== null && notice.isConnected) return;
    unsubscribe();
    notice.remove();
  });
  return notice;
}
