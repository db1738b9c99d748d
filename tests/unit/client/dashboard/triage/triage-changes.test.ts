import type { CaseSummary } from '../../../../../client/dashboard/cases/case-api';
import {
  initialTriageValues,
  parseLabels,
  triageChanges,
  type TriageValues,
} from '../../../../../client/dashboard/triage/triage-changes';

const ME = 'e'.repeat(32);
const OTHER = 'f'.repeat(32);

const current: CaseSummary = {
  caseId: 'a'.repeat(32),
  receivedOn: '2026-01-05',
  status: 'in_progress',
  outcome: null,
  priority: 'normal',
  deadline: '2026-02-01',
  overdue: false,
  assignee: { id: OTHER, username: 'bekzat' },
  labels: ['lawyer', 'visa'],
  codes: { incidentCategory: null, hostCountry: 'TR', month: null },
  legalHold: false,
  closedOn: null,
  report: null,
  messageCount: 0,
  attachmentCount: 0,
};

function values(overrides: Partial<TriageValues> = {}): TriageValues {
  return { ...initialTriageValues(current), ...overrides };
}

describe('the triage changes', () => {
  test('when nothing is touched then nothing is sent', () => {
    expect(triageChanges(current, values(), ME)).toEqual({ ok: true, changes: {} });
  });

  test('when fields change then only those are sent, cleared ones as null', () => {
    expect(
      triageChanges(
        current,
        values({
          priority: 'urgent',
          deadline: '',
          assignee: 'me',
          labels: 'visa, lawyer ,',
          incidentCategory: 'surveillance',
          hostCountry: '',
          month: '2025-12',
          legalHold: true,
        }),
        ME,
      ),
    ).toEqual({
      ok: true,
      changes: {
        priority: 'urgent',
        deadline: null,
        assigneeId: ME,
        incidentCategory: 'surveillance',
        hostCountry: null,
        incidentMonth: '2025-12',
        legalHold: true,
      },
    });
  });

  test('when closing then an outcome is required and sent with the status', () => {
    expect(triageChanges(current, values({ status: 'closed' }), ME)).toEqual({
      ok: false,
      problem: 'outcome_required',
    });
    expect(triageChanges(current, values({ status: 'closed', outcome: 'resolved' }), ME)).toEqual({
      ok: true,
      changes: { status: 'closed', outcome: 'resolved' },
    });
  });

  test('when an open case keeps a stale outcome in the form then no outcome is sent', () => {
    expect(triageChanges(current, values({ outcome: 'resolved' }), ME)).toEqual({
      ok: true,
      changes: {},
    });
  });

  test('when assigning to nobody or to an account then assigneeId says so', () => {
    expect(triageChanges(current, values({ assignee: 'none' }), ME)).toEqual({
      ok: true,
      changes: { assigneeId: null },
    });
    expect(triageChanges(current, values({ assignee: `user:${OTHER}` }), ME)).toEqual({
      ok: true,
      changes: {},
    });
    expect(triageChanges(current, values({ assignee: 'user:../x' }), ME)).toEqual({
      ok: false,
      problem: 'value_invalid',
    });
  });

  test('when a value breaks a rule then the problem is named before anything is sent', () => {
    expect(triageChanges(current, values({ deadline: '1/2/2026' }), ME)).toMatchObject({
      problem: 'deadline_invalid',
    });
    expect(triageChanges(current, values({ month: '2025-13' }), ME)).toMatchObject({
      problem: 'month_invalid',
    });
    expect(triageChanges(current, values({ labels: 'ok, <b>bold</b>' }), ME)).toMatchObject({
      problem: 'labels_invalid',
    });
    expect(triageChanges(current, values({ incidentCategory: 'made_up' }), ME)).toMatchObject({
      problem: 'value_invalid',
    });
  });

  test('when labels are typed then commas (also Arabic) split them, trimmed and without duplicates', () => {
    expect(parseLabels(' lawyer،visa , lawyer,, ئادۋوكات ')).toEqual([
      'lawyer',
      'visa',
      'ئادۋوكات',
    ]);
    expect(parseLabels('')).toEqual([]);
    expect(parseLabels('x'.repeat(41))).toBeNull();
    expect(parseLabels(Array.from({ length: 21 }, (_, i) => `l${i}`).join(','))).toBeNull();
  });
});
