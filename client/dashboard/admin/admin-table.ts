/**
 * What the admin view's two tables (staff accounts, caseworker keys) have in common: the section
 * around the table, with its problem and status lines and a Refresh button, and how a confirmed
 * action on one row says its outcome.
 */
import { element } from '../../shared/dom';
import { button, onClick, outcomeLines, scrollRegion, type OutcomeLines } from '../controls';
import type { DashboardTranslate } from '../i18n';
import { createListTable } from '../list-table';
import type { ApiOutcome } from '../session/api-client';
import { describeFailure } from '../session/error-messages';

export interface AdminTable {
  readonly element: HTMLElement;
  refresh(): Promise<void>;
}

/**
 * The section `admin-<name>`: the title (`<name>-title`, which also names the table's scroll
 * region), `notes`, the problem and status lines, `panel` (what an action produced), the table
 * and a Refresh button (`<name>-refresh`). Its outcome lines are `outcomeLines(name)`.
 */
export function adminTableSection(
  t: DashboardTranslate,
  name: string,
  parts: {
    readonly title: string;
    readonly notes?: readonly Node[] | undefined;
    readonly lines: OutcomeLines;
    readonly panel?: HTMLElement | undefined;
    readonly table: HTMLTableElement;
    readonly refresh: () => Promise<void>;
  },
): HTMLElement {
  const refreshButton = button(t('common.refresh'), { id: `${name}-refresh` });
  onClick(refreshButton, parts.refresh);
  // Not a landmark itself: the table's scroll region is, named by the same heading (two
  // landmarks of one name could not be told apart).
  return element('section', { id: `admin-${name}` }, [
    element('h3', { id: `${name}-title` }, [parts.title]),
    ...(parts.notes ?? []),
    parts.lines.problem,
    parts.lines.status,
    ...(parts.panel ? [parts.panel] : []),
    scrollRegion(parts.table, `${name}-title`),
    refreshButton,
  ]);
}

/** What a row's actions reach: the table's outcome lines and its reload. */
export interface TableRows {
  readonly lines: OutcomeLines;
  readonly refresh: () => Promise<void>;
}

/**
 * A list table (list-table.ts) `<name>-table` in its section (adminTableSection): one column per
 * title, a row per item the server sent, `empty` when there is none.
 */
export function adminListTable<Item>(
  t: DashboardTranslate,
  name: string,
  parts: {
    readonly title: string;
    readonly notes?: readonly Node[];
    readonly panel?: HTMLElement;
    readonly columns: readonly string[];
    readonly empty: string;
    readonly load: () => Promise<ApiOutcome<readonly Item[]>>;
    readonly renderRow: (item: Item, rows: TableRows) => HTMLElement;
  },
): AdminTable {
  const lines = outcomeLines(name);
  const rows: TableRows = { lines, refresh: () => list.refresh() };
  const list = createListTable(t, {
    attributes: { id: `${name}-table`, 'aria-labelledby': `${name}-title` },
    titles: parts.columns,
    empty: parts.empty,
    problem: lines.problem,
    load: parts.load,
    renderRow: (item: Item) => parts.renderRow(item, rows),
  });
  const { table, refresh } = list;
  const { title, notes, panel } = parts;
  return {
    element: adminTableSection(t, name, { title, notes, panel, lines, table, refresh }),
    refresh,
  };
}

/**
 * Runs the confirmed action of a row: refused, the problem line says why and the offer comes
 * back (`back`); done, the status line says `done` and the table is reloaded. Returns the
 * outcome, for an action that has more to show.
 */
export async function runRowAction<T>(
  t: DashboardTranslate,
  table: TableRows,
  action: { readonly run: () => Promise<ApiOutcome<T>>; readonly done: string },
  back: () => void,
): Promise<ApiOutcome<T>> {
  const { problem, status } = table.lines;
  status.textContent = '';
  const result = await action.run();
  if (!result.ok) {
    problem.textContent = describeFailure(t, result);
    back();
    return result;
  }
  status.textContent = action.done;
  await table.refresh();
  return result;
}
