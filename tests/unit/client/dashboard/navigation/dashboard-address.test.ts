import { CASE_STATUSES } from '../../../../../contract/vocabulary';
import { defaultInboxState } from '../../../../../client/dashboard/inbox/inbox-query';
import { AddressBar } from '../../../../../client/dashboard/navigation/address-bar';
import {
  applyInboxAddress,
  defaultInboxAddress,
  formatDashboardAddress,
  isCaseId,
  inboxAddressOf,
  parseDashboardAddress,
  type DashboardPlace,
} from '../../../../../client/dashboard/navigation/dashboard-address';

const CASE_ID = '0123456789abcdef0123456789abcdef';

describe('the dashboard address', () => {
  test('when a view is written then reading its address gives the same view back', () => {
    const places: DashboardPlace[] = [
      { view: 'keys' },
      { view: 'admin' },
      { view: 'stats' },
      { view: 'account' },
      { view: 'case', caseId: CASE_ID },
      { view: 'inbox', inbox: defaultInboxAddress() },
      {
        view: 'inbox',
        inbox: {
          statuses: ['new', 'closed'],
          priority: 'urgent',
          assignee: 'me',
          overdueOnly: true,
          needsReplyOnly: true,
          sort: 'deadline',
          page: 3,
        },
      },
    ];
    for (const locale of ['en', 'ug'] as const) {
      for (const place of places) {
        expect(parseDashboardAddress(formatDashboardAddress(locale, place))).toEqual({
          locale,
          place,
        });
      }
    }
  });

  test('when the inbox is at its defaults then its address names only the language and view', () => {
    expect(formatDashboardAddress('ug', { view: 'inbox', inbox: defaultInboxAddress() })).toBe(
      '?lang=ug&view=inbox',
    );
    expect(
      formatDashboardAddress('en', {
        view: 'inbox',
        inbox: { ...defaultInboxAddress(), statuses: ['new', 'acknowledged'], page: 2 },
      }),
    ).toBe('?lang=en&view=inbox&status=new,acknowledged&page=2');
    expect(formatDashboardAddress('en', null)).toBe('?lang=en');
  });

  test('when the address names a language, or nothing, then it is read as such', () => {
    expect(parseDashboardAddress('')).toEqual({ locale: null, place: null });
    expect(parseDashboardAddress('?lang=ug')).toEqual({ locale: 'ug', place: null });
    expect(parseDashboardAddress('?view=keys')).toEqual({ locale: null, place: { view: 'keys' } });
  });

  test('when the address holds an unknown name or value then the whole address is refused', () => {
    for (const search of [
      '?lang=fr',
      '?lang=ug&lang=en',
      '?view=reports',
      '?view=invite',
      '?view=login',
      '?view=case',
      '?view=case&case=ABCDEF',
      `?view=case&case=${CASE_ID}0`,
      `?view=case&case=${CASE_ID.toUpperCase()}`,
      `?view=inbox&case=${CASE_ID}`,
      `?view=keys&case=${CASE_ID}`,
      `?case=${CASE_ID}`,
      `?view=case&case=${CASE_ID}&status=new`,
      '?view=keys&page=2',
      '?view=inbox&status=new,unknown',
      '?view=inbox&status=new,new',
      '?view=inbox&status=',
      '?view=inbox&priority=',
      '?view=inbox&priority=critical',
      '?view=inbox&assignee=0123456789abcdef0123456789abcdef',
      '?view=inbox&overdue=true',
      '?view=inbox&needsReply=0',
      '?view=inbox&sort=name',
      '?view=inbox&page=0',
      '?view=inbox&page=01',
      '?view=inbox&page=-1',
      '?view=inbox&page=1.5',
      '?view=inbox&page=999999',
      '?view=inbox&label=family',
      '?view=inbox&receivedFrom=2026-01-01',
      '?view=inbox&q=anything',
      '?view=inbox&invite=token',
      `?view=inbox&sort=urgency${'&sort=urgency'.repeat(40)}`,
    ]) {
      expect({ search, address: parseDashboardAddress(search) }).toEqual({
        search,
        address: null,
      });
    }
  });

  test('when the inbox state becomes an address then only closed-list filters travel and typed ones stay in memory', () => {
    const state = defaultInboxState();
    state.filters = {
      ...state.filters,
      label: 'TEST ONLY a label typed in',
      receivedFrom: '2026-01-01',
      receivedTo: '2026-02-01',
      priority: 'high',
    };
    state.page = 4;
    const query = formatDashboardAddress('en', { view: 'inbox', inbox: inboxAddressOf(state) });
    expect(query).toBe('?lang=en&view=inbox&priority=high&page=4');

    const place = parseDashboardAddress('?view=inbox&assignee=none&overdue=1&sort=received')!
      .place as Extract<DashboardPlace, { view: 'inbox' }>;
    applyInboxAddress(state, place.inbox);
    expect(state).toEqual({
      filters: {
        statuses: CASE_STATUSES.filter((status) => status !== 'closed'),
        priority: null,
        assignee: 'none',
        label: 'TEST ONLY a label typed in',
        overdueOnly: true,
        needsReplyOnly: false,
        receivedFrom: '2026-01-01',
        receivedTo: '2026-02-01',
        sort: 'received',
      },
      page: 1,
    });
  });

  test('when a case id is not one then no address names it: the landing view is written instead', () => {
    for (const caseId of ['', '../admin', 'ABCDEF', `${CASE_ID}0`, 'x&view=admin']) {
      expect(isCaseId(caseId)).toBe(false);
      expect(formatDashboardAddress('en', { view: 'case', caseId })).toBe('?lang=en');
    }
    expect(isCaseId(CASE_ID)).toBe(true);
  });

  test('when no status is ticked then the address says every status, as the inbox query means it', () => {
    const state = defaultInboxState();
    state.filters = { ...state.filters, statuses: [] };
    expect(formatDashboardAddress('en', { view: 'inbox', inbox: inboxAddressOf(state) })).toBe(
      `?lang=en&view=inbox&status=${CASE_STATUSES.join(',')}`,
    );
  });
});

