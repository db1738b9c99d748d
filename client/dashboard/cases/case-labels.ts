/** Words for the triage vocabulary, through the i18n layer; codes we do not know stay codes. */
import {
  COUNTRY_CODES,
  INCIDENT_CATEGORIES,
  type CaseOutcome,
  type CasePriority,
  type CaseStatus,
  type ThreadKind,
} from '../../../contract/vocabulary';
import type { DashboardLocaleCode, DashboardTranslate } from '../i18n';
import { displayText } from './safe-text';

export function statusLabel(t: DashboardTranslate, status: CaseStatus): string {
  return t(`case.status.${status}`);
}

export function priorityLabel(t: DashboardTranslate, priority: CasePriority): string {
  return t(`case.priority.${priority}`);
}

export function outcomeLabel(t: DashboardTranslate, outcome: CaseOutcome): string {
  return t(`case.outcome.${outcome}`);
}

export function kindLabel(t: DashboardTranslate, kind: ThreadKind): string {
  return t(kind === 'follow-up' ? 'thread.kind.followUp' : `thread.kind.${kind}`);
}

/** The reporter form's incident type in words; anything else (attacker-chosen) shown as text. */
export function incidentLabel(t: DashboardTranslate, type: string): string {
  const known = INCIDENT_CATEGORIES.find((candidate) => candidate === type);
  return known ? t(`incident.${known}`) : displayText(type.slice(0, 80));
}

/** A country's name in the dashboard's language (Intl.DisplayNames), with its code. */
export function countryLabel(locale: DashboardLocaleCode, code: string): string {
  const known = COUNTRY_CODES.find((candidate) => candidate === code);
  if (!known) return displayText(code.slice(0, 80));
  try {
    const name = new Intl.DisplayNames([locale, 'en'], { type: 'region' }).of(known);
    return name && name !== known ? `${name} (${known})` : known;
  } catch {
    return known;
  }
}
