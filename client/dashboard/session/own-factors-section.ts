/**
 * The account page's second factors: each one with a way to remove it (asked first), adding a
 * security key or an authenticator app (the enrolment ceremonies of enrol-factor-view.ts), and
 * new recovery codes, shown once. The server asks for a fresh re-authentication before each
 * change (the API client opens the dialog and retries) and refuses to remove the last factor.
 * Key names were typed by the person: shown as text, isolated (bdi in the list, Unicode isolates
 * inside sentences) so right-to-left letters in a name cannot reorder the words around it, with
 * every invisible or direction control in the name made visible (displayText): a name holding
 * U+2069 would otherwise close the isolate early and let an override after it reverse the sentence.
 */
import { element } from '../../shared/dom';
import { displayText } from '../cases/safe-text';
import type { DashboardContext } from '../context';
import { button, confirmedAction, onClick, problemLine, statusLine } from '../controls';
import type { ApiOutcome } from './api-client';
import { renderTotpSetup, renderWebauthnRegistration } from './enrol-factor-view';
import { describeFailure } from './error-messages';
import { OwnFactorsApi, type OwnFactor, type OwnFactors } from './own-factors-api';
import { renderRecoveryCodesView } from './recovery-codes-view';
import type { FactorEnrolled } from './session-api';

/**
 * A factor's name inside a sentence: its controls made visible, between FIRST STRONG ISOLATE and
 * POP DIRECTIONAL ISOLATE.
 */
export function isolatedName(name: string): string {
  return `\u2068${displayText(name)}\u2069`;
}

export function renderOwnFactorsSection(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const api = new OwnFactorsApi(ctx.client);
  const summary = element('p', { id: 'account-factors' });
  const list = element('ul', {
    id: 'own-factors',
    class: 'own-factors',
    'aria-label': t('ownFactors.listLabel'),
  });
  const problem = problemLine('own-factors-problem');
  const status = statusLine('own-factors-status');
  // Where a ceremony or the new recovery codes are shown, one at a time.
  const panel = element('div', { id: 'own-factors-panel', class: 'panel' });
  panel.hidden = true;
  const closePanel = (): void => {
    panel.replaceChildren(); // a TOTP secret or recovery codes do not stay on screen
    panel.hidden = true;
  };
  const openPanel = (...children: Node[]): void => {
    panel.replaceChildren(...children);
    panel.hidden = false;
  };
  const totpButton = button(t('ownFactors.setUpTotp'), { id: 'own-factors-totp' });

  const show = (factors: OwnFactors): void => {
    const hasTotp = factors.factors.some((factor) => factor.kind === 'totp');
    summary.textContent = t('account.factors', {
      totp: hasTotp ? t('common.yes') : t('common.no'),
      webauthn: factors.factors.filter((factor) => factor.kind === 'webauthn').length,
      recovery: factors.recoveryCodesLeft,
    });
    totpButton.textContent = t(hasTotp ? 'ownFactors.replaceTotp' : 'ownFactors.setUpTotp');
    list.replaceChildren(...factors.factors.map((factor) => renderFactor(factor)));
  };
  const refresh = async (): Promise<void> => {
    const result = await api.list();
    if (result.ok) show(result.body);
    else problem.textContent = describeFailure(t, result);
  };
  const begin = (): void => {
    problem.textContent = '';
    status.textContent = '';
  };

  const renderFactor = (factor: OwnFactor): HTMLElement => {
    const name = factor.kind === 'totp' ? t('ownFactors.totp') : (factor.name ?? '');
    const inSentence = { name: isolatedName(name) };
    const holder = element('div', { class: 'actions' });
    confirmedAction(holder, {
      offer: button(t('ownFactors.remove'), { class: 'secondary remove-factor' }),
      question: t('ownFactors.removeQuestion', inSentence),
      yes: button(t('ownFactors.removeYes'), { class: 'danger remove-factor-yes' }),
      no: button(t('ownFactors.removeNo')),
      act: async (back) => {
        begin();
        const result = await api.remove(factor.id);
        back();
        if (!result.ok) {
          problem.textContent = describeFailure(t, result);
          return;
        }
        show(result.body);
        status.textContent = t('ownFactors.removed', inSentence);
      },
    });
    return element('li', { 'data-factor-kind': factor.kind }, [
      element('bdi', { class: 'factor-name' }, [displayText(name)]),
      ...(factor.addedOn === null
        ? []
        : [
            ' ',
            element('span', { class: 'hint' }, [t('ownFactors.addedOn', { day: factor.addedOn })]),
          ]),
      holder,
    ]);
  };

  const added = (result: ApiOutcome<FactorEnrolled>): void => {
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    closePanel();
    status.textContent = t('ownFactors.added');
    void refresh();
  };

  const addKey = button(t('ownFactors.addKey'), {
    id: 'own-factors-add-key',
    'aria-controls': 'own-factors-panel',
  });
  addKey.addEventListener('click', () => {
    begin();
    openPanel(renderWebauthnRegistration(ctx, problem, added));
    panel.querySelector('input')?.focus();
  });
  totpButton.setAttribute('aria-controls', 'own-factors-panel');
  // Once at a time: a double click would start two set-ups, the first one's QR code then void.
  onClick(totpButton, async () => {
    begin();
    closePanel();
    const setup = await ctx.session.setUpTotp();
    if (!setup.ok) {
      problem.textContent = describeFailure(t, setup);
      return;
    }
    openPanel(...renderTotpSetup(ctx, setup.body, added));
    panel.querySelector('canvas')?.scrollIntoView({ block: 'nearest' });
  });

  const recoveryHolder = element('div', { class: 'actions' });
  confirmedAction(recoveryHolder, {
    offer: button(t('ownFactors.recovery.renew'), { id: 'own-factors-recovery' }),
    question: t('ownFactors.recovery.question'),
    yes: button(t('ownFactors.recovery.yes'), { id: 'own-factors-recovery-yes' }, 'primary'),
    no: button(t('common.cancel')),
    act: async (back) => {
      begin();
      const result = await api.renewRecoveryCodes();
      back();
      if (!result.ok) {
        problem.textContent = describeFailure(t, result);
        return;
      }
      openPanel(
        renderRecoveryCodesView(t, result.body, () => {
          closePanel();
          status.textContent = t('ownFactors.recovery.done');
          void refresh();
        }),
      );
    },
  });

  const factors = ctx.current.factors;
  if (factors) {
    summary.textContent = t('account.factors', {
      totp: factors.totp ? t('common.yes') : t('common.no'),
      webauthn: factors.webauthn,
      recovery: factors.recoveryCodesLeft,
    });
  }
  void refresh();
  return element('section', { id: 'own-factors-section', 'aria-labelledby': 'own-factors-title' }, [
    element('h3', { id: 'own-factors-title' }, [t('ownFactors.title')]),
    element('p', { class: 'hint' }, [t('ownFactors.intro')]),
    summary,
    list,
    problem,
    status,
    element('div', { class: 'actions' }, [addKey, totpButton]),
    recoveryHolder,
    panel,
  ]);
}
