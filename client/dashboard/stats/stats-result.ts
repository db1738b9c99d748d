/**
 * One statistics table as the analyst reviews it: the accessible HTML table (suppressed values
 * shown as a translated marker, never blank), a bar chart of the column totals, a line chart of
 * the row totals, the disclosure-risk summary, the "documented reports, not prevalence"
 * statement and what noise does. Text only, through element() and the chart renderer.
 */
import { element } from '../../shared/dom';
import { buildBarChart, buildLineChart, type ChartNode } from '../../../contract/stats-chart';
import { PUBLICATION_LANGUAGE } from '../../../contract/stats-labels';
import type { DashboardContext } from '../context';
import { scrollRegion } from '../controls';
import { dashboardDirectionOf } from '../i18n';
import { renderChart } from './chart-dom';
import type { StatsPreview, StatsRequest, StatsRisk, StatsTable, StatsValue } from './stats-api';
import { columnNames, columnsName, periodLabel, unitName, type ColumnNames } from './stats-labels';

export type ResultMode = 'preview' | 'released';

/** ε and other decimals in the page's language (at most three decimals). */
export function formatDecimal(ctx: DashboardContext, value: number): string {
  return new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: 3 }).format(value);
}

function valueCell(ctx: DashboardContext, value: StatsValue, isTotal: boolean): HTMLElement {
  const cell =
    value === null
      ? element('td', { class: 'number', 'data-suppressed': 'true' }, [
          element('span', { class: 'suppressed' }, [ctx.t('stats.suppressed')]),
        ])
      : element('td', { class: 'number', 'data-value': String(value) }, [String(value)]);
  if (isTotal) cell.classList.add('total');
  return cell;
}

/** A column header: the published name, and the dashboard's words for it below when they differ. */
function columnHeader(key: string, names: ColumnNames): HTMLElement {
  return element('th', { scope: 'col', 'data-key': key }, [
    element('span', { class: 'published-name', lang: PUBLICATION_LANGUAGE, dir: 'auto' }, [
      names.published,
    ]),
    ...(names.translation === null
      ? []
      : [element('span', { class: 'translation', dir: 'auto' }, [names.translation])]),
  ]);
}

/** Each column's names, in the table's order. */
export function namesOfColumns(
  ctx: DashboardContext,
  table: StatsTable,
  request: StatsRequest,
): ColumnNames[] {
  return table.columns.map((column) => columnNames(ctx.t, ctx.locale, request.columns, column));
}

/** A table as it is shown: its numbers, what was asked for, and its columns' names. */
interface ShownTable {
  readonly table: StatsTable;
  readonly request: StatsRequest;
  readonly names: readonly ColumnNames[];
}

function renderTable(ctx: DashboardContext, { table, request, names }: ShownTable): HTMLElement {
  const { t } = ctx;
  const captionId = 'stats-table-caption';
  const head = element('tr', {}, [
    element('th', { scope: 'col' }, [t('stats.table.period')]),
    ...table.columns.map((column, index) =>
      columnHeader(column.key, names[index] ?? { published: column.key, translation: null }),
    ),
    element('th', { scope: 'col' }, [t('stats.table.total')]),
  ]);
  const rows = table.rows.map((row, index) =>
    element('tr', { 'data-key': row.key }, [
      element('th', { scope: 'row' }, [
        element('span', { dir: 'auto', class: 'period' }, [periodLabel(t, row)]),
      ]),
      ...(table.cells[index] ?? []).map((value) => valueCell(ctx, value, false)),
      valueCell(ctx, table.rowTotals[index] ?? null, true),
    ]),
  );
  const totals = element('tr', { class: 'totals' }, [
    element('th', { scope: 'row' }, [t('stats.table.total')]),
    ...table.columnTotals.map((value) => valueCell(ctx, value, true)),
    valueCell(ctx, table.grandTotal, true),
  ]);
  const node = element('table', { id: 'stats-table', class: 'stats-table' }, [
    element('caption', { id: captionId }, [
      t('stats.table.caption', {
        unit: unitName(t, table.unit),
        columns: columnsName(t, request.columns),
        from: request.from,
        to: request.to,
      }),
    ]),
    element('thead', {}, [head]),
    element('tbody', {}, rows),
    element('tfoot', {}, [totals]),
  ]);
  // Its own scroll box, both ways, with the headers fixed (styles.css): a long table keeps its
  // periods and published names in view.
  const region = scrollRegion(node, captionId);
  region.classList.add('stats-table-scroll');
  return region;
}

function chartFigure(id: string, caption: string, chart: ChartNode): HTMLElement {
  const captionId = `${id}-caption`;
  return element('figure', { id, class: 'chart' }, [
    element('figcaption', { id: captionId }, [caption]),
    element(
      'div',
      { class: 'chart-scroll', role: 'region', tabindex: '0', 'aria-labelledby': captionId },
      [renderChart(chart)],
    ),
  ]);
}

