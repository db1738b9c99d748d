/**
 * The second step of sign-in: a code from the authenticator app, a security key, or a
 * one-time recovery code. Each success yields a new session (stage `full`).
 */
import { startAuthentication } from '@simplewebauthn/browser';
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { button, codeForm, onClick, problemLine, viewSection } from '../controls';
import type { ApiOutcome } from './api-client';
import { describeFailure } from './error-messages';
import { renderRecoveryCodeForm } from './recovery-code-form';
import { runWebauthnCeremony } from './webauthn-ceremony';
import type { SessionView } from './session-api';

export function renderSecondFactorView(ctx: DashboardContext, view: SessionView): HTMLElement {
  const { t } = ctx;
  const problem = problemLine('second-factor-problem');
  const finish = (result: ApiOutcome<SessionView>): void => {
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    ctx.route(result.body);
  };

  const totpForm = codeForm(
    'totp-form',
    'totp-code',
    { label: t('secondFactor.totp.label'), submit: t('secondFactor.totp.submit') },
    async (code) => {
      problem.textContent = '';
      finish(await ctx.session.verifyTotp(code));
    },
  );

  const securityKey = button(t('secondFactor.webauthn.button'), { id: 'use-security-key' });
  onClick(securityKey, async () => {
    problem.textContent = '';
    const response = await runWebauthnCeremony(
      t,
      problem,
      () => ctx.session.webauthnSignInOptions(),
      startAuthentication,
    );
    if (!response) return;
    finish(await ctx.session.verifyWebauthn(response));
  });

  const recovery = renderRecoveryCodeForm(t, async (code) => {
    problem.textContent = '';
    finish(await ctx.session.verifyRecoveryCode(code));
  });

  // Unknown factors (an older server): offer every way rather than none.
  const factors = view.factors;
  const hasTotp = factors === null || factors.totp;
  const hasWebauthn = factors === null || factors.webauthn > 0;
  return viewSection('second-factor', t('secondFactor.title'), [
    element('p', {}, [t('secondFactor.intro')]),
    ...(hasTotp ? [totpForm] : []),
    element('div', { class: 'actions' }, [...(hasWebauthn ? [securityKey] : []), recovery.toggle]),
    recovery.form,
    problem,
  ]);
}
