/**
 * Reporter actions (the recipient directory their page fetches, reports, receipt lookups,
 * follow-ups, attachment parts) write no log line of their own. Every line carries the moment it
 * was written — pino's `time`, and the log collector's own stamp, which no field list removes —
 * so a line per refused or failed request would date a reporter's action to the second, where
 * the database keeps only the day. Their refusals and failures are counted instead, by code, and
 * written once a day, at UTC midnight, for the day that ended. Successful reporter requests are
 * not logged at all.
 */
import type { RequestHandler, Response } from 'express';
import { API_ROUTES } from '../../contract/routes';
import type { Logger } from './logger';

const REPORTER_REQUEST = 'reporterRequest';
const DAY_MS = 86_400_000;

/**
 * Where reporter actions live: the first segments of every route the contract opens to reporters
 * (`/api/<segment>` for the API: the directory the page fetches, reports, receipts, attachment
 * parts; `/<segment>` otherwise: the no-JavaScript forms, the page's assets), plus the page itself
 * at `/`. Everything under a prefix is a reporter action, unknown sub-paths included, so a route
 * added to the contract for reporters is marked without another list to keep.
 */
const REPORTER_PREFIXES: readonly string[] = [
  ...new Set(
    API_ROUTES.filter((route) => route.access === 'reporter' && route.path !== '/').map((route) =>
      route.path
        .split('/')
        .slice(0, route.path.startsWith('/api/') ? 3 : 2)
        .join('/'),
    ),
  ),
];

export function isReporterPath(path: string): boolean {
  return (
    path === '/' ||
    REPORTER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))
  );
}

/** Marks reporter actions (isReporterPath) as such, before anything can fail. */
export function markReporterRequests(): RequestHandler {
  return (req, res, next) => {
    if (isReporterPath(req.path)) res.locals[REPORTER_REQUEST] = true;
    next();
  };
}

export function isReporterRequest(res: Response): boolean {
  return res.locals[REPORTER_REQUEST] === true;
}

export type ReporterOutcome = 'refused' | 'failed';

/** Counts of refused (4xx) and failed (5xx) reporter requests per code, written once a day. */
export class ReporterRequestCounts {
  private readonly counts = new Map<
    string,
    { outcome: ReporterOutcome; code: string; count: number }
  >();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly logger: Logger) {}

  count(outcome: ReporterOutcome, code: string): void {
    const key = `${outcome}\0${code}`;
    const entry = this.counts.get(key) ?? { outcome, code, count: 0 };
    entry.count++;
    this.counts.set(key, entry);
  }

  /** Writes one line per outcome and code counted since the last write, then starts over. */
  write(): void {
    for (const { outcome, code, count } of this.counts.values()) {
      const fields = { event: `reporter.requests_${outcome}`, code, count };
      if (outcome === 'failed') this.logger.error(fields);
      else this.logger.info(fields);
    }
    this.counts.clear();
  }

  /**
   * Writes at every UTC midnight. Stopping does not write: a line at the moment an instance
   * stops would bound the time of the requests it counts. Counts of an unfinished day are lost.
   */
  start(now: () => number = Date.now): void {
    this.stop();
    const untilMidnight = DAY_MS - (now() % DAY_MS);
    this.timer = setTimeout(() => {
      this.write();
      this.start(now);
    }, untilMidnight);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
