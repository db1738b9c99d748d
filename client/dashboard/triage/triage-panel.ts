/**
 * The triage panel of the case view: status (with an outcome when closing), priority, deadline,
 * assignment, labels, the statistics codes and legal hold, then the case history. Only changed
 * fields are sent (PATCH). These fields are plaintext on the server by design (SECURITY.md "What
 * is stored or logged in plaintext"): labels and codes are short tags, never details about the
 * reporter.
 */
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  COUNTRY_CODES,
  INCIDENT_CATEGORIES,
  MONTH_PATTERN,
} from '../../../contract/vocabulary';
import { element } from '../../shared/dom';
import { AdminApi } from '../admin/admin-api';
import {
  type CaseApi,
  type CaseDetail,
  type CaseSummary,
  type HistoryEntry,
} from '../cases/case-api';
import {
  countryLabel,
  incidentLabel,
  outcomeLabel,
  priorityLabel,
  statusLabel,
} from '../cases/case-labels';
import { knownIncidentType, type ReadReport } from '../cases/report-reader';
import type { DashboardContext } from '../context';
import {
  button,
  casePanel,
  checkboxField,
  field,
  form,
  problemLine,
  selectInput,
  statusLine,
  submitButton,
  textInput,
} from '../controls';
import type { DashboardMessageKey } from '../i18n';
import { describeFailure } from '../session/error-messages';
import { renderHistory } from './history-list';
import {
  initialTriageValues,
  triageChanges,
  type AssigneeChoice,
  type TriageProblem,
} from './triage-changes';

export interface TriagePanel {
  readonly element: HTMLElement;
  /** The decrypted report (to offer its answers as codes), or null once the key locks. */
  setReport(report: ReadReport | null): void;
}

const PROBLEM_KEYS: Readonly<Record<TriageProblem, DashboardMessageKey>> = {
  outcome_required: 'triage.problem.outcomeRequired',
  deadline_invalid: 'triage.problem.deadline',
  month_invalid: 'triage.problem.month',
  labels_invalid: 'triage.problem.labels',
  value_invalid: 'triage.problem.value',
};

interface Assignable {
  readonly id: string;
  readonly username: string;
}

