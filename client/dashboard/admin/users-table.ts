/**
 * Staff accounts, with "reset second factor" (for someone who lost theirs): a two-step action,
 * because it signs the person out everywhere. The server asks for re-authentication.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { button, confirmedAction } from '../controls';
import type { DashboardMessageKey } from '../i18n';
import type { AdminApi, StaffUser } from './admin-api';
import { adminListTable, runRowAction, type AdminTable, type TableRows } from './admin-table';
import { renderInvitation } from './invite-form';

const USER_STATUS_KEYS: Readonly<Record<string, DashboardMessageKey>> = {
  invited: 'admin.users.status.invited',
  active: 'admin.users.status.active',
  disabled: 'admin.users.status.disabled',
};

export function createUsersTable(ctx: DashboardContext, api: AdminApi): AdminTable {
  const { t } = ctx;
  const resetLink = element('div', { id: 'reset-invite', class: 'panel' });
  resetLink.hidden = true;

  const renderRow = (user: StaffUser, rows: TableRows): HTMLElement => {
    const actions = element('td', {});
    confirmedAction(actions, {
      offer: button(t('admin.users.reset'), {
        'data-action': 'reset-factors',
        'aria-label': t('admin.users.resetFor', { username: user.username }),
      }),
      question: t('admin.users.resetConfirm', { username: user.username }),
      yes: button(t('admin.users.resetYes'), { 'data-action': 'confirm-reset' }, 'danger'),
      no: button(t('common.cancel'), { 'data-action': 'cancel-reset' }),
      act: async (back) => {
        resetLink.hidden = true;
        resetLink.replaceChildren();
        const result = await runRowAction(
          t,
          rows,
          {
            run: () => api.resetFactors(user.id),
            done: t('admin.users.resetDone', { username: user.username }),
          },
          back,
        );
        if (result.ok && result.body) {
          // The account is back to "invited": the person needs this new link.
          resetLink.replaceChildren(
            element('p', {}, [t('admin.users.resetLink', { username: user.username })]),
            ...renderInvitation(ctx, result.body.token, result.body.expiresAt, 'reset-invite'),
          );
          resetLink.hidden = false;
        }
      },
    });
    const statusKey = USER_STATUS_KEYS[user.status];
    return element('tr', { 'data-user-id': user.id, 'data-username': user.username }, [
      element('th', { scope: 'row', dir: 'ltr' }, [user.username]),
      element('td', {}, [t(`role.${user.role}`)]),
      element('td', { 'data-status': user.status }, [statusKey ? t(statusKey) : user.status]),
      element('td', {}, [
        t('admin.users.factorSummary', {
          totp: user.factors.totp ? t('common.yes') : t('common.no'),
          webauthn: user.factors.webauthn,
        }),
      ]),
      actions,
    ]);
  };

  return adminListTable(t, 'users', {
    title: t('admin.users.title'),
    panel: resetLink,
    columns: [
      t('admin.users.username'),
      t('admin.users.role'),
      t('admin.users.status'),
      t('admin.users.factors'),
      t('admin.users.actions'),
    ],
    empty: t('admin.users.none'),
    load: () => api.users(),
    renderRow,
  });
}
