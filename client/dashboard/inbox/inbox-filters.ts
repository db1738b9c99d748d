/**
 * The inbox's filters form: a server-side query on plaintext triage fields only (status,
 * priority, assignee, label, overdue, needs a reply, received between, sort). Nothing decrypted
 * is ever part of it; the search box, which looks in decrypted text, stays in the inbox view.
 */
import { CASE_PRIORITIES, CASE_STATUSES } from '../../../contract/vocabulary';
import { element } from '../../shared/dom';
import { priorityLabel, statusLabel } from '../cases/case-labels';
import type { DashboardContext } from '../context';
import { checkboxField, field, form, selectInput, submitButton, textInput } from '../controls';
import { ASSIGNEE_FILTERS, INBOX_SORTS, type InboxFilters, type InboxSort } from './inbox-query';

export function renderInboxFilters(
  ctx: DashboardContext,
  current: InboxFilters,
  onApply: (filters: InboxFilters) => void,
): HTMLElement {
  const { t } = ctx;
  const statuses = CASE_STATUSES.map((status) =>
    checkboxField(
      `inbox-status-${status}`,
      statusLabel(t, status),
      current.statuses.includes(status),
      {
        name: 'status',
        value: status,
      },
    ),
  );
  const priority = selectInput(
    'inbox-priority',
    [
      ['', t('inbox.filter.any')],
      ...CASE_PRIORITIES.map((value) => [value, priorityLabel(t, value)] as const),
    ],
    current.priority ?? '',
  );
  const assignee = selectInput(
    'inbox-assignee',
    ASSIGNEE_FILTERS.map((value) => [value, t(`inbox.filter.assignee.${value}`)] as const),
    current.assignee,
  );
  const label = textInput('inbox-label', { maxlength: '40', dir: 'auto' });
  label.value = current.label;
  const overdue = checkboxField('inbox-overdue', t('inbox.filter.overdue'), current.overdueOnly);
  const needsReply = checkboxField(
    'inbox-needs-reply',
    t('inbox.filter.needsReply'),
    current.needsReplyOnly,
  );
  const from = element('input', { type: 'date', id: 'inbox-received-from', name: 'receivedFrom' });
  from.value = current.receivedFrom;
  const to = element('input', { type: 'date', id: 'inbox-received-to', name: 'receivedTo' });
  to.value = current.receivedTo;
  const sort = selectInput(
    'inbox-sort',
    INBOX_SORTS.map((value) => [value, t(`inbox.sort.${value}`)] as const),
    current.sort,
  );
  return form(
    'inbox-filters',
    [
      element('fieldset', { class: 'choices' }, [
        element('legend', {}, [t('inbox.filter.status')]),
        ...statuses.map((choice) => choice.element),
      ]),
      element('div', { class: 'filter-grid' }, [
        field(t('inbox.filter.priority'), priority),
        field(t('inbox.filter.assignee'), assignee),
        field(t('inbox.filter.label'), label),
        field(t('inbox.filter.receivedFrom'), from),
        field(t('inbox.filter.receivedTo'), to),
        field(t('inbox.sort.label'), sort),
      ]),
      overdue.element,
      needsReply.element,
      submitButton(t('inbox.filter.apply'), { id: 'inbox-apply' }),
    ],
    () => {
      onApply({
        statuses: CASE_STATUSES.filter((_, index) => statuses[index]?.input.checked === true),
        priority: CASE_PRIORITIES.find((value) => value === priority.value) ?? null,
        assignee: ASSIGNEE_FILTERS.find((value) => value === assignee.value) ?? 'any',
        label: label.value.trim(),
        overdueOnly: overdue.input.checked,
        needsReplyOnly: needsReply.input.checked,
        receivedFrom: from.value,
        receivedTo: to.value,
        sort: INBOX_SORTS.find((value): value is InboxSort => value === sort.value) ?? 'urgency',
      });
      return Promise.resolve();
    },
  );
}
