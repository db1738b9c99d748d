/**
 * Domain errors with a stable `code`, an HTTP status and a message safe to show to anyone.
 * The one error handler (error-handler.ts) maps them to `{ error: { code, message, requestId } }`.
 * Messages never echo input: input may be hostile or identifying.
 */
export class AppError extends Error {
  override readonly name: string = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An AppError class for one HTTP status, with its own name for logs and `instanceof`:
 * `new NotFoundError(code, message)`.
 */
function errorWithStatus<const Name extends string>(status: number, name: Name) {
  return class extends AppError {
    override readonly name: Name = name;
    constructor(code: string, message: string) {
      super(status, code, message);
    }
  };
}

/** The request is well-formed HTTP but its content is refused (400). */
export class InvalidInputError extends errorWithStatus(400, 'InvalidInputError') {}

/** No valid session, or credentials that do not check out (401). */
export class UnauthorizedError extends errorWithStatus(401, 'UnauthorizedError') {}

/** Signed in, but not allowed to do this (403). */
export class ForbiddenError extends errorWithStatus(403, 'ForbiddenError') {}

/** No such thing (404). */
export class NotFoundError extends errorWithStatus(404, 'NotFoundError') {}

/** The request did not arrive in time (408); sending it again is safe. */
export class RequestTimeoutError extends errorWithStatus(408, 'RequestTimeoutError') {}

/** The request clashes with what is stored (409). */
export class ConflictError extends errorWithStatus(409, 'ConflictError') {}

/** The content is understood but violates a rule of the protocol (422). */
export class UnprocessableError extends errorWithStatus(422, 'UnprocessableError') {}

/** The deployment has no room to store this (507): retrying within seconds will not help. */
export class InsufficientStorageError extends errorWithStatus(507, 'InsufficientStorageError') {}

export class PayloadTooLargeError extends AppError {
  override readonly name = 'PayloadTooLargeError';
  constructor(limitBytes: number, code = 'body_too_large') {
    super(413, code, `The upload is larger than the limit of ${limitBytes} bytes.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(expected: string) {
    super(415, 'unsupported_media_type', `The request body must be sent as ${expected}.`);
  }
}

/** Temporarily unable to serve (503); `retryAfterSeconds`, when set, becomes the Retry-After header. */
export class ServiceUnavailableError extends AppError {
  override readonly name = 'ServiceUnavailableError';
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(503, code, message);
  }
}

/** Too many attempts; `retryAfterSeconds` becomes the Retry-After header (429). */
export class TooManyRequestsError extends AppError {
  override readonly name = 'TooManyRequestsError';
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, code, message);
  }
}
