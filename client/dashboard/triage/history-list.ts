/** The case history (audit entries naming the case), newest last, as plain text. */
import { element } from '../../shared/dom';
import type { HistoryEntry } from '../cases/case-api';
import { displayText } from '../cases/safe-text';
import type { DashboardMessageKey, DashboardTranslate } from '../i18n';

const EVENT_KEYS: Readonly<Record<string, DashboardMessageKey>> = {
  'case.triage_changed': 'history.event.triageChanged',
  'case.note_added': 'history.event.noteAdded',
  'case.reply_sent': 'history.event.replySent',
  'case.shared': 'history.event.shared',
  'case.exported': 'history.event.exported',
  'case.reply_key_confirmed': 'history.event.replyKeyConfirmed',
};

const FIELD_KEYS: Readonly<Record<string, DashboardMessageKey>> = {
  status: 'triage.status',
  outcome: 'triage.outcome',
  priority: 'triage.priority',
  deadline: 'triage.deadline',
  assigneeId: 'triage.assignee',
  labels: 'triage.labels',
  incidentCategory: 'triage.incidentCategory',
  hostCountry: 'triage.hostCountry',
  incidentMonth: 'triage.month',
  legalHold: 'triage.legalHold',
};

/** `2026-03-04T10:20:30.000Z` → `2026-03-04 10:20 UTC`; anything else as it came. */
export function formatHistoryTime(at: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?Z$/.exec(at);
  return match ? `${match[1]} ${match[2]} UTC` : at;
}

/** Turns a stored value of a triage field into words (a status name, a username…). */
export type HistoryValueWords = (field: string, value: string) => string;

/** One line of details: a triage change as "field: from → to", other details as name: value. */
export function describeDetails(
  t: DashboardTranslate,
  details: readonly (readonly [string, string])[],
  words: HistoryValueWords = (_field, value) => value,
): string {
  const map = new Map(details);
  const field = map.get('field');
  if (field !== undefined && map.has('from') && map.has('to')) {
    const name = FIELD_KEYS[field] ? t(FIELD_KEYS[field]) : field;
    // An empty assignee reads as the summary says it ("nobody"), not as an empty value.
    const nothing = field === 'assigneeId' ? t('inbox.unassigned') : t('history.empty');
    const say = (value: string | undefined): string => (value ? words(field, value) : nothing);
    return `${name}: ${say(map.get('from'))} → ${say(map.get('to'))}`;
  }
  return details.map(([name, value]) => `${name}: ${value}`).join('; ');
}

export function renderHistory(
  t: DashboardTranslate,
  entries: readonly HistoryEntry[],
  words?: HistoryValueWords,
): HTMLElement {
  if (entries.length === 0) {
    return element('p', { id: 'case-history', class: 'hint' }, [t('history.none')]);
  }
  return element(
    'ol',
    { id: 'case-history', class: 'history' },
    entries.map((entry) => {
      const eventKey = EVENT_KEYS[entry.event];
      const details = describeDetails(t, entry.details, words);
      return element('li', { 'data-event': entry.event }, [
        element('span', { class: 'history-at', dir: 'ltr' }, [formatHistoryTime(entry.at)]),
        ' — ',
        element('span', { class: 'history-actor', dir: 'auto' }, [
          entry.actor ? displayText(entry.actor) : t('history.unknownActor'),
        ]),
        ' — ',
        eventKey ? t(eventKey) : displayText(entry.event),
        ...(details
          ? [
              element('span', { class: 'history-details', dir: 'auto' }, [
                ` (${displayText(details)})`,
              ]),
            ]
          : []),
      ]);
    }),
  );
}
