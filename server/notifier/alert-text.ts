/**
 * What an alert says: how many of which kind, and nothing else. No case id, no category, no
 * country, no time, no word of a report: a mail provider or chat bridge that reads every alert
 * learns only that there was activity, how much of each kind, and (from when alerts arrive) in
 * which batch window. One subject for every alert, so a notification preview shows nothing more.
 */
import { ALERT_COUNTS, type AlertCount } from '../../contract/api/alerts';

export type AlertCounts = Partial<Record<AlertCount, number>>;

export const ALERT_SUBJECT = 'Amanat: new activity';

const PHRASES: Record<AlertCount, readonly [one: string, many: string]> = {
  reports: ['new report', 'new reports'],
  followUps: ['new follow-up', 'new follow-ups'],
  deadlines: ['case deadline coming due', 'case deadlines coming due'],
  directoryExpiring: [
    'warning: the signed recipient directory expires soon (intake stops when it does)',
    'warnings: the signed recipient directory expires soon (intake stops when it does)',
  ],
  backupOverdue: [
    'warning: no backup has succeeded lately',
    'warnings: no backup has succeeded lately',
  ],
  storageWatermark: [
    'warning: the storage watermark is reached',
    'warnings: the storage watermark is reached',
  ],
  auditChainBroken: [
    'warning: the audit chain does not verify',
    'warnings: the audit chain does not verify',
  ],
};

/** The lines of an alert, one per kind with a count, in a fixed order. */
export function alertLines(counts: AlertCounts): string[] {
  return ALERT_COUNTS.flatMap((kind) => {
    const count = counts[kind] ?? 0;
    if (count <= 0) return [];
    const [one, many] = PHRASES[kind];
    return [`${count} ${count === 1 ? one : many}`];
  });
}

export function alertText(counts: AlertCounts): string {
  return [
    ...alertLines(counts),
    '',
    'Sign in to the Amanat dashboard to see more. Alerts never carry content.',
  ].join('\n');
}
