/**
 * Caseworker keys and their vetting. Vetting is two-step: the admin confirms that the owner read
 * them the fingerprint through another channel. A vetted key reaches reporters only after the
 * next directory is signed offline: directory:export on the server, directory:sign-offline (or
 * gpg --sign --armor) on the offline machine, directory:import on the server.
 */
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { button, confirmedAction } from '../controls';
import { groupFingerprint } from '../format';
import type { DashboardMessageKey } from '../i18n';
import type { AdminApi, StaffKey } from './admin-api';
import { adminListTable, runRowAction, type AdminTable, type TableRows } from './admin-table';

const KEY_STATUS_KEYS: Readonly<Record<string, DashboardMessageKey>> = {
  pending: 'keys.status.pending',
  active: 'keys.status.active',
  removed: 'keys.status.removed',
};

/**
 * The offline signing steps (scripts/admin/directory-commands.ts): the organisation secret key
 * never comes to the server, so the dashboard cannot sign; it names the commands instead.
 */
const SIGNING_STEPS: readonly (readonly [DashboardMessageKey, string])[] = [
  ['admin.keys.signStepExport', 'npm run admin -- directory:export --out next.json'],
  [
    'admin.keys.signStepSign',
    'npm run admin -- directory:sign-offline --in next.json --org-key org.asc --out next.json.asc',
  ],
  ['admin.keys.signStepImport', 'npm run admin -- directory:import --in next.json.asc'],
];

export function createKeysTable(ctx: DashboardContext, api: AdminApi): AdminTable {
  const { t } = ctx;
  const renderRow = (key: StaffKey, rows: TableRows): HTMLElement => {
    const grouped = groupFingerprint(key.fingerprint);
    const actions = element('td', {});
    if (key.status === 'pending') {
      confirmedAction(actions, {
        offer: button(t('admin.keys.vet'), {
          'data-action': 'vet',
          'aria-label': t('admin.keys.vetFor', { fingerprint: grouped }),
        }),
        question: t('admin.keys.vetConfirm', { fingerprint: grouped }),
        yes: button(t('admin.keys.vetYes'), { 'data-action': 'confirm-vet' }, 'primary'),
        no: button(t('common.cancel'), { 'data-action': 'cancel-vet' }),
        act: async (back) => {
          await runRowAction(
            t,
            rows,
            { run: () => api.vetKey(key.fingerprint), done: t('admin.keys.vetDone') },
            back,
          );
        },
      });
    }
    const statusKey = KEY_STATUS_KEYS[key.status];
    return element('tr', { 'data-fingerprint': key.fingerprint, 'data-status': key.status }, [
      element('th', { scope: 'row', dir: 'ltr', class: 'fingerprint' }, [grouped]),
      element('td', {}, [key.label]),
      element('td', { dir: 'auto' }, [key.owner ?? t('admin.keys.noOwner')]),
      element('td', {}, [statusKey ? t(statusKey) : key.status]),
      element('td', { dir: 'ltr' }, [key.addedOn]),
      actions,
    ]);
  };

  return adminListTable(t, 'keys', {
    title: t('admin.keys.title'),
    notes: [
      element('div', { id: 'directory-sign-note' }, [
        element('p', {}, [t('admin.keys.signNote')]),
        element(
          'ol',
          {},
          SIGNING_STEPS.map(([label, command]) =>
            element('li', {}, [t(label), ' ', element('code', { dir: 'ltr' }, [command])]),
          ),
        ),
      ]),
    ],
    columns: [
      t('admin.keys.fingerprint'),
      t('admin.keys.label'),
      t('admin.keys.owner'),
      t('admin.keys.status'),
      t('admin.keys.addedOn'),
      t('admin.keys.actions'),
    ],
    empty: t('admin.keys.none'),
    load: () => api.keys(),
    renderRow,
  });
}
