/**
 * The one table of published statistics names: every code the statistics count has a name, a
 * category is published with the words the dashboard (and the reporter form) uses for it, and
 * the server's files use this table and nothing else.
 */
import { createDashboardTranslator } from '../../../client/dashboard/i18n';
import {
  OPEN_OUTCOME,
  OTHER_COUNTRIES,
  PUBLISHED_CATEGORY_NAMES,
  publishedColumnName,
} from '../../../contract/stats-labels';
import { CASE_OUTCOMES, INCIDENT_CATEGORIES } from '../../../contract/vocabulary';
import { buildReleaseFiles } from '../../../server/features/stats/release-files';
import { monthOfCategories } from '../../helpers/stats-releases';

const en = createDashboardTranslator('en');

describe('the published names of statistics columns', () => {
  test.each(INCIDENT_CATEGORIES)(
    'when the category is %s then its published name is the dashboard’s English name for it',
    (category) => {
      expect(publishedColumnName('category', category, 10)).toBe(en(`incident.${category}`));
    },
  );

  test('every outcome and the open cases have a name of their own, never the bare code', () => {
    const names = [...CASE_OUTCOMES, OPEN_OUTCOME].map((key) =>
      publishedColumnName('outcome', key, 10),
    );
    expect(new Set(names).size).toBe(names.length);
    for (const [index, key] of [...CASE_OUTCOMES, OPEN_OUTCOME].entries()) {
      expect(names[index]).not.toBe(key);
    }
    expect(publishedColumnName('outcome', OPEN_OUTCOME, 10)).toBe('Not closed yet');
  });

  test('a country is published by its ISO code, the pooled countries with the threshold that pooled them', () => {
    expect(publishedColumnName('country', 'DE', 10)).toBe('DE');
    expect(publishedColumnName('country', OTHER_COUNTRIES, 7)).toBe(
      'Other countries (each fewer than 7 reports)',
    );
  });

  test('when the server writes a release then the CSV header, the JSON columns and the SVG labels are the published names', () => {
    const keys = ['threats_through_relatives', 'coercion_to_inform'] as const;
    const files = buildReleaseFiles(
      {
        id: 'a'.repeat(32),
        createdOn: '2026-01-05',
        shape: { ...monthOfCategories('2025-01'), columnKeys: [...keys] },
        audience: 'public',
        partner: null,
        k: 10,
        roundingBase: 5,
        epsilon: null,
        linkedReleases: 0,
      },
      { cells: [[10, 15]], rowTotals: [25], columnTotals: [10, 15], grandTotal: 25 },
      ['2025-01'],
    );
    const names = keys.map((key) => PUBLISHED_CATEGORY_NAMES[key]);
    expect(files.csv).toContain(`\r\nperiod,${names.join(',')},total\r\n`);
    const json = JSON.parse(files.json) as { table: { columns: { label: string }[] } };
    expect(json.table.columns.map((column) => column.label)).toEqual(names);
    const labels = [...files.svg.matchAll(/data-kind="label"[^>]*>([^<]*)</g)].map(
      (match) => match[1],
    );
    expect(labels).toEqual(names);
  });
});
