/**
 * One case: the decrypted report, its files and thread with the note and reply composers, the
 * triage panel with the history, who can read it (and sharing), and the export. Everything
 * decrypted lives only in this view and leaves the screen the moment the key locks; the triage
 * fields (plaintext on the server by design) stay. Once the thread is decrypted on screen, the
 * caseworker's own read mark moves to its last message, which clears the case's "new" mark in
 * their inbox (and only theirs).
 */
import { element } from '../../shared/dom';
import { CaseApi, type CaseDetail, type CaseSummary } from '../cases/case-api';
import { priorityLabel, statusLabel } from '../cases/case-labels';
import { displayText } from '../cases/safe-text';
import type { DashboardContext } from '../context';
import { button, casePanel, problemLine, statusLine, viewSection } from '../controls';
import { renderKeyGate } from '../keys/key-gate';
import { describeFailure } from '../session/error-messages';
import { createTriagePanel, type TriagePanel } from '../triage/triage-panel';
import { decryptCase } from './decrypt-case';
import { renderFilesPanel } from './files-panel';
import { renderLinksPanel } from './links-panel';
import { renderReportPanel } from './report-panel';
import { readThroughSeq } from './seen-seq';
import { renderAccessPanel, renderExportPanel } from './share-panel';
import { trustedReplyKeyFingerprint } from './reply-key-check';
import { renderReplyKeyPanel } from './reply-key-panel';
import { renderComposer, renderThreadList } from './thread-panel';

