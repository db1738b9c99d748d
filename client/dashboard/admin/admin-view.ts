/**
 * Administration: the recipient directory's expiry, invite staff, reset a lost second factor,
 * vet caseworker keys.
 */
import type { DashboardContext } from '../context';
import { viewSection } from '../controls';
import { AdminApi } from './admin-api';
import { renderDirectoryBanner } from './directory-banner';
import { renderInviteForm } from './invite-form';
import { createKeysTable } from './keys-table';
import { createUsersTable } from './users-table';

export function renderAdminView(ctx: DashboardContext): HTMLElement {
  const api = new AdminApi(ctx.client);
  const users = createUsersTable(ctx, api);
  const keys = createKeysTable(ctx, api);
  const view = viewSection('admin', ctx.t('admin.title'), [
    renderDirectoryBanner(ctx, api),
    renderInviteForm(ctx, api, () => void users.refresh()),
    users.element,
    keys.element,
  ]);
  void users.refresh().then(() => keys.refresh());
  return view;
}
