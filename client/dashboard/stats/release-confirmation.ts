/**
 * The question every statistics release must pass: a modal dialog that shows exactly what goes
 * out — to whom (the public, or the registered partner by name), which table, under which
 * protection, which files with how many rows and columns, and the column names as the files
 * will carry them — with Cancel and Release. A release cannot be recalled once the files are
 * shared, so nothing is sent until Release is pressed; Cancel, Escape and closing the dialog all
 * release nothing. Focus starts on Cancel (the safe choice) and returns to where it was.
 */
import { PUBLICATION_LANGUAGE } from '../../../contract/stats-labels';
import { element } from '../../shared/dom';
import type { DashboardContext } from '../context';
import { button } from '../controls';
import type { StatsPreview, StatsRequest } from './stats-api';
import { columnsName, partnerSentence, unitName } from './stats-labels';
import { formatDecimal, namesOfColumns } from './stats-result';

/** What the analyst is asked to confirm: the request last previewed and its preview. */
export interface ReleaseSummary {
  readonly request: StatsRequest;
  readonly preview: StatsPreview;
  /** The registered partner's name, for a partner release. */
  readonly partnerName: string | null;
}

function entry(name: string, label: string, value: Node | string | (Node | string)[]): Node[] {
  const content = Array.isArray(value) ? value : [value];
  return [element('dt', {}, [label]), element('dd', { 'data-confirm': name }, content)];
}

function summaryList(ctx: DashboardContext, summary: ReleaseSummary): HTMLElement {
  const { t } = ctx;
  const { request, preview, partnerName } = summary;
  const { table, risk } = preview;
  const columns = columnsName(t, request.columns);
  const audience =
    request.audience === 'partner'
      ? partnerSentence(t, 'stats.confirm.toPartner', partnerName ?? '')
      : [t('stats.confirm.toPublic')];
  const noise =
    request.epsilon === undefined
      ? t('stats.risk.noNoise')
      : t('stats.noise.atRelease', { epsilon: formatDecimal(ctx, request.epsilon) });
  const counts = { rows: table.rows.length, columns: table.columns.length };
  const files = element('ul', { id: 'stats-confirm-files' }, [
    element('li', { 'data-file': 'csv' }, [
      t('stats.confirm.file.table', { format: 'CSV', ...counts }),
    ]),
    element('li', { 'data-file': 'json' }, [
      t('stats.confirm.file.table', { format: 'JSON', ...counts }),
    ]),
    element('li', { 'data-file': 'svg' }, [t('stats.confirm.file.chart', counts)]),
    element('li', { 'data-file': 'timeline' }, [t('stats.confirm.file.timeline', counts)]),
  ]);
  const names = element(
    'ul',
    { id: 'stats-confirm-names', lang: PUBLICATION_LANGUAGE },
    namesOfColumns(ctx, table, request).map((column) =>
      element('li', { dir: 'auto' }, [column.published]),
    ),
  );
  return element('dl', { id: 'stats-confirm-summary' }, [
    ...entry('audience', t('stats.confirm.audience'), audience),
    ...entry(
      'table',
      t('stats.confirm.table'),
      t('stats.table.caption', {
        unit: unitName(t, table.unit),
        columns,
        from: request.from,
        to: request.to,
      }),
    ),
    ...entry(
      'filter',
      t('stats.confirm.filter'),
      request.filter ? request.filter.country : t('stats.confirm.noFilter'),
    ),
    ...entry(
      'protection',
      t('stats.confirm.protection'),
      t('stats.confirm.protectionText', { k: risk.k, roundingBase: risk.roundingBase, noise }),
    ),
    // An overrun the analyst accepted on the form is said again here, where it is decided.
    ...(risk.budgetExceeded
      ? entry(
          'budget',
          t('stats.risk.epsilonSpent'),
          t('stats.budget.exceeded', {
            spent: formatDecimal(ctx, risk.epsilonSpent),
            budget: formatDecimal(ctx, risk.epsilonBudget),
          }),
        )
      : []),
    ...entry('files', t('stats.confirm.files'), files),
    ...entry('names', t('stats.confirm.names', { columns }), names),
  ]);
}

/**
 * Asks whether to release what `summary` describes; resolves true only when Release was
 * pressed. The dialog is removed from the page once answered.
 */
export function confirmRelease(ctx: DashboardContext, summary: ReleaseSummary): Promise<boolean> {
  const { t } = ctx;
  const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const cancel = button(t('common.cancel'), { id: 'stats-confirm-cancel' });
  const release = button(t('stats.confirm.release'), { id: 'stats-confirm-release' }, 'primary');
  const dialog = element(
    'dialog',
    {
      id: 'stats-release-dialog',
      'data-view': 'stats-release-confirmation',
      'aria-labelledby': 'stats-confirm-title',
      'aria-describedby': 'stats-confirm-intro',
    },
    [
      element('h2', { id: 'stats-confirm-title' }, [t('stats.confirm.title')]),
      element('p', { id: 'stats-confirm-intro' }, [t('stats.confirm.intro')]),
      summaryList(ctx, summary),
      element('p', { id: 'stats-confirm-language', class: 'hint' }, [t('stats.confirm.language')]),
      element('div', { class: 'actions' }, [cancel, release]),
    ],
  );
  return new Promise<boolean>((resolve) => {
    let released = false;
    // Escape and the close button of the browser end here too: anything but Release is a no.
    dialog.addEventListener('close', () => {
      dialog.remove();
      returnTo?.focus();
      resolve(released);
    });
    cancel.addEventListener('click', () => dialog.close());
    release.addEventListener('click', () => {
      released = true;
      dialog.close();
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}