function renderCharts(ctx: DashboardContext, { table, request, names }: ShownTable): HTMLElement {
  const { t } = ctx;
  const direction = dashboardDirectionOf(ctx.locale);
  const range = { from: request.from, to: request.to };
  const columns = columnsName(t, request.columns);
  const unit = unitName(t, table.unit);
  const suppressedLabel = t('stats.suppressed');
  const barTitle = t('stats.chart.bar.title', { columns, ...range });
  const lineTitle = t('stats.chart.line.title', { unit, ...range });
  const bar = buildBarChart({
    id: 'stats-bar',
    title: barTitle,
    description: t('stats.chart.bar.description', { columns }),
    // The published names, as the released SVG draws them.
    bars: table.columns.map((column, index) => ({
      label: names[index]?.published ?? column.key,
      value: table.columnTotals[index] ?? null,
    })),
    suppressedLabel,
    emptyLabel: t('stats.chart.empty'),
    direction,
  });
  const line = buildLineChart({
    id: 'stats-line',
    title: lineTitle,
    description: t('stats.chart.line.description', { unit }),
    points: table.rows.map((row, index) => ({
      label: periodLabel(t, row),
      value: table.rowTotals[index] ?? null,
    })),
    suppressedLabel,
    emptyLabel: t('stats.chart.empty'),
    direction,
  });
  return element('div', { class: 'charts' }, [
    chartFigure('stats-bar-chart', barTitle, bar),
    chartFigure('stats-line-chart', lineTitle, line),
  ]);
}

function renderRisk(ctx: DashboardContext, risk: StatsRisk): HTMLElement {
  const { t } = ctx;
  const cells = risk.cellsPublished + risk.cellsSuppressed;
  const entries: [name: string, label: string, value: string][] = [
    [
      'cellsSuppressed',
      t('stats.risk.cellsSuppressed'),
      t('stats.risk.ofCells', { suppressed: risk.cellsSuppressed, cells }),
    ],
    ['totalsSuppressed', t('stats.risk.totalsSuppressed'), String(risk.totalsSuppressed)],
    [
      'smallestPublished',
      t('stats.risk.smallestPublished'),
      risk.smallestPublished === null ? t('stats.risk.none') : String(risk.smallestPublished),
    ],
    ['k', t('stats.risk.k'), String(risk.k)],
    ['roundingBase', t('stats.risk.roundingBase'), String(risk.roundingBase)],
    [
      'epsilon',
      t('stats.risk.epsilon'),
      risk.epsilon === null ? t('stats.risk.noNoise') : formatDecimal(ctx, risk.epsilon),
    ],
    [
      'epsilonSpent',
      t('stats.risk.epsilonSpent'),
      t('stats.risk.ofBudget', {
        spent: formatDecimal(ctx, risk.epsilonSpent),
        budget: formatDecimal(ctx, risk.epsilonBudget),
      }),
    ],
    ['earlierReleases', t('stats.risk.earlierReleases'), String(risk.earlierReleasesConsidered)],
  ];
  return element('section', { class: 'stats-risk', 'aria-labelledby': 'stats-risk-title' }, [
    element('h4', { id: 'stats-risk-title' }, [t('stats.risk.title')]),
    element(
      'dl',
      { id: 'stats-risk' },
      entries.flatMap(([name, label, value]) => [
        element('dt', {}, [label]),
        element('dd', { 'data-risk': name }, [value]),
      ]),
    ),
  ]);
}

/**
 * The table, charts, risk summary and the statements that go with every release. `mode` says
 * whether these are the preview's numbers (no noise yet) or the released ones.
 */
export function renderStatsResult(
  ctx: DashboardContext,
  result: StatsPreview,
  request: StatsRequest,
  mode: ResultMode,
): HTMLElement {
  const { t } = ctx;
  const { table, risk } = result;
  const shown: ShownTable = { table, request, names: namesOfColumns(ctx, table, request) };
  const epsilon = request.epsilon;
  const noise =
    epsilon === undefined
      ? t('stats.noise.none', { roundingBase: risk.roundingBase, k: risk.k })
      : t(mode === 'preview' ? 'stats.noise.atRelease' : 'stats.noise.added', {
          epsilon: formatDecimal(ctx, epsilon),
        });
  return element('div', { class: 'stats-result', 'data-mode': mode }, [
    element('h3', { id: 'stats-result-title', tabindex: '-1' }, [
      t(mode === 'preview' ? 'stats.result.preview' : 'stats.result.released'),
    ]),
    element('p', { id: 'stats-not-prevalence', class: 'notice-box' }, [t('stats.notPrevalence')]),
    element('p', { id: 'stats-noise-note' }, [noise]),
    renderTable(ctx, shown),
    element('p', { class: 'hint' }, [t('stats.suppressed.legend', { k: risk.k })]),
    renderCharts(ctx, shown),
    renderRisk(ctx, risk),
  ]);
}
