/**
 * Alerts, for admins: the hosts staff webhooks may reach (the notifier refuses any other, and any
 * private or loopback address unless the host is marked so), and the deliveries that keep failing
 * (who, which channel, how often, the last error's code, when the next try is due). Host names,
 * user names and error codes come from the server and are rendered as text only.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import {
  button,
  checkboxField,
  field,
  form,
  onClick,
  outcomeLines,
  scrollRegion,
  submitButton,
  textInput,
} from '../controls';
import { describeFailure } from '../session/error-messages';
import { adminListTable, type AdminTable } from './admin-table';
import { AlertsAdminApi, type AlertFailure, type WebhookHost } from './alerts-admin-api';

export function renderWebhookHostsSection(ctx: DashboardContext, api: AlertsAdminApi): HTMLElement {
  const { t } = ctx;
  const { problem, status } = outcomeLines('webhook-hosts');
  const body = element('tbody');
  const table = element(
    'table',
    { id: 'webhook-hosts-table', 'aria-labelledby': 'webhook-hosts-title' },
    [
      element('thead', {}, [
        element('tr', {}, [
          element('th', { scope: 'col' }, [t('admin.alerts.host')]),
          element('th', { scope: 'col' }, [t('admin.alerts.allowPrivate')]),
          element('th', { scope: 'col' }, [t('admin.keys.actions')]),
        ]),
      ]),
      body,
    ],
  );
  // The list being edited: nothing changes on the server until Save.
  let draft: WebhookHost[] = [];

  const renderRows = (): void => {
    body.replaceChildren(
      ...(draft.length === 0
        ? [element('tr', {}, [element('td', { colspan: '3' }, [t('admin.alerts.noHosts')])])]
        : draft.map((entry, index) => {
            const remove = button(t('admin.alerts.remove'), {
              'data-action': 'remove-host',
              'aria-label': t('admin.alerts.removeHost', { host: entry.host }),
            });
            remove.addEventListener('click', () => {
              draft = draft.filter((_, at) => at !== index);
              status.textContent = t('admin.alerts.unsaved');
              renderRows();
            });
            return element('tr', { 'data-host': entry.host }, [
              element('th', { scope: 'row', dir: 'ltr' }, [entry.host]),
              element('td', {}, [entry.allowPrivate ? t('common.yes') : t('common.no')]),
              element('td', {}, [remove]),
            ]);
          })),
    );
  };

  const load = async (): Promise<void> => {
    const result = await api.webhookHosts();
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    draft = result.body;
    renderRows();
  };

  const host = textInput('webhook-host', { dir: 'ltr', maxlength: '253' });
  const allowPrivate = checkboxField(
    'webhook-host-private',
    t('admin.alerts.allowPrivateHint'),
    false,
  );
  const addForm = form(
    'webhook-host-form',
    [
      field(t('admin.alerts.host'), host, t('admin.alerts.hostHint')),
      allowPrivate.element,
      submitButton(t('admin.alerts.add'), { id: 'webhook-host-add' }),
    ],
    // Only the draft changes here; the server sees the list on Save.
    () => {
      const name = host.value.trim().toLowerCase();
      if (name === '') return Promise.resolve();
      draft = [
        ...draft.filter((entry) => entry.host !== name),
        { host: name, allowPrivate: allowPrivate.input.checked },
      ];
      host.value = '';
      allowPrivate.input.checked = false;
      status.textContent = t('admin.alerts.unsaved');
      renderRows();
      return Promise.resolve();
    },
  );

  const save = button(t('admin.alerts.save'), { id: 'webhook-hosts-save' }, 'primary');
  onClick(save, async () => {
    problem.textContent = '';
    status.textContent = '';
    const result = await api.saveWebhookHosts(draft);
    if (!result.ok) {
      problem.textContent = describeFailure(t, result);
      return;
    }
    draft = result.body;
    renderRows();
    status.textContent = t('admin.alerts.saved');
  });

  void load();
  return element('section', { id: 'admin-webhook-hosts' }, [
    element('h3', { id: 'webhook-hosts-title' }, [t('admin.alerts.hostsTitle')]),
    element('p', { class: 'hint' }, [t('admin.alerts.hostsNote')]),
    problem,
    status,
    scrollRegion(table, 'webhook-hosts-title'),
    addForm,
    save,
  ]);
}

export function createAlertFailuresTable(ctx: DashboardContext, api: AlertsAdminApi): AdminTable {
  const { t } = ctx;
  return adminListTable(t, 'alert-failures', {
    title: t('admin.alerts.failuresTitle'),
    notes: [element('p', { class: 'hint' }, [t('admin.alerts.failuresNote')])],
    columns: [
      t('admin.alerts.who'),
      t('admin.alerts.channel'),
      t('admin.alerts.attempts'),
      t('admin.alerts.error'),
      t('admin.alerts.nextAttempt'),
      t('admin.alerts.state'),
    ],
    empty: t('admin.alerts.noFailures'),
    load: () => api.failures(),
    renderRow: (failure: AlertFailure) =>
      element('tr', { 'data-state': failure.state, 'data-channel': failure.channel }, [
        element('th', { scope: 'row', dir: 'auto' }, [failure.username ?? t('admin.alerts.gone')]),
        element('td', {}, [
          failure.channel === 'email'
            ? t('admin.alerts.channelEmail')
            : t('admin.alerts.channelWebhook'),
        ]),
        element('td', {}, [String(failure.attempts)]),
        element('td', { dir: 'ltr' }, [element('code', {}, [failure.lastError])]),
        element('td', { dir: 'ltr' }, [failure.nextAttemptAt ?? '—']),
        element('td', {}, [
          failure.state === 'retrying' ? t('admin.alerts.retrying') : t('admin.alerts.givenUp'),
        ]),
      ]),
  });
}
