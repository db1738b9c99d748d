/**
 * Which database failures are transient: the database is unreachable, restarting, stepping down,
 * or the network between us dropped or timed out. The one error handler answers these with 503
 * `database_unavailable` and a Retry-After, so clients retry the same request (every write we
 * accept is idempotent by a client-made id); anything else stays a 500.
 *
 * Errors are recognised by name, label and code, not `instanceof`: mongoose and tools may load
 * their own copy of the driver, and errors cross that boundary.
 */
import { ServiceUnavailableError } from './errors';

/**
 * Seconds a client should wait before retrying: a little more than one server-selection timeout
 * (db.ts), so a database that is back by then answers the retry.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The server's code for a write that a unique index refused (E11000). */
export const DUPLICATE_KEY = 11000;

/**
 * True when a unique index refused the write: the id or key is taken. This is how every
 * idempotent insert and every race between instances is settled, as FerretDB v1 has no
 * multi-document transactions.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** Driver errors that mean "could not reach the server" or "the connection broke". */
const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
  'MongoOperationTimeoutError',
]);

/** Labels the driver or server attach to errors that are safe and sensible to retry. */
const RETRYABLE_LABELS = [
  'RetryableWriteError',
  'RetryableError',
  'SystemOverloadedError',
  'ResetPool',
  'PoolRequestedRetry',
] as const;

/**
 * Node's socket error codes. The driver (7.x) sometimes lets them through unwrapped: an insert on
 * a pooled connection whose server was just killed fails with a bare `Error` { code: 'EPIPE' }.
 * The server talks to nothing but its database over the network, so these mean the database.
 */
const SOCKET_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
]);

/**
 * Server codes of a node that is shutting down, recovering, not (or no longer) primary, or cannot
 * reach its peers (the driver's retryable-read/write list, MongoDB error_codes.yml).
 */
const TRANSIENT_SERVER_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  262, // ExceededTimeLimit
  9001, // SocketException
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
  134, // ReadConcernMajorityNotAvailableYet
]);

/** mongoose's own wording when an operation waited for a connection that never came. */
const MONGOOSE_UNAVAILABLE_MESSAGES = [/buffering timed out/i, /connection was force closed/i];

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errorLabels?: unknown;
  readonly hasErrorLabel?: unknown;
}

/**
 * True when the error means the database is (for now) unreachable or not accepting writes, so the
 * same request may succeed later. Follows `cause` a few levels (wrapped driver errors).
 */
export function isDatabaseUnavailableError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const candidate: ErrorLike = current;
    if (isTransientItself(candidate)) return true;
    current = candidate.cause;
  }
  return false;
}

function isTransientItself(error: ErrorLike): boolean {
  if (typeof error.name === 'string' && UNAVAILABLE_ERROR_NAMES.has(error.name)) return true;
  if (RETRYABLE_LABELS.some((label) => hasLabel(error, label))) return true;
  if (typeof error.code === 'string' && SOCKET_ERROR_CODES.has(error.code)) return true;
  if (typeof error.code === 'number' && isDriverOrMongooseError(error)) {
    if (TRANSIENT_SERVER_CODES.has(error.code)) return true;
  }
  const message = typeof error.message === 'string' ? error.message : '';
  return (
    error.name === 'MongooseError' &&
    MONGOOSE_UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))
  );
}

function hasLabel(error: ErrorLike, label: string): boolean {
  if (typeof error.hasErrorLabel === 'function') {
    try {
      if ((error.hasErrorLabel as (label: string) => unknown).call(error, label) === true)
        return true;
    } catch {
      // not the driver's method after all
    }
  }
  return Array.isArray(error.errorLabels) && error.errorLabels.includes(label);
}

/** Codes are only meaningful on errors that came from the driver (or mongoose wrapping it). */
function isDriverOrMongooseError(error: ErrorLike): boolean {
  return typeof error.name === 'string' && /^Mongo/.test(error.name);
}

/** The AppError a transient database failure becomes: 503 with Retry-After (error-handler.ts). */
export function databaseUnavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'database_unavailable',
    'The service cannot reach its database right now. Send the same request again in a few seconds.',
    DATABASE_RETRY_AFTER_SECONDS,
  );
}
