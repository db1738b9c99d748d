/** Sign-in with username and password; the second factor follows in its own view. */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import {
  field,
  form,
  passwordInput,
  problemLine,
  submitButton,
  textInput,
  viewSection,
} from '../controls';
import { describeFailure } from './error-messages';

export function renderLoginView(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const username = textInput('login-username', { autocomplete: 'username', required: '' });
  const password = passwordInput('login-password', 'current-password', { required: '' });
  const problem = problemLine('login-problem');
  const loginForm = form(
    'login-form',
    [
      field(t('login.username'), username),
      field(t('login.password'), password),
      problem,
      submitButton(t('login.submit'), { id: 'login-submit' }),
    ],
    async () => {
      problem.textContent = '';
      if (username.value.trim() === '' || password.value === '') {
        problem.textContent = t('error.login_failed');
        return;
      }
      const result = await ctx.session.login(username.value.trim(), password.value);
      password.value = '';
      if (!result.ok) {
        problem.textContent = describeFailure(t, result);
        password.focus();
        return;
      }
      ctx.route(result.body);
    },
  );
  return viewSection('login', t('login.title'), [
    loginForm,
    element('p', { class: 'hint' }, [t('login.inviteHint')]),
  ]);
}
