/**
 * The inbox: a page of cases (triage fields from the server), each report decrypted here with
 * the unlocked key to show a short summary. Decryption stops at this deployment's limit (a
 * compression bomb is marked, with its case reference, and the other rows carry on), and only a
 * bounded beginning of each plaintext is read (report-preview.ts). Filters, sort and pages are
 * server queries on plaintext triage fields only; the search box filters the decrypted rows of
 * this page in the browser and is never sent. Decrypted text is shown through textContent only
 * and leaves the screen when the key locks. Each row says what is new for this caseworker (a
 * report they never opened, a follow-up since they last opened it) and whether the case needs a
 * reply; both come from the server, which keeps per caseworker only the last message shown.
 */
import { element } from '../../shared/dom';
import { CaseApi, type InboxCase } from '../cases/case-api';
import { decryptStored, type Decrypted } from '../cases/case-crypto';
import { incidentLabel, priorityLabel, statusLabel } from '../cases/case-labels';
import { UPPER_PLAINTEXT_BOUNDS } from '../cases/plaintext-bounds';
import { displayText, matchesSearch, previewText, searchableText } from '../cases/safe-text';
import type { DashboardContext } from '../context';
import { button, field, onClick, problemLine, statusLine, viewSection } from '../controls';
import { renderKeyGate } from '../keys/key-gate';
import { LinksApi } from '../linking/links-api';
import { describeFailure } from '../session/error-messages';
import { renderInboxFilters } from './inbox-filters';
import { inboxQueryString, pageCount } from './inbox-query';
import { readReportPreview } from './report-preview';

interface InboxRow {
  readonly summary: InboxCase;
  readonly row: HTMLTableRowElement;
  readonly preview: HTMLElement;
  /** Decrypted text the search looks in (searchableText); null until decrypted, and after lock. */
  haystack: string | null;
}