export function createTriagePanel(
  ctx: DashboardContext,
  api: CaseApi,
  detail: CaseDetail,
  onChanged: (summary: CaseSummary) => void,
): TriagePanel {
  const { t } = ctx;
  let current = detail.summary;
  let history: readonly HistoryEntry[] = detail.history;
  let report: ReadReport | null = null;
  let assignable: readonly Assignable[] = [];
  const status = statusLine('triage-status-line');
  const problem = problemLine('triage-problem');
  const formArea = element('div', { id: 'triage-form-area' });
  const historyArea = element('div', { id: 'case-history-area' });
  const panel = casePanel('case-triage', t('triage.title'), [
    formArea,
    problem,
    status,
    element('h4', {}, [t('history.title')]),
    historyArea,
  ]);

  /** History values in words: statuses, priorities, codes and account names where known. */
  const words = (field: string, value: string): string => {
    const status = CASE_STATUSES.find((candidate) => candidate === value);
    const priority = CASE_PRIORITIES.find((candidate) => candidate === value);
    const outcome = CASE_OUTCOMES.find((candidate) => candidate === value);
    if (field === 'status' && status) return statusLabel(t, status);
    if (field === 'priority' && priority) return priorityLabel(t, priority);
    if (field === 'outcome' && outcome) return outcomeLabel(t, outcome);
    if (field === 'incidentCategory') return incidentLabel(t, value);
    if (field === 'hostCountry') return countryLabel(ctx.locale, value);
    if (field === 'legalHold') return value === 'true' ? t('common.yes') : t('common.no');
    if (field === 'assigneeId') {
      const me = ctx.current.user;
      if (me?.id === value) return me.username;
      if (current.assignee?.id === value) return current.assignee.username;
      return assignable.find((account) => account.id === value)?.username ?? value;
    }
    return value;
  };

  const draw = (): void => {
    formArea.replaceChildren(renderForm());
    historyArea.replaceChildren(renderHistory(t, history, words));
  };

  const renderForm = (): HTMLFormElement => {
    const values = initialTriageValues(current);
    const statusSelect = selectInput(
      'triage-status',
      CASE_STATUSES.map((value) => [value, statusLabel(t, value)] as const),
      values.status,
    );
    const outcomeSelect = selectInput(
      'triage-outcome',
      [
        ['', t('triage.outcome.choose')],
        ...CASE_OUTCOMES.map((value) => [value, outcomeLabel(t, value)] as const),
      ],
      values.outcome,
    );
    const outcomeField = field(t('triage.outcome'), outcomeSelect, t('triage.outcome.hint'));
    outcomeField.id = 'triage-outcome-field';
    const showOutcome = (): void => {
      outcomeField.hidden = statusSelect.value !== 'closed';
    };
    statusSelect.addEventListener('change', showOutcome);
    showOutcome();
    const prioritySelect = selectInput(
      'triage-priority',
      CASE_PRIORITIES.map((value) => [value, priorityLabel(t, value)] as const),
      values.priority,
    );
    const deadline = element('input', { type: 'date', id: 'triage-deadline', name: 'deadline' });
    deadline.value = values.deadline;
    const me = ctx.current.user;
    const keepLabel = t('triage.assignee.keep', {
      name: current.assignee?.username ?? t('triage.assignee.nobodyName'),
    });
    const assigneeSelect = selectInput(
      'triage-assignee',
      [
        ['keep', keepLabel],
        ...(me ? [['me', t('triage.assignee.me')] as const] : []),
        ['none', t('triage.assignee.none')],
        ...assignable
          .filter((account) => account.id !== me?.id)
          .map((account) => [`user:${account.id}`, account.username] as const),
      ],
      'keep',
    );
    const labels = textInput('triage-labels', { dir: 'auto', maxlength: '900' });
    labels.value = values.labels;
    const category = selectInput(
      'triage-incident-category',
      [
        ['', t('triage.code.none')],
        ...INCIDENT_CATEGORIES.map((value) => [value, incidentLabel(t, value)] as const),
      ],
      values.incidentCategory,
    );
    const countryCodes: readonly string[] = COUNTRY_CODES;
    const countries = [
      ...countryCodes,
      ...(values.hostCountry && !countryCodes.includes(values.hostCountry)
        ? [values.hostCountry]
        : []),
    ];
    const country = selectInput(
      'triage-host-country',
      [
        ['', t('triage.code.none')],
        ...countries.map((code) => [code, countryLabel(ctx.locale, code)] as const),
      ],
      values.hostCountry,
    );
    const month = element('input', {
      type: 'month',
      id: 'triage-month',
      name: 'month',
      pattern: '[0-9]{4}-[0-9]{2}',
    });
    month.value = values.month;
    const fromReport = button(t('triage.codes.fromReport'), { id: 'triage-codes-from-report' });
    fromReport.disabled = report === null;
    fromReport.addEventListener('click', () => {
      if (!report) return;
      const type = knownIncidentType(report.incidentType);
      if (type) category.value = type;
      const code = COUNTRY_CODES.find((candidate) => candidate === report?.country);
      if (code) country.value = code;
      if (report.month && MONTH_PATTERN.test(report.month)) month.value = report.month;
      status.textContent = t('triage.codes.filled');
    });
    const consentNote = element('p', { id: 'triage-statistics-consent', class: 'hint' });
    if (report?.consentStatistics === false) consentNote.textContent = t('triage.codes.noConsent');
    const legalHold = checkboxField('triage-legal-hold', t('triage.legalHold'), values.legalHold, {
      'aria-describedby': 'triage-legal-hold-hint',
    });

    return form(
      'triage-form',
      [
        element('div', { class: 'filter-grid' }, [
          field(t('triage.status'), statusSelect),
          field(t('triage.priority'), prioritySelect),
          field(t('triage.deadline'), deadline),
          field(t('triage.assignee'), assigneeSelect),
        ]),
        outcomeField,
        field(t('triage.labels'), labels, t('triage.labels.hint')),
        element('fieldset', { class: 'codes' }, [
          element('legend', {}, [t('triage.codes.title')]),
          element('p', { class: 'hint' }, [t('triage.codes.hint')]),
          consentNote,
          element('div', { class: 'filter-grid' }, [
            field(t('triage.incidentCategory'), category),
            field(t('triage.hostCountry'), country),
            field(t('triage.month'), month, t('triage.month.hint')),
          ]),
          fromReport,
        ]),
        legalHold.element,
        element('p', { id: 'triage-legal-hold-hint', class: 'hint' }, [t('triage.legalHold.hint')]),
        submitButton(t('triage.save'), { id: 'triage-save' }),
      ],
      async () => {
        problem.textContent = '';
        status.textContent = '';
        const result = triageChanges(
          current,
          {
            status: statusSelect.value,
            outcome: outcomeSelect.value,
            priority: prioritySelect.value,
            deadline: deadline.value,
            assignee: assigneeSelect.value as AssigneeChoice,
            labels: labels.value,
            incidentCategory: category.value,
            hostCountry: country.value,
            month: month.value,
            legalHold: legalHold.input.checked,
          },
          me?.id ?? null,
        );
        if (!result.ok) {
          problem.textContent = t(PROBLEM_KEYS[result.problem]);
          return;
        }
        if (Object.keys(result.changes).length === 0) {
          status.textContent = t('triage.unchanged');
          return;
        }
        const saved = await api.update(current.caseId, result.changes);
        if (!saved.ok) {
          problem.textContent = describeFailure(t, saved);
          return;
        }
        current = saved.body;
        onChanged(current);
        const fresh = await api.detail(current.caseId);
        if (fresh.ok) history = fresh.body.history;
        draw();
        status.textContent = t('triage.saved');
      },
    );
  };

  draw();
  // Admins may assign to anyone; the staff list is an admin route, so caseworkers get me/nobody.
  if (ctx.current.user?.role === 'admin') {
    void new AdminApi(ctx.client).users().then((result) => {
      if (!result.ok || !panel.isConnected) return;
      assignable = result.body
        .filter((user) => user.status === 'active' && user.role !== 'analyst')
        .map((user) => ({ id: user.id, username: user.username }));
      historyArea.replaceChildren(renderHistory(t, history, words));
      // Added to the open form, not redrawn: what the admin already chose stays.
      const select = panel.querySelector<HTMLSelectElement>('#triage-assignee');
      for (const account of assignable) {
        if (!select || account.id === ctx.current.user?.id) continue;
        select.append(element('option', { value: `user:${account.id}` }, [account.username]));
      }
    });
  }

  return {
    element: panel,
    setReport(next: ReadReport | null): void {
      report = next;
      const fill = panel.querySelector<HTMLButtonElement>('#triage-codes-from-report');
      if (fill) fill.disabled = report === null;
      const note = panel.querySelector('#triage-statistics-consent');
      if (note)
        note.textContent = report?.consentStatistics === false ? t('triage.codes.noConsent') : '';
    },
  };
}
