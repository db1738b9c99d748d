/**
 * What the case view says about the reply key, above the reply composer (reply-key-check.ts):
 * bound to the report, confirmed by a caseworker, a legacy report still to confirm (once, on
 * purpose: the confirmation is signed with the caseworker's key, stored for every caseworker and
 * recorded in the case history), or a tampering warning. Nothing here sends a reply.
 */
import { element } from '../../shared/dom';
import type { CaseApi } from '../cases/case-api';
import type { DashboardContext } from '../context';
import { button, confirmedAction, outcomeLines } from '../controls';
import { groupFingerprint } from '../format';
import { loadCrypto } from '../keys/key-passphrases';
import { describeError, describeFailure } from '../session/error-messages';
import type { ReplyKeyCheck } from './reply-key-check';

export function renderReplyKeyPanel(
  ctx: DashboardContext,
  api: CaseApi,
  caseId: string,
  check: ReplyKeyCheck,
  onConfirmed: () => Promise<void>,
): HTMLElement {
  const { t } = ctx;
  const panel = element('div', { id: 'reply-key', 'data-state': check.state });
  switch (check.state) {
    case 'none':
      break;
    case 'unchecked':
      panel.append(element('p', { class: 'hint' }, [t('replyKey.unchecked')]));
      break;
    case 'bound':
      panel.append(
        element('p', { class: 'hint' }, [
          t('replyKey.bound', { fingerprint: groupFingerprint(check.fingerprint) }),
        ]),
      );
      break;
    case 'confirmed':
      panel.append(
        element('p', { class: 'hint' }, [
          t('replyKey.confirmed', {
            label: check.confirmedBy.label,
            day: check.confirmedBy.signedOn,
            fingerprint: groupFingerprint(check.fingerprint),
          }),
        ]),
      );
      break;
    case 'mismatch':
      // Security: the stored key is not the reporter's; every reply send is refused as well.
      panel.append(
        element('p', { id: 'reply-key-warning', class: 'notice-box', role: 'alert' }, [
          t('replyKey.mismatch'),
        ]),
      );
      break;
    case 'legacy':
      if (check.stored === null) {
        panel.append(element('p', { class: 'notice-box' }, [t('replyKey.legacyUnusable')]));
        break;
      }
      panel.append(
        element('p', { class: 'notice-box' }, [
          t('replyKey.legacy', { fingerprint: groupFingerprint(check.stored) }),
        ]),
        renderConfirmation(ctx, { api, caseId, onConfirmed }, check.stored),
      );
      break;
  }
  return panel;
}

/** "Confirm this reply key" → the fingerprint again and a deliberate yes → signed and stored. */
function renderConfirmation(
  ctx: DashboardContext,
  target: {
    readonly api: CaseApi;
    readonly caseId: string;
    /** Redraws the case once the confirmation is stored. */
    readonly onConfirmed: () => Promise<void>;
  },
  stored: string,
): HTMLElement {
  const { t } = ctx;
  const { api, caseId, onConfirmed } = target;
  const actions = element('div', { class: 'actions' });
  const { problem, status } = outcomeLines('reply-key');

  const confirm = async (): Promise<boolean> => {
    problem.textContent = '';
    const handle = ctx.keys.unlocked;
    if (!handle) {
      problem.textContent = t('error.key_locked');
      return false;
    }
    status.textContent = t('replyKey.confirming');
    let signed: string;
    try {
      const crypto = await loadCrypto();
      signed = await crypto.signReplyKeyConfirmation(handle, caseId, stored);
    } catch (error) {
      status.textContent = '';
      problem.textContent = describeError(t, error);
      return false;
    }
    const result = await api.confirmReplyKey(caseId, stored, signed);
    if (!result.ok) {
      status.textContent = '';
      problem.textContent = describeFailure(t, result);
      return false;
    }
    status.textContent = t('replyKey.confirmedNow');
    return true;
  };
  confirmedAction(actions, {
    offer: button(t('replyKey.confirm'), { id: 'reply-key-confirm' }),
    question: t('replyKey.confirmPrompt', { fingerprint: groupFingerprint(stored) }),
    yes: button(t('replyKey.confirmYes'), { id: 'reply-key-confirm-yes' }, 'primary'),
    no: button(t('common.cancel'), { id: 'reply-key-confirm-cancel' }),
    act: async (back) => {
      if (await confirm()) await onConfirmed();
      else back();
    },
  });
  return element('div', { class: 'reply-key-confirmation' }, [actions, problem, status]);
}
