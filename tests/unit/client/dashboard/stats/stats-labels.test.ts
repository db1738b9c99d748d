import { createDashboardTranslator } from '../../../../../client/dashboard/i18n';
import { columnNames, shownText } from '../../../../../client/dashboard/stats/stats-labels';

const en = createDashboardTranslator('en');
const ug = createDashboardTranslator('ug');

describe('the names of statistics columns', () => {
  test('when the server labels a column then its label is the published name, whatever the contract would call the key', () => {
    // A label no dashboard table would make: the page must show what the files carry.
    const names = columnNames(en, 'en', 'category', {
      key: 'surveillance',
      label: 'Surveillance, as the server names it',
    });
    expect(names.published).toBe('Surveillance, as the server names it');
    const pooled = columnNames(en, 'en', 'country', {
      key: 'other',
      label: 'Other countries (each fewer than 25 reports)',
    });
    expect(pooled.published).toBe('Other countries (each fewer than 25 reports)');
  });

  test('when the dashboard speaks Uyghur then its own words stand beside the published name, never instead of it', () => {
    const names = columnNames(ug, 'ug', 'outcome', { key: 'open', label: 'Not closed yet' });
    expect(names.published).toBe('Not closed yet');
    expect(names.translation).toBe(ug('stats.outcome.open'));
  });
});

describe('server text bounded for display', () => {
  test('when a text is within the bound then it is shown whole', () => {
    expect(shownText('Uyghur Rights Partner', 80)).toBe('Uyghur Rights Partner');
  });

  test('when emoji sequences pass the bound then the cut falls between them, never inside one', () => {
    const family = '👨‍👩‍👧‍👦'; // 7 code points, 11 UTF-16 units, one character to a reader
    const shown = shownText(family.repeat(100), 80);
    expect(shown).toBe(`${family.repeat(80)}…`);
  });

  test('when right-to-left letters outside the Basic Multilingual Plane pass the bound then each stays whole', () => {
    const name = `ئۇيغۇر ${'𐱅𐰇𐰼𐰜'.repeat(30)}`;
    const shown = shownText(name, 80);
    expect([...shown.slice(0, -1)]).toEqual([...name].slice(0, 80));
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  test('when a letter carries combining marks then the cut keeps them with it', () => {
    // e + COMBINING ACUTE, twice over the bound.
    const shown = shownText('e\u0301'.repeat(10), 5);
    expect(shown).toBe(`${'e\u0301'.repeat(5)}…`);
  });

  test('when a text holds a bidi override then it is shown, not obeyed', () => {
    expect(shownText('abc\u202Efdp.exe', 80)).toBe('abc⟨U+202E⟩fdp.exe');
  });
});