export function renderCaseView(ctx: DashboardContext, caseId: string): HTMLElement {
  const { t } = ctx;
  const api = new CaseApi(ctx.client);
  const back = button(t('case.back'), { id: 'case-back' });
  back.addEventListener('click', () => ctx.openSection('inbox'));
  const problem = problemLine('case-problem');
  const overview = element('dl', { id: 'case-overview', class: 'overview' });
  const content = element('div', { id: 'case-content', 'aria-live': 'polite' });
  const panels = element('div', { id: 'case-panels' });
  const view = viewSection('case', t('case.title'), [
    back,
    element('p', { class: 'case-ref' }, [
      t('case.reference'),
      ' ',
      element('code', { dir: 'ltr' }, [caseId.slice(0, 8)]),
    ]),
    problem,
    overview,
    renderKeyGate(ctx),
    content,
    panels,
  ]);
  view.dataset['caseId'] = caseId;
  const heading = view.querySelector('h2');

  let detail: CaseDetail | null = null;
  let triage: TriagePanel | null = null;
  /** Bumped by every decryption, lock and unlock: a running decryption stops when it changes. */
  let runs = 0;
  const threadSlot = element('div', { id: 'thread-slot' });
  const filesSlot = element('div', { id: 'files-slot' });

  const showOverview = (summary: CaseSummary): void => {
    if (heading) heading.textContent = t('case.titleReceived', { day: summary.receivedOn });
    view.dataset['status'] = summary.status;
    const row = (label: string, value: string | Node, ...extra: Node[]): Node[] => [
      element('dt', {}, [label]),
      element('dd', {}, [value, ...extra]),
    ];
    overview.replaceChildren(
      ...row(t('triage.status'), statusLabel(t, summary.status)),
      ...row(
        t('triage.priority'),
        summary.priority === 'urgent'
          ? element('span', { class: 'badge badge-urgent' }, [t('inbox.badge.urgent')])
          : priorityLabel(t, summary.priority),
      ),
      ...row(
        t('triage.deadline'),
        summary.deadline
          ? element('span', { dir: 'ltr' }, [summary.deadline])
          : t('inbox.noDeadline'),
        ...(summary.overdue
          ? [
              document.createTextNode(' '),
              element('span', { class: 'badge badge-overdue' }, [t('inbox.badge.overdue')]),
            ]
          : []),
      ),
      ...row(t('triage.assignee'), summary.assignee?.username ?? t('inbox.unassigned')),
      ...row(t('triage.labels'), displayText(summary.labels.join(', ')) || '—'),
    );
  };

  /**
   * The caseworker read the thread up to `seq` (seen-seq.ts). A failure leaves the case marked new in
   * their inbox, which only costs a second look. `data-seen-seq` says what the server stored.
   */
  const markSeen = async (seq: number): Promise<void> => {
    const stored = await api.markSeen(caseId, seq);
    if (stored.ok) view.dataset['seenSeq'] = String(stored.body);
  };

  const lockedNote = (): HTMLElement =>
    element('p', { id: 'case-locked', class: 'notice-box' }, [t('case.locked')]);

  /** Decrypts and shows the report, files and thread; `threadOnly` keeps the report as it is. */
  const showDecrypted = async (threadOnly = false): Promise<void> => {
    runs += 1;
    const mine = runs;
    const current = detail;
    if (!current) return;
    const handle = ctx.keys.unlocked;
    if (!handle) {
      content.replaceChildren(lockedNote());
      triage?.setReport(null);
      return;
    }
    const working = statusLine('case-decrypting');
    working.textContent = t('case.decrypting', { count: current.thread.length });
    if (threadOnly) threadSlot.prepend(working);
    else content.replaceChildren(working);
    const decrypted = await decryptCase(
      api,
      handle,
      current,
      () => mine === runs && ctx.keys.unlocked === handle && view.isConnected,
    );
    if (!decrypted) return;
    triage?.setReport(decrypted.report.readable ? decrypted.report.report : null);
    threadSlot.replaceChildren(renderThreadList(ctx, decrypted.thread));
    const readThrough = readThroughSeq(decrypted);
    if (readThrough !== null) void markSeen(readThrough);
    filesSlot.replaceChildren(renderFilesPanel(ctx, api, current, decrypted.files));
    if (threadOnly) return;
    const refresh = async (threadOnly: boolean): Promise<void> => {
      const fresh = await api.detail(caseId);
      if (!fresh.ok || !view.isConnected) return;
      detail = fresh.body;
      showOverview(fresh.body.summary);
      await showDecrypted(threadOnly);
    };
    const refreshThread = (): Promise<void> => refresh(true);
    content.replaceChildren(
      renderReportPanel(ctx, caseId, decrypted.report),
      // Linking is the caseworkers' alone (the server refuses admins too).
      ...(ctx.current.user?.role === 'caseworker'
        ? [
            renderLinksPanel(
              ctx,
              api,
              caseId,
              decrypted.report.readable ? decrypted.report.report : null,
              handle,
            ),
          ]
        : []),
      filesSlot,
      casePanel('case-thread', t('thread.title'), [
        threadSlot,
        renderComposer(ctx, api, current, 'note', refreshThread),
        // A confirmed reply key changes what the composer may send: everything is redrawn.
        renderReplyKeyPanel(ctx, api, caseId, decrypted.replyKey, () => refresh(false)),
        renderComposer(
          ctx,
          api,
          current,
          'reply',
          refreshThread,
          trustedReplyKeyFingerprint(decrypted.replyKey),
        ),
      ]),
    );
  };

  const unsubscribe = ctx.keys.onChange((reason) => {
    if (!view.isConnected) {
      unsubscribe();
      return;
    }
    if (reason !== null) {
      // Security: every decrypted word leaves the screen with the key.
      runs += 1;
      content.replaceChildren(lockedNote());
      triage?.setReport(null);
      return;
    }
    void showDecrypted();
  });

  void (async () => {
    content.replaceChildren(element('p', { role: 'status' }, [t('common.loading')]));
    const result = await api.detail(caseId);
    if (!view.isConnected) return;
    if (!result.ok) {
      content.replaceChildren();
      problem.textContent = describeFailure(t, result);
      return;
    }
    detail = result.body;
    showOverview(detail.summary);
    triage = createTriagePanel(ctx, api, detail, (summary) => {
      if (detail) detail = { ...detail, summary: { ...summary, report: detail.summary.report } };
      showOverview(summary);
    });
    panels.replaceChildren(
      triage.element,
      renderAccessPanel(ctx, api, caseId),
      renderExportPanel(ctx, api, caseId),
    );
    await showDecrypted();
  })();
  return view;
}
