/**
 * Administration: the recipient directory's expiry, invite staff, reset a lost second factor,
 * vet caseworker keys, the alerts' webhook allow-list and failing deliveries.
 */
import type { DashboardContext } from '../context';
import { viewSection } from '../controls';
import { AdminApi } from './admin-api';
import { createAlertFailuresTable, renderWebhookHostsSection } from './alerts-admin';
import { AlertsAdminApi } from './alerts-admin-api';
import { renderDirectoryBanner } from './directory-banner';
import { renderInviteForm } from './invite-form';
import { createKeysTable } from './keys-table';
import { createUsersTable } from './users-table';

export function renderAdminView(ctx: DashboardContext): HTMLElement {
  const api = new AdminApi(ctx.client);
  const users = createUsersTable(ctx, api);
  const keys = createKeysTable(ctx, api);
  const alertsApi = new AlertsAdminApi(ctx.client);
  const failures = createAlertFailuresTable(ctx, alertsApi);
  const view = viewSection('admin', ctx.t('admin.title'), [
    renderDirectoryBanner(ctx, api),
    renderInviteForm(ctx, api, () => void users.refresh()),
    users.element,
    keys.element,
    renderWebhookHostsSection(ctx, alertsApi),
    failures.element,
  ]);
  void users
    .refresh()
    .then(() => keys.refresh())
    .then(() => failures.refresh());
  return view;
}
