/**
 * Accepting an invitation: the token came from the URL fragment (already removed from the
 * address bar); the person chooses a password and the account then needs a second factor.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { field, form, passwordInput, problemLine, submitButton, viewSection } from '../controls';
import { describeFailure } from './error-messages';
import { newPasswordAccepted } from './password-rules';

export function renderInviteView(ctx: DashboardContext, token: string): HTMLElement {
  const { t } = ctx;
  const password = passwordInput('invite-password', 'new-password', { required: '' });
  const repeat = passwordInput('invite-password-repeat', 'new-password', { required: '' });
  const problem = problemLine('invite-problem');
  const inviteForm = form(
    'invite-form',
    [
      field(t('invite.password'), password, t('password.rules')),
      field(t('invite.passwordRepeat'), repeat),
      problem,
      submitButton(t('invite.submit'), { id: 'invite-submit' }),
    ],
    async () => {
      if (!newPasswordAccepted(t, problem, password, repeat)) return;
      const result = await ctx.session.acceptInvite(token, password.value);
      if (!result.ok) {
        problem.textContent = describeFailure(t, result);
        return;
      }
      password.value = '';
      repeat.value = '';
      ctx.route(result.body);
    },
  );
  return viewSection('invite', t('invite.title'), [
    element('p', {}, [t('invite.intro')]),
    inviteForm,
  ]);
}
