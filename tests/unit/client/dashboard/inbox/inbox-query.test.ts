import { CASE_STATUSES } from '../../../../../contract/vocabulary';
import {
  defaultInboxState,
  inboxQueryString,
  pageCount,
} from '../../../../../client/dashboard/inbox/inbox-query';

describe('the inbox query', () => {
  test('when the inbox opens then it asks for open cases, most urgent first, 50 a page', () => {
    const { filters, page } = defaultInboxState();
    expect(Object.fromEntries(new URLSearchParams(inboxQueryString(filters, page)))).toEqual({
      status: 'new,acknowledged,in_progress,referred,waiting_for_reporter',
      sort: 'urgency',
      page: '1',
      pageSize: '50',
    });
  });

  test('when every filter is set then each becomes its parameter', () => {
    const query = new URLSearchParams(
      inboxQueryString(
        {
          statuses: ['closed', 'new'],
          priority: 'urgent',
          assignee: 'me',
          label: '  lawyer ',
          overdueOnly: true,
          needsReplyOnly: true,
          receivedFrom: '2026-01-01',
          receivedTo: '2026-01-31',
          sort: 'deadline',
        },
        3,
      ),
    );
    expect(Object.fromEntries(query)).toEqual({
      status: 'new,closed',
      priority: 'urgent',
      assignee: 'me',
      label: 'lawyer',
      overdue: '1',
      needsReply: '1',
      receivedFrom: '2026-01-01',
      receivedTo: '2026-01-31',
      sort: 'deadline',
      page: '3',
      pageSize: '50',
    });
  });

  test('when every status or none is ticked, or a date is malformed, then that filter is left out', () => {
    const base = defaultInboxState().filters;
    const all = inboxQueryString({ ...base, statuses: CASE_STATUSES }, 1);
    expect(new URLSearchParams(all).has('status')).toBe(false);
    expect(new URLSearchParams(inboxQueryString({ ...base, statuses: [] }, 1)).has('status')).toBe(
      false,
    );
    expect(
      new URLSearchParams(inboxQueryString({ ...base, receivedFrom: '01/02/2026' }, 1)).has(
        'receivedFrom',
      ),
    ).toBe(false);
  });

  test('when counting pages then an empty inbox still has one page', () => {
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(50, 50)).toBe(1);
    expect(pageCount(51, 50)).toBe(2);
  });
});
