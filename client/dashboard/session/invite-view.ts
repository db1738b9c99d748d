/**
 * Accepting an invitation: the token came from the URL fragment (already removed from the
 * address bar); the page names the account the link is for, as the server has it, the person
 * chooses a password and the account then needs a second factor. The username sits in the form
 * (read-only, autocomplete=username) so a password manager saves the new password under it.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { field, form, problemLine, submitButton, textInput, viewSection } from '../controls';
import { describeFailure } from './error-messages';
import { lookUpInvitation } from './invitation-api';
import { newPasswordAccepted, newPasswordFields } from './password-rules';

export function renderInviteView(ctx: DashboardContext, token: string): HTMLElement {
  const { t } = ctx;
  const { password, repeat, fields } = newPasswordFields(t, 'invite-password', {
    password: t('invite.password'),
    repeat: t('invite.passwordRepeat'),
  });
  const problem = problemLine('invite-problem');
  const username = textInput('invite-username', {
    autocomplete: 'username',
    readonly: '',
    dir: 'ltr',
  });
  const inviteForm = form(
    'invite-form',
    [
      field(t('login.username'), username),
      ...fields,
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
  // A link that can no longer be used says so before a password is typed.
  void lookUpInvitation(ctx.client, token).then((result) => {
    if (result.ok) username.value = result.body.username;
    else problem.textContent = describeFailure(t, result);
  });
  return viewSection('invite', t('invite.title'), [
    element('p', {}, [t('invite.intro')]),
    inviteForm,
  ]);
}
