/**
 * The re-authentication dialog: sensitive routes answer `403 reauth_required` unless the person
 * proved themselves in the last minutes. It asks for the password plus an authenticator code, a
 * security key or a recovery code, calls `/api/auth/reauth`, and tells the API client whether to
 * retry. Calls that arrive while it is open share the same answer.
 *
 * A recovery code stands in for a lost app or key: it proves enough to add a factor, never to
 * remove, replace or renew one (the server answers reauth_factor_required). So the recovery-code
 * field is shown at once only to an account with no app and no key left, and otherwise only
 * behind "lost your app and keys?"; when the server asked for the app or key it is not offered at
 * all, so nobody burns a code on a change it cannot make.
 */
import { startAuthentication } from '@simplewebauthn/browser';
import { element } from '../../shared/dom';
import type { DashboardTranslate } from '../i18n';
import {
  button,
  codeInput,
  field,
  passwordInput,
  problemLine,
  submitButton,
  textInput,
} from '../controls';
import { normaliseCode } from '../format';
import { describeFailure } from './error-messages';
import { runWebauthnCeremony } from './webauthn-ceremony';
import type { ReauthNeed } from './api-client';
import type { SessionApi, SessionFactors } from './session-api';

/** Recovery codes are 16 characters in four groups; room for spaces instead of dashes. */
const RECOVERY_CODE_MAX_LENGTH = '24';

export class ReauthDialog {
  readonly element: HTMLDialogElement;
  #pending: Promise<boolean> | null = null;
  #settle: ((confirmed: boolean) => void) | null = null;
  readonly #password: HTMLInputElement;
  readonly #code: HTMLInputElement;
  readonly #codeField: HTMLElement;
  readonly #recoveryCode: HTMLInputElement;
  readonly #recoveryField: HTMLElement;
  readonly #useRecovery: HTMLButtonElement;
  readonly #factorRequired: HTMLElement;
  readonly #securityKey: HTMLButtonElement;
  readonly #problem: HTMLElement;

