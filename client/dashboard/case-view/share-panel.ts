/**
 * Who can read this case, and giving a colleague access (docs/design.md "Sharing and offboarding"):
 * the colleague's key is taken from the verified recipient directory (never from the server's
 * word), every message's key packets are re-wrapped here with the unlocked key, and only the new
 * key packets are uploaded; bodies are never re-encrypted. Sharing needs re-authentication; the
 * API client shows the dialog. Also the export of the whole case for offline decryption.
 */
import { element } from '../../shared/dom';
import type { CaseAccess, CaseApi, SharedPacket } from '../cases/case-api';
import { loadVerifiedDirectory } from '../cases/case-crypto';
import { saveBytes } from '../cases/save-file';
import { displayText } from '../cases/safe-text';
import type { DashboardContext } from '../context';
import { button, casePanel, confirmedAction, onClick, outcomeLines } from '../controls';
import { groupFingerprint } from '../format';
import { loadCrypto } from '../keys/key-passphrases';
import { describeFailure } from '../session/error-messages';

export function renderAccessPanel(
  ctx: DashboardContext,
  api: CaseApi,
  caseId: string,
): HTMLElement {
  const { t } = ctx;
  const list = element('ul', { id: 'access-list', class: 'access' });
  const { problem, status } = outcomeLines('access');
  const refresh = button(t('common.refresh'), { id: 'access-refresh' });
  const panel = casePanel('case-access', t('access.title'), [
    element('p', { class: 'hint' }, [t('access.intro')]),
    list,
    problem,
    status,
    refresh,
  ]);

  const load = async (): Promise<void> => {
    const result = await api.access(caseId);
    if (!panel.isConnected) return;
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    list.replaceChildren(
      ...(result.body.length === 0
        ? [element('li', {}, [t('access.none')])]
        : result.body.map((entry) => renderEntry(entry))),
    );
  };

  const renderEntry = (entry: CaseAccess): HTMLElement => {
    const name = entry.owner ?? entry.label;
    const actions = element('div', { class: 'actions' });
    if (!entry.canRead) {
      confirmedAction(actions, {
        offer: button(t('access.share'), {
          'data-action': 'share',
          'aria-label': t('access.shareWith', { name }),
        }),
        question: t('access.shareConfirm', {
          name,
          fingerprint: groupFingerprint(entry.fingerprint),
        }),
        yes: button(t('access.shareYes'), { 'data-action': 'confirm-share' }, 'primary'),
        no: button(t('common.cancel'), { 'data-action': 'cancel-share' }),
        act: async (back) => {
          await shareWith(entry);
          back();
        },
      });
    }
    return element(
      'li',
      {
        'data-fingerprint': entry.fingerprint,
        'data-can-read': String(entry.canRead),
      },
      [
        element('p', {}, [
          element('strong', { dir: 'auto' }, [displayText(name)]),
          ' ',
          element('span', { class: 'fingerprint', dir: 'ltr' }, [
            groupFingerprint(entry.fingerprint),
          ]),
        ]),
        element('p', { class: entry.canRead ? 'access-yes' : 'access-no' }, [
          entry.canRead ? t('access.canRead') : t('access.cannotRead'),
        ]),
        actions,
      ],
    );
  };

  const shareWith = async (entry: CaseAccess): Promise<void> => {
    problem.textContent = '';
    status.textContent = '';
    const handle = ctx.keys.unlocked;
    if (!handle) {
      problem.textContent = t('error.key_locked');
      return;
    }
    const directory = await loadVerifiedDirectory(api);
    if (!directory.ok) {
      problem.textContent = describeFailure(t, { code: directory.code });
      return;
    }
    // Security: the colleague's key from the organisation-signed directory, not from the server.
    const recipient = directory.directory.recipients.find(
      (candidate) => candidate.fingerprint === entry.fingerprint,
    );
    if (!recipient) {
      problem.textContent = t('access.notInDirectory');
      return;
    }
    const items = await api.keyPackets(caseId);
    if (!items.ok) {
      problem.textContent = describeFailure(t, items);
      return;
    }
    const crypto = await loadCrypto();
    const packets: SharedPacket[] = [];
    let unreadable = 0;
    for (const [index, item] of items.body.entries()) {
      status.textContent = t('access.rewrapping', { done: index, total: items.body.length });
      if (ctx.keys.unlocked !== handle) {
        status.textContent = '';
        problem.textContent = t('error.key_locked');
        return;
      }
      try {
        // Already readable by the colleague: the server would refuse a second packet.
        const existing = await crypto.recipientKeyIdsOf(item.pkesks);
        if (entry.encryptionKeyIds.some((keyId) => existing.includes(keyId))) continue;
        const pkesk = await crypto.rewrapKeyPackets(handle, item.pkesks, recipient.publicKey);
        const [newKeyId] = await crypto.recipientKeyIdsOf(pkesk);
        if (newKeyId !== undefined && existing.includes(newKeyId)) continue;
        packets.push({ target: item.target, id: item.id, pkesk });
      } catch {
        unreadable += 1;
      }
    }
    if (packets.length === 0) {
      status.textContent = '';
      problem.textContent = unreadable > 0 ? t('access.nothingReadable') : t('access.nothingToAdd');
      await load();
      return;
    }
    status.textContent = t('access.uploading');
    const result = await api.share(caseId, entry.fingerprint, packets);
    if (!result.ok) {
      status.textContent = '';
      problem.textContent = describeFailure(t, result);
      return;
    }
    status.textContent =
      unreadable > 0
        ? t('access.sharedPartly', { count: unreadable })
        : t('access.shared', { name: entry.owner ?? entry.label });
    await load();
  };

  onClick(refresh, load);
  void load();
  return panel;
}

export function renderExportPanel(
  ctx: DashboardContext,
  api: CaseApi,
  caseId: string,
): HTMLElement {
  const { t } = ctx;
  const { problem, status } = outcomeLines('export');
  const exportButton = button(t('export.button'), { id: 'case-export-button' });
  onClick(exportButton, async () => {
    problem.textContent = '';
    status.textContent = t('export.working');
    const result = await api.export(caseId);
    if (!result.ok) {
      status.textContent = '';
      problem.textContent = describeFailure(t, result);
      return;
    }
    // Our own name from the case id (32 hex), never one the server sends.
    saveBytes(result.body, `amanat-case-${caseId.replace(/[^0-9a-f]/g, '')}.tar`);
    status.textContent = t('export.done');
  });
  return casePanel('case-export', t('export.title'), [
    element('p', { class: 'hint' }, [t('export.intro')]),
    exportButton,
    problem,
    status,
  ]);
}
