import { createDashboardTranslator } from '../../../../../client/dashboard/i18n';
import {
  describeDetails,
  formatHistoryTime,
} from '../../../../../client/dashboard/triage/history-list';

const en = createDashboardTranslator('en');

describe('the case history', () => {
  test('when a time is ISO then it reads as day, minutes and UTC', () => {
    expect(formatHistoryTime('2026-03-04T10:20:30.123Z')).toBe('2026-03-04 10:20 UTC');
    expect(formatHistoryTime('yesterday')).toBe('yesterday');
  });

  test('when a triage field changed then it reads as field: from → to', () => {
    expect(
      describeDetails(en, [
        ['field', 'status'],
        ['from', 'new'],
        ['to', 'acknowledged'],
      ]),
    ).toBe('Status: new → acknowledged');
    expect(
      describeDetails(en, [
        ['field', 'deadline'],
        ['from', ''],
        ['to', '2026-01-10'],
      ]),
    ).toBe('Deadline: empty → 2026-01-10');
    expect(describeDetails(en, [['fingerprint', 'abcd']])).toBe('fingerprint: abcd');
  });

  test('when a case is assigned or unassigned then the empty side says "nobody", as the summary does', () => {
    const words = (_field: string, value: string) => (value === 'a1' ? 'dilnur' : value);
    for (const [locale, translate] of [
      ['en', en],
      ['ug', createDashboardTranslator('ug')],
    ] as const) {
      const nobody = translate('inbox.unassigned');
      expect([locale, nobody]).not.toEqual([locale, translate('history.empty')]);
      expect(
        describeDetails(
          translate,
          [
            ['field', 'assigneeId'],
            ['from', ''],
            ['to', 'a1'],
          ],
          words,
        ),
      ).toBe(`${translate('triage.assignee')}: ${nobody} → dilnur`);
      expect(
        describeDetails(
          translate,
          [
            ['field', 'assigneeId'],
            ['from', 'a1'],
            ['to', ''],
          ],
          words,
        ),
      ).toBe(`${translate('triage.assignee')}: dilnur → ${nobody}`);
    }
  });
});
