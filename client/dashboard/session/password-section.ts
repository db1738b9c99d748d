/**
 * The account page's password change. A changed password ends every session of the account,
 * this one included, so the person signs in again.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { field, passwordInput, problemLine, titledForm } from '../controls';
import { describeFailure } from './error-messages';
import { newPasswordAccepted, newPasswordFields } from './password-rules';

export function renderPasswordSection(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const current = passwordInput('current-password', 'current-password', { required: '' });
  const {
    password: next,
    repeat,
    fields,
  } = newPasswordFields(t, 'new-password', {
    password: t('account.password.new'),
    repeat: t('account.password.repeat'),
  });
  const problem = problemLine('password-problem');
  return titledForm(
    'password',
    { title: t('account.password.title'), submit: t('account.password.submit') },
    [
      element('p', { class: 'hint' }, [t('account.password.note')]),
      field(t('account.password.current'), current),
      ...fields,
      problem,
    ],
    async () => {
      if (!newPasswordAccepted(t, problem, next, repeat)) return;
      const result = await ctx.session.changePassword(current.value, next.value);
      current.value = '';
      if (!result.ok) {
        problem.textContent = describeFailure(t, result);
        return;
      }
      next.value = '';
      repeat.value = '';
      ctx.keys.lock('signed-out');
      ctx.client.useCsrfToken(null);
      ctx.route(
        {
          stage: 'none',
          csrfToken: null,
          user: null,
          factors: null,
          idleTimeoutSeconds: ctx.current.idleTimeoutSeconds,
        },
        (tr) => tr('notice.passwordChanged'),
      );
    },
  );
}
