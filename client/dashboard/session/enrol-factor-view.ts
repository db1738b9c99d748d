/**
 * Adding a second factor: an authenticator app (the otpauth URI drawn as a QR code on a canvas,
 * the secret also shown in groups for typing by hand, then one code to confirm) or a security
 * key (WebAuthn registration). The first factor of an account comes with recovery codes.
 */
import { startRegistration } from '@simplewebauthn/browser';
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import {
  button,
  codeForm,
  fieldForm,
  onClick,
  problemLine,
  textInput,
  viewSection,
} from '../controls';
import { groupSecret } from '../format';
import type { ApiOutcome } from './api-client';
import { describeFailure } from './error-messages';
import { runWebauthnCeremony } from './webauthn-ceremony';
import type { FactorEnrolled } from './session-api';

export function renderEnrolFactorView(
  ctx: DashboardContext,
  onEnrolled: (enrolled: FactorEnrolled) => void,
): HTMLElement {
  const { t } = ctx;
  const problem = problemLine('enrol-problem');
  const totpArea = element('div', { id: 'enrol-totp', class: 'panel' });
  const webauthnArea = element('div', { id: 'enrol-webauthn', class: 'panel' });
  totpArea.hidden = true;
  webauthnArea.hidden = true;
  const finish = (result: ApiOutcome<FactorEnrolled>): void => {
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    onEnrolled(result.body);
  };

  const startTotp = button(t('enrol.totp.start'), {
    id: 'enrol-totp-start',
    'aria-controls': 'enrol-totp',
  });
  onClick(startTotp, async () => {
    problem.textContent = '';
    webauthnArea.hidden = true;
    const setup = await ctx.session.setUpTotp();
    if (!setup.ok) {
      problem.textContent = describeFailure(t, setup);
      return;
    }
    totpArea.replaceChildren(...renderTotpSetup(ctx, setup.body, finish));
    totpArea.hidden = false;
    totpArea.querySelector('canvas')?.scrollIntoView({ block: 'nearest' });
  });

  const startWebauthn = button(t('enrol.webauthn.start'), {
    id: 'enrol-webauthn-start',
    'aria-controls': 'enrol-webauthn',
  });
  startWebauthn.addEventListener('click', () => {
    problem.textContent = '';
    totpArea.hidden = true;
    totpArea.replaceChildren(); // the TOTP secret does not stay on screen
    webauthnArea.replaceChildren(renderWebauthnRegistration(ctx, problem, finish));
    webauthnArea.hidden = false;
    webauthnArea.querySelector('input')?.focus();
  });

  return viewSection('enrol-factor', t('enrol.title'), [
    element('p', {}, [t('enrol.intro')]),
    element('div', { class: 'actions' }, [startTotp, startWebauthn]),
    problem,
    totpArea,
    webauthnArea,
  ]);
}

/** The authenticator app's secret (QR code and text) and the form that confirms one code. */
export function renderTotpSetup(
  ctx: DashboardContext,
  setup: { secret: string; otpauthUri: string },
  finish: (result: ApiOutcome<FactorEnrolled>) => void,
): Node[] {
  const { t } = ctx;
  const canvas = element('canvas', {
    id: 'totp-qr',
    class: 'qr',
    role: 'img',
    'aria-label': t('enrol.totp.qrLabel'),
  });
  // The QR encoder is loaded only here, where it is needed.
  void import('./qr-code.js').then(({ drawQrCode }) => drawQrCode(canvas, setup.otpauthUri));
  const confirm = codeForm(
    'totp-confirm-form',
    'enrol-totp-code',
    { label: t('enrol.totp.code'), submit: t('enrol.totp.confirm') },
    async (code) => finish(await ctx.session.confirmTotp(code)),
  );
  return [
    element('p', {}, [t('enrol.totp.scan')]),
    canvas,
    element('p', { class: 'secret' }, [
      element('span', { id: 'totp-secret-label' }, [t('enrol.totp.secretLabel')]),
      ' ',
      element('code', { id: 'totp-secret', dir: 'ltr' }, [groupSecret(setup.secret)]),
    ]),
    confirm,
  ];
}

/** A name for the security key and the button that runs the registration ceremony. */
export function renderWebauthnRegistration(
  ctx: DashboardContext,
  problem: HTMLElement,
  finish: (result: ApiOutcome<FactorEnrolled>) => void,
): HTMLElement {
  const { t } = ctx;
  const name = textInput('security-key-name', { maxlength: '64' });
  name.value = t('enrol.webauthn.defaultName');
  return fieldForm(
    'webauthn-register-form',
    { label: t('enrol.webauthn.name'), submit: t('enrol.webauthn.register') },
    name,
    async () => {
      problem.textContent = '';
      const response = await runWebauthnCeremony(
        t,
        problem,
        () => ctx.session.webauthnRegistrationOptions(),
        startRegistration,
      );
      if (!response) return;
      finish(
        await ctx.session.registerWebauthn(
          response,
          name.value.trim() || t('enrol.webauthn.defaultName'),
        ),
      );
    },
  );
}
