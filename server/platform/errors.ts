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

/** The request is well-formed HTTP but its content is refused (400). */
export class InvalidInputError extends AppError {
  override readonly name = 'InvalidInputError';
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

/** The content is understood but violates a rule of the protocol (422). */
export class UnprocessableError extends AppError {
  override readonly name = 'UnprocessableError';
  constructor(code: string, message: string) {
    super(422, code, message);
  }
}

export class ConflictError extends AppError {
  override readonly name = 'ConflictError';
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

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

/** The request did not arrive in time (408); sending it again is safe. */
export class RequestTimeoutError extends AppError {
  override readonly name = 'RequestTimeoutError';
  constructor(code: string, message: string) {
    super(408, code, message);
  }
}

/** The deployment has no room to store this (507): retrying within seconds will not help. */
export class InsufficientStorageError extends AppError {
  override readonly name = 'InsufficientStorageError';
  constructor(code: string, message: string) {
    super(507, code, message);
  }
}

/** No valid session, or credentials that do not check out (401). */
export class UnauthorizedError extends AppError {
  override readonly name = 'UnauthorizedError';
  constructor(code: string, message: string) {
    super(401, code, message);
  }
}

/** Signed in, but not allowed to do this (403). */
export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';
  constructor(code: string, message: string) {
    super(403, code, message);
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
