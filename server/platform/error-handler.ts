import type { ErrorRequestHandler, RequestHandler } from 'express';
import { databaseUnavailable, isDatabaseUnavailableError } from './db-errors';
import { ERROR_CODE_HEADER, errorPageOf } from './error-pages';
import {
  AppError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from './errors';
import type { Logger } from './logger';
import { isReporterRequest, type ReporterRequestCounts } from './reporter-requests';
import { requestIdOf } from './request-id';

/** body-parser errors carry a `type`; we map them to stable codes instead of leaking its messages. */
interface BodyParserError {
  type?: string;
  limit?: number;
  status?: number;
}

const BODY_PARSER_ERRORS: Record<string, () => AppError> = {
  'entity.parse.failed': () =>
    new AppError(400, 'invalid_json', 'The request body is not valid JSON.'),
  'encoding.unsupported': () =>
    new AppError(
      415,
      'unsupported_encoding',
      'The request body uses an unsupported content encoding.',
    ),
  'charset.unsupported': () =>
    new AppError(415, 'unsupported_charset', 'The request body must be UTF-8.'),
  'request.aborted': () =>
    new AppError(400, 'request_aborted', 'The request body was not received completely.'),
  'parameters.too.many': () =>
    new AppError(413, 'too_many_fields', 'The form has more fields than any form of this site.'),
  'request.size.invalid': () =>
    new AppError(
      400,
      'body_length_mismatch',
      'The request body length does not match Content-Length.',
    ),
};

export function handleNotFound(): RequestHandler {
  return () => {
    throw new NotFoundError('not_found', 'No such endpoint.');
  };
}

/**
 * The one error handler: AppErrors become their JSON form; a transient database failure a 503
 * `database_unavailable` with Retry-After (db-errors.ts); anything else a 500 `internal_error`
 * (INTERNAL_ERROR_MESSAGES). Reporter requests are counted, never logged one by one
 * (reporter-requests.ts).
 */
export function handleErrors(
  logger: Logger,
  reporterCounts?: ReporterRequestCounts,
): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const requestId = requestIdOf(res);
    const reporter = isReporterRequest(res);
    const appError = toAppError(error, reporter);
    if (reporter) {
      // Counted by the code the reporter's browser was answered, so the day's counts tell which
      // refusal or outage reporters met (directory_expired, attachments_busy, internal_error…).
      reporterCounts?.count(appError.status >= 500 ? 'failed' : 'refused', appError.code);
    } else if (appError.code === 'database_unavailable') {
      logger.warn({ event: 'database.unavailable', code: errorName(error), requestId });
    } else if (appError.status >= 500) {
      logger.error({ event: 'request.failed', code: errorName(error), requestId });
    } else {
      logger.debug({ event: 'request.refused', code: appError.code, requestId });
    }
    const retryAfterSeconds = retryAfterOf(appError);
    if (retryAfterSeconds !== undefined) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
    }
    const page = errorPageOf(res);
    if (page !== undefined) {
      res
        .status(appError.status)
        .setHeader(ERROR_CODE_HEADER, appError.code)
        .type('html')
        .send(page);
      return;
    }
    res.status(appError.status).json({
      error: { code: appError.code, message: appError.message, requestId },
    });
  };
}

/**
 * What a 500 may truthfully say. An unexpected failure can come after a durable write (a report
 * stored, then opening its case failed; an audit entry appended, then the reply it records
 * failed), so it never claims that nothing was stored. Every reporter write carries a client-made
 * id, so sending it again stores nothing twice; staff writes are not all like that (a statistics
 * release sent again is a new release), so staff are told to look before they try again.
 */
const INTERNAL_ERROR_MESSAGES = {
  reporter:
    'Something went wrong on our side, and part of the request may already be stored. Send the same request again: nothing already stored is stored twice.',
  staff:
    'Something went wrong on our side, and part of the request may already have been carried out. Check what was saved before trying again.',
} as const;

/** The AppError any failure is answered as (reporter: whether a reporter's request failed). */
export function toAppError(error: unknown, reporter: boolean): AppError {
  if (error instanceof AppError) return error;
  const parserError = error as BodyParserError;
  if (parserError && typeof parserError === 'object' && typeof parserError.type === 'string') {
    if (parserError.type === 'entity.too.large')
      return new PayloadTooLargeError(parserError.limit ?? 0);
    const mapped = BODY_PARSER_ERRORS[parserError.type];
    if (mapped) return mapped();
  }
  // The database is down or the network to it broke: a retry of the same request is safe and
  // will likely succeed, so say so (503 + Retry-After) instead of a 500.
  if (isDatabaseUnavailableError(error)) return databaseUnavailable();
  return new AppError(
    500,
    'internal_error',
    INTERNAL_ERROR_MESSAGES[reporter ? 'reporter' : 'staff'],
  );
}

/** 429 and transient 503 answers tell the client when to try again (seconds). */
function retryAfterOf(error: AppError): number | undefined {
  if (error instanceof TooManyRequestsError) return error.retryAfterSeconds;
  if (error instanceof ServiceUnavailableError) return error.retryAfterSeconds;
  return undefined;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'unknown';
}
