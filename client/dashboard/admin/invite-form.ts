/**
 * Inviting a staff member: a pseudonymous username and a role. The link carries the token in
 * its fragment; the admin passes it on through a channel they trust.
 */
import { STAFF_ROLES, type StaffRole } from '../../../contract/vocabulary';
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { button, field, problemLine, statusLine, textInput, titledForm } from '../controls';
import { describeFailure } from '../session/error-messages';
import { invitationLink, type AdminApi } from './admin-api';

const USERNAME = /^[A-Za-z0-9._-]{3,64}$/;

export function renderInviteForm(
  ctx: DashboardContext,
  api: AdminApi,
  onInvited: () => void,
): HTMLElement {
  const { t } = ctx;
  const username = textInput('new-invite-username', { maxlength: '64', dir: 'ltr' });
  const role = element(
    'select',
    { id: 'new-invite-role', name: 'new-invite-role' },
    STAFF_ROLES.map((value) => element('option', { value }, [t(`role.${value}`)])),
  );
  role.value = 'caseworker';
  const problem = problemLine('new-invite-problem');
  const result = element('div', { id: 'new-invite-result', class: 'panel' });
  result.hidden = true;
  return titledForm(
    'new-invite',
    { title: t('admin.invite.title'), submit: t('admin.invite.submit') },
    [
      field(t('admin.invite.username'), username, t('admin.invite.usernameHint')),
      field(t('admin.invite.role'), role),
      problem,
    ],
    async () => {
      problem.textContent = '';
      result.hidden = true;
      result.replaceChildren();
      const name = username.value.trim();
      if (!USERNAME.test(name)) {
        problem.textContent = t('admin.invite.usernameInvalid');
        return;
      }
      const chosenRole = STAFF_ROLES.find((candidate) => candidate === role.value) ?? 'caseworker';
      const created = await api.createInvite(name, chosenRole satisfies StaffRole);
      if (!created.ok) {
        problem.textContent = describeFailure(t, created);
        return;
      }
      username.value = '';
      result.replaceChildren(
        ...renderInvitation(ctx, created.body.token, created.body.expiresAt, 'new-invite'),
      );
      result.hidden = false;
      onInvited();
    },
    [result],
  );
}

/** The invitation link in a read-only field with a copy button; ids start with `idPrefix`. */
export function renderInvitation(
  ctx: DashboardContext,
  token: string,
  expiresAt: string,
  idPrefix: string,
): Node[] {
  const { t } = ctx;
  const link = textInput(`${idPrefix}-link`, { readonly: '', dir: 'ltr', class: 'link' });
  link.value = invitationLink(window.location.origin, token);
  link.addEventListener('focus', () => link.select());
  const copied = statusLine(`${idPrefix}-copied`);
  const copy = button(t('admin.invite.copy'), { id: `${idPrefix}-copy` });
  copy.addEventListener('click', () => {
    link.select();
    void navigator.clipboard?.writeText(link.value).then(
      () => {
        copied.textContent = t('admin.invite.copied');
      },
      () => undefined,
    );
  });
  const expires = new Date(expiresAt);
  const expiry = Number.isNaN(expires.getTime())
    ? expiresAt
    : expires.toLocaleString(ctx.locale, { dateStyle: 'medium', timeStyle: 'short' });
  return [
    field(t('admin.invite.link'), link, t('admin.invite.linkHint', { expiresAt: expiry })),
    copy,
    copied,
  ];
}