  constructor(
    private readonly t: DashboardTranslate,
    private readonly session: SessionApi,
    private readonly factors: () => SessionFactors | null,
  ) {
    this.#password = passwordInput('reauth-password', 'current-password');
    this.#code = codeInput('reauth-code');
    this.#codeField = field(t('reauth.code'), this.#code);
    this.#recoveryCode = textInput('reauth-recovery-code', {
      dir: 'ltr',
      class: 'code',
      maxlength: RECOVERY_CODE_MAX_LENGTH,
      spellcheck: 'false',
      autocapitalize: 'characters',
    });
    this.#recoveryField = field(
      t('secondFactor.recovery.label'),
      this.#recoveryCode,
      t('secondFactor.recovery.hint'),
    );
    this.#useRecovery = button(t('reauth.lostFactor'), {
      id: 'reauth-use-recovery',
      'aria-controls': 'reauth-recovery-code',
    });
    this.#factorRequired = element('p', { id: 'reauth-factor-required' }, [
      t('reauth.factorRequired'),
    ]);
    this.#problem = problemLine('reauth-problem');
    this.#securityKey = button(t('reauth.webauthn'), { id: 'reauth-security-key' });
    const cancel = button(t('common.cancel'), { id: 'reauth-cancel' });
    const formNode = element('form', { id: 'reauth-form', autocomplete: 'off', novalidate: '' }, [
      element('h2', { id: 'reauth-title' }, [t('reauth.title')]),
      element('p', {}, [t('reauth.intro')]),
      this.#factorRequired,
      field(t('reauth.password'), this.#password),
      this.#codeField,
      this.#recoveryField,
      this.#useRecovery,
      this.#problem,
      element('div', { class: 'actions' }, [
        submitButton(t('reauth.submit'), { id: 'reauth-submit' }),
        this.#securityKey,
        cancel,
      ]),
    ]);
    this.element = element('dialog', { 'data-view': 'reauth', 'aria-labelledby': 'reauth-title' }, [
      formNode,
    ]);
    formNode.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.confirmWithCode();
    });
    this.#securityKey.addEventListener('click', () => void this.confirmWithSecurityKey());
    this.#useRecovery.addEventListener('click', () => this.showRecoveryCode());
    cancel.addEventListener('click', () => this.finish(false));
    // Escape closes a modal dialog: that is a cancel.
    this.element.addEventListener('close', () => this.finish(false));
  }

  /** Whether a re-authentication is asked for and not answered yet. */
  get busy(): boolean {
    return this.#pending !== null;
  }

  /**
   * Opens the dialog (or joins the open one); true once re-authentication succeeded. `need`:
   * 'factor' when the server asked for the app or a key (reauth_factor_required).
   */
  async ask(need: ReauthNeed = 'any'): Promise<boolean> {
    if (this.#pending) return await this.#pending;
    this.#pending = new Promise<boolean>((resolve) => {
      this.#settle = resolve;
    });
    const pending = this.#pending;
    // The factors as they are now: the account page may have added or removed one since the
    // session view was read, and only the factors the account has are offered.
    const now = await this.session.current();
    const factors = now.ok && now.body.factors !== null ? now.body.factors : this.factors();
    if (this.#pending !== pending) return await pending; // dismissed meanwhile
    const hasApp = factors === null || factors.totp;
    const hasKey = factors === null || factors.webauthn > 0;
    const recovery = need === 'any' && (factors === null || factors.recoveryCodesLeft > 0);
    this.#codeField.hidden = !hasApp;
    this.#securityKey.hidden = !hasKey;
    this.#recoveryField.hidden = !recovery || hasApp || hasKey;
    this.#useRecovery.hidden = !recovery || !this.#recoveryField.hidden;
    this.#factorRequired.hidden = need !== 'factor';
    this.#problem.textContent = '';
    if (!this.element.open) this.element.showModal();
    this.#password.focus();
    return await pending;
  }

  /** "Lost your app and keys?": the recovery code instead of the app's code and the key. */
  private showRecoveryCode(): void {
    this.#codeField.hidden = true;
    this.#securityKey.hidden = true;
    this.#useRecovery.hidden = true;
    this.#recoveryField.hidden = false;
    this.#recoveryCode.focus();
  }

  /** Closes without success (e.g. on sign-out or session expiry). */
  dismiss(): void {
    this.finish(false);
  }

  private finish(confirmed: boolean): void {
    const settle = this.#settle;
    this.#settle = null;
    this.#pending = null;
    this.#password.value = '';
    this.#code.value = '';
    this.#recoveryCode.value = '';
    if (this.element.open) this.element.close();
    settle?.(confirmed);
  }

  private setBusy(busy: boolean): void {
    for (const control of this.element.querySelectorAll('button')) control.disabled = busy;
  }

  /** With the recovery code when that field is shown, else the app's code. */
  private async confirmWithCode(): Promise<void> {
    const code = this.#recoveryField.hidden
      ? normaliseCode(this.#code.value)
      : this.#recoveryCode.value.trim();
    if (this.#password.value === '' || code === '') {
      this.#problem.textContent = this.t('reauth.needCode');
      return;
    }
    this.setBusy(true);
    const result = await this.session.reauthWithCode(this.#password.value, code);
    this.setBusy(false);
    this.#code.value = '';
    this.#recoveryCode.value = '';
    if (!result.ok) {
      this.#problem.textContent = describeFailure(this.t, result);
      return;
    }
    this.finish(true);
  }

  private async confirmWithSecurityKey(): Promise<void> {
    if (this.#password.value === '') {
      this.#problem.textContent = this.t('reauth.needCode');
      this.#password.focus();
      return;
    }
    this.setBusy(true);
    try {
      const response = await runWebauthnCeremony(
        this.t,
        this.#problem,
        () => this.session.reauthOptions(),
        startAuthentication,
      );
      if (!response) return;
      const result = await this.session.reauthWithWebauthn(this.#password.value, response);
      if (!result.ok) {
        this.#problem.textContent = describeFailure(this.t, result);
        return;
      }
      this.finish(true);
    } finally {
      this.setBusy(false);
    }
  }
}
