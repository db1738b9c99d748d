/**
 * Reporter requests' refusals and failures reach the log only as the day's counts, written at UTC
 * midnight, never when a request happens and never when an instance stops (that moment would
 * bound the requests' time). Jest's fake clock stands in for the day passing.
 */
import type { Response } from 'express';
import { handleErrors } from '../../../../server/platform/error-handler';
import { MongoNetworkError } from 'mongodb';
import { AppError, ServiceUnavailableError } from '../../../../server/platform/errors';
import type { LogFields, Logger } from '../../../../server/platform/logger';
import {
  isReporterPath,
  markReporterRequests,
  ReporterRequestCounts,
} from '../../../../server/platform/reporter-requests';

const MIDNIGHT = Date.UTC(2026, 5, 1);
const HOUR = 3_600_000;

function capturingLogger(): { logger: Logger; lines: (LogFields & { level: string })[] } {
  const lines: (LogFields & { level: string })[] = [];
  const at =
    (level: string) =>
    (fields: LogFields): void => {
      lines.push({ level, ...fields });
    };
  return {
    lines,
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
  };
}

/** A response as Express hands it to the error handler, marked as a reporter request or not. */
function response(reporter: boolean): Response {
  const res = {
    headersSent: false,
    locals: { requestId: 'req-1' },
    setHeader: () => res,
    status: () => res,
    json: () => res,
  } as unknown as Response;
  markReporterRequests()(
    { path: reporter ? '/api/reports' : '/api/cases' } as never,
    res,
    () => {},
  );
  return res;
}

describe('reporter requests are counted, not logged one by one', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: MIDNIGHT + 13 * HOUR + 17 * 60_000 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test('when reporter requests are refused or fail then nothing is logged until midnight, then one line per code', () => {
    const { logger, lines } = capturingLogger();
    const counts = new ReporterRequestCounts(logger);
    counts.start();
    const handle = handleErrors(logger, counts);
    const refused = new AppError(422, 'reply_key_invalid', 'TEST ONLY');
    handle(refused, {} as never, response(true), () => {});
    handle(refused, {} as never, response(true), () => {});
    handle(new Error('boom'), {} as never, response(true), () => {});
    handle(refused, {} as never, response(false), () => {}); // a staff request: logged at once
    expect(lines).toEqual([
      { level: 'debug', event: 'request.refused', code: 'reply_key_invalid', requestId: 'req-1' },
    ]);

    jest.advanceTimersByTime(10 * HOUR + 42 * 60_000); // one minute before midnight
    expect(lines).toHaveLength(1);
    jest.advanceTimersByTime(60_000);
    expect(lines.slice(1)).toEqual([
      { level: 'info', event: 'reporter.requests_refused', code: 'reply_key_invalid', count: 2 },
      { level: 'error', event: 'reporter.requests_failed', code: 'internal_error', count: 1 },
    ]);

    // The next day starts from zero, and its counts go out at the next midnight.
    handle(refused, {} as never, response(true), () => {});
    jest.advanceTimersByTime(24 * HOUR);
    expect(lines.slice(3)).toEqual([
      { level: 'info', event: 'reporter.requests_refused', code: 'reply_key_invalid', count: 1 },
    ]);
    counts.stop();
  });

  test('when reporter requests fail in different ways then each failure is counted by the code the reporter was answered', () => {
    const { logger, lines } = capturingLogger();
    const counts = new ReporterRequestCounts(logger);
    const handle = handleErrors(logger, counts);
    const answered = (error: unknown): void => {
      handle(error, {} as never, response(true), () => {});
    };
    answered(new ServiceUnavailableError('directory_expired', 'TEST ONLY'));
    answered(new ServiceUnavailableError('directory_expired', 'TEST ONLY'));
    answered(new ServiceUnavailableError('attachments_busy', 'TEST ONLY', 5));
    answered(new MongoNetworkError('TEST ONLY connection refused'));
    answered(new TypeError('TEST ONLY'));
    counts.write();
    expect(lines).toEqual([
      { level: 'error', event: 'reporter.requests_failed', code: 'directory_expired', count: 2 },
      { level: 'error', event: 'reporter.requests_failed', code: 'attachments_busy', count: 1 },
      { level: 'error', event: 'reporter.requests_failed', code: 'database_unavailable', count: 1 },
      { level: 'error', event: 'reporter.requests_failed', code: 'internal_error', count: 1 },
    ]);
  });

  test('when the instance stops then the unfinished day is not written', () => {
    const { logger, lines } = capturingLogger();
    const counts = new ReporterRequestCounts(logger);
    counts.start();
    counts.count('refused', 'invalid_field');
    counts.stop();
    jest.advanceTimersByTime(48 * HOUR);
    expect(lines).toEqual([]);
  });
});

describe('which requests are reporter actions', () => {
  test.each([
    '/',
    '/api/recipients',
    '/api/reports',
    '/api/receipts/case',
    '/api/attachments/abc/parts/0',
    '/no-js/report',
    '/no-js/status',
    '/no-js/anything-else',
    '/assets/reporter-ABC.js',
  ])('when %s is asked for then it is a reporter action (counted, never logged)', (path) => {
    expect(isReporterPath(path)).toBe(true);
  });

  test.each([
    '/staff/',
    '/staff/assets/dashboard-ABC.js',
    '/api/cases',
    '/api/auth/login',
    '/healthz',
    '/no-jsx',
  ])('when %s is asked for then it is not a reporter action', (path) => {
    expect(isReporterPath(path)).toBe(false);
  });
});
