/**
 * The dashboard's list tables (staff accounts, keys, the statistics release ledger): one header
 * row of column titles over a body that each refresh replaces whole with what the server sent.
 */
import { element } from '../shared/dom';
import type { DashboardTranslate } from './i18n';
import type { ApiOutcome } from './session/api-client';
import { describeFailure } from './session/error-messages';

export interface ListTable {
  readonly table: HTMLTableElement;
  /** Reloads the rows; a failure is said in `problem` and leaves the rows shown as they were. */
  readonly refresh: () => Promise<void>;
}

export function createListTable<Item>(
  t: DashboardTranslate,
  options: {
    readonly attributes: Readonly<Record<string, string>>;
    readonly titles: readonly string[];
    /** Shown as the only row when the list is empty. */
    readonly empty: string;
    readonly problem: HTMLElement;
    readonly load: () => Promise<ApiOutcome<readonly Item[]>>;
    readonly renderRow: (item: Item) => HTMLElement;
  },
): ListTable {
  const body = element('tbody');
  const header = element(
    'tr',
    {},
    options.titles.map((title) => element('th', { scope: 'col' }, [title])),
  );
  const table = element('table', options.attributes, [element('thead', {}, [header]), body]);
  const refresh = async (): Promise<void> => {
    const result = await options.load();
    if (!result.ok) {
      options.problem.textContent = describeFailure(t, result);
      return;
    }
    options.problem.textContent = '';
    body.replaceChildren(
      ...(result.body.length === 0
        ? [
            element('tr', {}, [
              element('td', { colspan: String(options.titles.length) }, [options.empty]),
            ]),
          ]
        : result.body.map((item) => options.renderRow(item))),
    );
  };
  return { table, refresh };
}