export function renderInboxView(ctx: DashboardContext): HTMLElement {
  const { t } = ctx;
  const api = new CaseApi(ctx.client);
  const links = new LinksApi(ctx.client);
  const state = ctx.inbox;
  let rows: InboxRow[] = [];
  /** How much plaintext one report may decrypt to in this deployment (from the list answer). */
  let bounds = UPPER_PLAINTEXT_BOUNDS;
  /** Bumped by every list load: an older answer is dropped. */
  let loads = 0;
  /** Bumped by every decryption run, load, lock and unlock: a running loop stops when it changes. */
  let runs = 0;

  const problem = problemLine('inbox-problem');
  const countLine = statusLine('inbox-count');
  const progressFill = element('span', { class: 'progress-fill' });
  const progressText = element('span', { class: 'progress-text' });
  const progress = element(
    'div',
    {
      id: 'inbox-progress',
      role: 'progressbar',
      'aria-label': t('inbox.progress.label'),
      'aria-valuemin': '0',
      class: 'progress',
    },
    [element('span', { class: 'progress-track' }, [progressFill]), progressText],
  );
  progress.hidden = true;

  // Explicit roles: on narrow screens the rows are laid out as cards (display: block), which
  // would otherwise drop the table semantics in some browsers.
  const body = element('tbody', { role: 'rowgroup' });
  const table = element(
    'table',
    { id: 'inbox-table', role: 'table', 'aria-labelledby': 'inbox-title' },
    [
      element('thead', { role: 'rowgroup' }, [
        element(
          'tr',
          { role: 'row' },
          [
            t('inbox.column.received'),
            t('inbox.column.status'),
            t('inbox.column.priority'),
            t('inbox.column.deadline'),
            t('inbox.column.assignee'),
            t('inbox.column.labels'),
            t('inbox.column.summary'),
            t('inbox.column.open'),
          ].map((title) => element('th', { scope: 'col', role: 'columnheader' }, [title])),
        ),
      ]),
      body,
    ],
  );
  const empty = element('p', { id: 'inbox-empty' });
  empty.hidden = true;
  // Linked cases: "also in N cases" on a row shows this page's cases sharing an identifier.
  const linkedNote = element('p', { id: 'inbox-linked-filter', role: 'status' });
  const clearLinked = button(t('inbox.clearLinked'), { id: 'inbox-linked-clear' });
  const linkedFilter = element('div', { class: 'notice-box' }, [linkedNote, clearLinked]);
  linkedFilter.hidden = true;

  const search = element('input', {
    type: 'search',
    id: 'inbox-search',
    autocomplete: 'off',
    spellcheck: 'false',
    dir: 'auto',
  });
  const searchStatus = statusLine('inbox-search-status');
  const searchArea = element('div', { class: 'search', role: 'search' }, [
    field(t('inbox.search.label'), search, t('inbox.search.hint')),
    searchStatus,
  ]);

  const previous = button(t('inbox.previous'), { id: 'inbox-prev' });
  const next = button(t('inbox.next'), { id: 'inbox-next' });
  const pageLine = element('p', { id: 'inbox-page' });
  const pager = element('nav', { class: 'pager', 'aria-label': t('inbox.pages') }, [
    previous,
    pageLine,
    next,
  ]);

  const view = viewSection('inbox', t('inbox.title'), [
    element('p', {}, [t('inbox.intro')]),
    renderKeyGate(ctx),
    renderInboxFilters(ctx, state.filters, (filters) => {
      state.filters = filters;
      state.page = 1;
      void load();
    }),
    searchArea,
    problem,
    countLine,
    progress,
    linkedFilter,
    element('div', { class: 'table-scroll' }, [table]),
    empty,
    pager,
  ]);

  previous.addEventListener('click', () => {
    if (state.page <= 1) return;
    state.page -= 1;
    void load();
  });
  next.addEventListener('click', () => {
    state.page += 1;
    void load();
  });

  const setProgress = (done: number, total: number): void => {
    const text = t('inbox.progress', { done, total });
    progress.hidden = false;
    progress.setAttribute('aria-valuemax', String(total));
    progress.setAttribute('aria-valuenow', String(done));
    progress.setAttribute('aria-valuetext', text);
    progress.dataset['done'] = String(done === total);
    progressText.textContent = text;
    progressFill.style.inlineSize = `${total === 0 ? 100 : Math.round((done / total) * 100)}%`;
  };

  const applySearch = (): void => {
    const query = search.value;
    if (query.trim() === '') {
      for (const entry of rows) entry.row.hidden = false;
      searchStatus.textContent = '';
      empty.hidden = rows.length > 0;
      return;
    }
    let shown = 0;
    for (const entry of rows) {
      const match = entry.haystack !== null && matchesSearch(entry.haystack, query);
      entry.row.hidden = !match;
      if (match) shown += 1;
    }
    searchStatus.textContent = t('inbox.search.result', { shown, total: rows.length });
    empty.hidden = true;
  };
  search.addEventListener('input', applySearch);

  const showAll = (): void => {
    linkedFilter.hidden = true;
    delete view.dataset['linkedTo'];
    applySearch();
  };
  clearLinked.addEventListener('click', showAll);

  /** Only the rows of the cases that share an identifier with `caseId` (and it). */
  const filterLinked = async (caseId: string): Promise<void> => {
    const linked = await links.caseLinks(caseId);
    if (!view.isConnected) return;
    if (!linked.ok) {
      problem.textContent = describeFailure(t, linked);
      return;
    }
    const shown = new Set([caseId, ...linked.body.linkedCases.map((entry) => entry.caseId)]);
    for (const entry of rows) entry.row.hidden = !shown.has(entry.summary.caseId);
    linkedNote.textContent = t('inbox.linkedFilter', { reference: caseId.slice(0, 8) });
    linkedFilter.hidden = false;
    view.dataset['linkedTo'] = caseId;
  };

  /** "also in N cases" on each row linked to others; nothing for a role that may not ask. */
  const markLinked = async (mine: number): Promise<void> => {
    if (ctx.current.user?.role !== 'caseworker') return;
    const counts = await links.counts(rows.map((entry) => entry.summary.caseId));
    if (!counts.ok || mine !== loads || !view.isConnected) return;
    for (const entry of rows) {
      const count = counts.body.get(entry.summary.caseId);
      if (count === undefined) continue;
      const mark = button(t('inbox.alsoIn', { count }), {
        'data-badge': 'linked',
        'aria-label': `${t('inbox.alsoIn', { count })}: ${t('inbox.showLinked')}`,
      });
      onClick(mark, () => filterLinked(entry.summary.caseId));
      entry.row.querySelector('td')?.append(' ', mark);
    }
  };

  /** Removes every decrypted word from the screen (lock, new page). */
  const forgetDecrypted = (): void => {
    runs += 1;
    for (const entry of rows) {
      entry.haystack = null;
      entry.preview.dataset['state'] = 'locked';
      entry.preview.replaceChildren(t('inbox.summary.locked'));
    }
    search.value = '';
    applySearch();
    progress.hidden = true;
    delete progress.dataset['done'];
  };

  const decryptRows = async (): Promise<void> => {
    runs += 1;
    const mine = runs;
    const handle = ctx.keys.unlocked;
    if (!handle) {
      forgetDecrypted();
      return;
    }
    const total = rows.length;
    setProgress(0, total);
    for (const [index, entry] of rows.entries()) {
      entry.preview.dataset['state'] = 'pending';
      entry.preview.replaceChildren(t('inbox.summary.pending'));
      const decrypted = await decryptStored(handle, entry.summary.report, bounds.report);
      // Security: the key was locked or the page changed meanwhile; show nothing from this run.
      if (mine !== runs || ctx.keys.unlocked !== handle || !view.isConnected) return;
      fillPreview(ctx, entry, decrypted);
      setProgress(index + 1, total);
    }
    // Done: the bar goes; the rows themselves now say what each holds.
    progress.hidden = true;
    applySearch();
  };

  const load = async (): Promise<void> => {
    loads += 1;
    runs += 1;
    const mine = loads;
    ctx.inboxChanged();
    problem.textContent = '';
    countLine.textContent = t('common.loading');
    const result = await api.list(inboxQueryString(state.filters, state.page));
    if (mine !== loads || !view.isConnected) return;
    if (!result.ok) {
      countLine.textContent = '';
      problem.textContent = describeFailure(t, result);
      return;
    }
    const { cases, total, pageSize } = result.body;
    bounds = result.body.bounds;
    const pages = pageCount(total, pageSize);
    if (state.page > pages && total > 0) {
      state.page = pages;
      void load();
      return;
    }
    rows = cases.map((summary) => renderRow(ctx, summary));
    body.replaceChildren(...rows.map((entry) => entry.row));
    linkedFilter.hidden = true;
    void markLinked(mine);
    countLine.textContent = t('inbox.count', { count: total });
    pageLine.textContent = t('inbox.page', { page: state.page, pages });
    previous.disabled = state.page <= 1;
    next.disabled = state.page >= pages;
    empty.textContent = t('inbox.empty');
    search.value = '';
    applySearch();
    await decryptRows();
  };

  const unsubscribe = ctx.keys.onChange((reason) => {
    if (!view.isConnected) {
      unsubscribe();
      return;
    }
    if (reason !== null) forgetDecrypted();
    else void decryptRows();
  });

  void load();
  return view;
}