describe('the address bar', () => {
  const MARK = 'this sign-in';

  function bar(search: string) {
    const location = { hash: '', pathname: '/staff/', search };
    const history = {
      state: null as unknown,
      pushState: jest.fn((state: unknown, _unused: string, url: string) => {
        location.search = url.slice(url.indexOf('?'));
        history.state = state;
      }),
      replaceState: jest.fn((state: unknown, _unused: string, url: string) => {
        location.search = url.slice(url.indexOf('?'));
        history.state = state;
      }),
    };
    return { address: new AddressBar(location, history), history, location };
  }

  test('when a view is opened then one entry is pushed, and opening it again adds none', () => {
    const { address, history } = bar('?lang=en&view=keys');
    address.show('en', { view: 'case', caseId: CASE_ID }, 'push', MARK);
    address.show('en', { view: 'case', caseId: CASE_ID }, 'push', MARK);
    expect(history.pushState.mock.calls).toEqual([
      [{ mark: MARK }, '', `/staff/?lang=en&view=case&case=${CASE_ID}`],
    ]);
    expect(history.replaceState).not.toHaveBeenCalled();
  });

  test('when a view changes within itself then its entry is replaced', () => {
    const { address, history } = bar('?lang=en&view=inbox');
    address.show(
      'ug',
      { view: 'inbox', inbox: { ...defaultInboxAddress(), page: 2 } },
      'replace',
      MARK,
    );
    expect(history.replaceState.mock.calls).toEqual([
      [{ mark: MARK }, '', '/staff/?lang=ug&view=inbox&page=2'],
    ]);
    expect(history.pushState).not.toHaveBeenCalled();
  });

  test('when an entry was written by another sign-in then it is not followed; an unmarked one is', () => {
    const { address, history } = bar('?lang=en&view=keys');
    expect(address.entryBelongsTo(MARK)).toBe(true);
    expect(address.entryBelongsTo(null)).toBe(true);
    address.show('en', { view: 'case', caseId: CASE_ID }, 'push', 'an earlier sign-in');
    expect(address.entryBelongsTo(MARK)).toBe(false);
    expect(address.entryBelongsTo(null)).toBe(false);
    // The same address with this sign-in's mark replaces the entry rather than adding one.
    address.show('en', { view: 'case', caseId: CASE_ID }, 'push', MARK);
    expect(history.pushState).toHaveBeenCalledTimes(1);
    expect(history.replaceState).toHaveBeenCalledTimes(1);
    expect(address.entryBelongsTo(MARK)).toBe(true);
  });

  test('when the address has a fragment then the bar says so, for the invitation to be read first', () => {
    const { address, location } = bar('?lang=en');
    expect(address.hasFragment()).toBe(false);
    location.hash = '#invite=token';
    expect(address.hasFragment()).toBe(true);
  });
});
