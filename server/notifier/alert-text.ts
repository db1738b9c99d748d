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

/**
 * The counts an alert shows: those of the known kinds that are whole numbers above 0, in a fixed
 * order. Counts are read back from the database (outbox events, deliveries), where a database
 * writer can plant anything: a count that is text ("visit https://...") would otherwise reach
 * staff inside the organisation's own alert, and a webhook would pass it on as it is.
 */
export function shownCounts(counts: AlertCounts): AlertCounts {
  const shown: AlertCounts = {};
  for (const kind of ALERT_COUNTS) {
    const count: unknown = counts[kind];
    if (typeof count === 'number' && Number.isSafeInteger(count) && count > 0) shown[kind] = count;
  }
  return shown;
}

/** The lines of an alert, one per kind with a count, in a fixed order. */
export function alertLines(counts: AlertCounts): string[] {
  const shown = shownCounts(counts);
  return ALERT_COUNTS.flatMap((kind) => {
    const count = shown[kind];
    if (count === undefined) return [];
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