function badge(
  text: string,
  kind: 'urgent' | 'overdue' | 'hold' | 'unseen' | 'needs-reply',
): HTMLElement {
  return element('span', { class: `badge badge-${kind}`, 'data-badge': kind }, [text]);
}

/** What is new for this caseworker and whether a reply is due, in words (never colour alone). */
function caseMarks(ctx: DashboardContext, summary: InboxCase): Node[] {
  const { t } = ctx;
  const marks: Node[] = [];
  if (summary.unseen) {
    const text =
      summary.unseen === 'report' ? t('inbox.badge.newReport') : t('inbox.badge.newFollowUp');
    marks.push(badge(text, 'unseen'));
  }
  if (summary.needsReply) marks.push(badge(t('inbox.badge.needsReply'), 'needs-reply'));
  return marks.length === 0 ? [] : [element('span', { class: 'case-marks' }, marks)];
}

function renderRow(ctx: DashboardContext, summary: InboxCase): InboxRow {
  const { t } = ctx;
  const urgent = summary.priority === 'urgent';
  const preview = element('p', { class: 'case-summary', 'data-state': 'locked' }, [
    t('inbox.summary.locked'),
  ]);
  const open = button(t('inbox.open'), {
    'data-action': 'open-case',
    'aria-label': t('inbox.openCase', { day: summary.receivedOn }),
  });
  open.addEventListener('click', () => ctx.openCase(summary.caseId));
  const classes = [
    'case-row',
    urgent ? 'is-urgent' : '',
    summary.overdue ? 'is-overdue' : '',
    summary.unseen ? 'is-unseen' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const row = element(
    'tr',
    {
      class: classes,
      role: 'row',
      'data-case-id': summary.caseId,
      'data-status': summary.status,
      'data-priority': summary.priority,
      'data-overdue': String(summary.overdue),
      'data-unseen': summary.unseen ?? 'none',
      'data-needs-reply': String(summary.needsReply),
    },
    [
      element('td', { role: 'cell', 'data-label': t('inbox.column.received') }, [
        element('span', { dir: 'ltr', class: 'day' }, [summary.receivedOn]),
        ...caseMarks(ctx, summary),
      ]),
      element('td', { role: 'cell', 'data-label': t('inbox.column.status') }, [
        statusLabel(t, summary.status),
        ...(summary.legalHold ? [' ', badge(t('inbox.badge.legalHold'), 'hold')] : []),
      ]),
      element('td', { role: 'cell', 'data-label': t('inbox.column.priority') }, [
        urgent ? badge(t('inbox.badge.urgent'), 'urgent') : priorityLabel(t, summary.priority),
      ]),
      element('td', { role: 'cell', 'data-label': t('inbox.column.deadline') }, [
        summary.deadline
          ? element('span', { dir: 'ltr', class: 'day' }, [summary.deadline])
          : t('inbox.noDeadline'),
        ...(summary.overdue ? [' ', badge(t('inbox.badge.overdue'), 'overdue')] : []),
      ]),
      element('td', { role: 'cell', 'data-label': t('inbox.column.assignee') }, [
        summary.assignee ? summary.assignee.username : t('inbox.unassigned'),
      ]),
      element('td', { role: 'cell', 'data-label': t('inbox.column.labels') }, [
        element('span', { dir: 'auto' }, [displayText(summary.labels.join(', '))]),
      ]),
      element(
        'td',
        { role: 'cell', class: 'summary-cell', 'data-label': t('inbox.column.summary') },
        [preview],
      ),
      element('td', { role: 'cell', class: 'open-cell' }, [open]),
    ],
  );
  return { summary, row, preview, haystack: null };
}

/**
 * The row's summary: incident type and the start of "what happened", as text only, from a
 * bounded beginning of the plaintext (report-preview.ts). A report that cannot be shown safely
 * (larger than this service accepts, or not decryptable) says so, with its case reference; the
 * other rows are unaffected.
 */
function fillPreview(ctx: DashboardContext, entry: InboxRow, decrypted: Decrypted): void {
  const { t } = ctx;
  if (!decrypted.ok) {
    const tooLarge = decrypted.code === 'plaintext_too_large';
    entry.haystack = null;
    entry.preview.dataset['state'] = tooLarge ? 'too-large' : 'failed';
    entry.preview.replaceChildren(
      tooLarge ? t('inbox.summary.tooLarge') : t('inbox.summary.unreadable'),
      ' ',
      t('case.reference'),
      ' ',
      element('code', { dir: 'ltr', class: 'case-ref' }, [entry.summary.caseId.slice(0, 8)]),
    );
    return;
  }
  const { report, text, long } = readReportPreview(decrypted.plaintext);
  const type = report?.incidentType ? incidentLabel(t, report.incidentType) : null;
  entry.preview.dataset['state'] = 'decrypted';
  entry.preview.dataset['long'] = String(long);
  // Security: text nodes only; the story is isolated (dir=auto) so it cannot reorder the row.
  entry.preview.replaceChildren(
    ...(type ? [element('strong', { class: 'incident' }, [type]), ' '] : []),
    ...(long ? [element('strong', { class: 'long-text' }, [t('inbox.summary.long')]), ' '] : []),
    element('span', { dir: 'auto', class: 'decrypted' }, [previewText(text)]),
  );
  // Short fields first: the search looks only at the beginning of a long text.
  entry.haystack = searchableText(
    [
      type ?? '',
      entry.summary.labels.join(' '),
      entry.summary.assignee?.username ?? '',
      report?.city ?? '',
      text,
      report?.involved ?? '',
      report?.deadlineDetails ?? '',
    ].join('\n'),
  );
}
