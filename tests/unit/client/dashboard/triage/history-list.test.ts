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
});
