import type { Response } from 'express';
import {
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
  MongoWriteConcernError,
} from 'mongodb';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailableError,
} from '../../../../server/platform/db-errors';
import { handleErrors } from '../../../../server/platform/error-handler';
import { AppError, ServiceUnavailableError } from '../../../../server/platform/errors';
import type { Logger, LogFields } from '../../../../server/platform/logger';

function serverError(fields: Record<string, unknown>): MongoServerError {
  return new MongoServerError({ errmsg: 'from the server', ...fields });
}

/** What mongoose throws (tests may not import mongoose): an Error named MongooseError. */
function mongooseError(message: string): Error {
  return Object.assign(new Error(message), { name: 'MongooseError' });
}

describe('telling a database outage from other failures', () => {
  test('when the driver cannot reach the server or the connection broke then it is an outage', () => {
    const selection = new MongoServerSelectionError('Server selection timed out after 5000 ms', {
      type: 'Unknown',
      servers: new Map(),
    } as never);
    for (const error of [
      new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'),
      new MongoNetworkTimeoutError('connection timed out'),
      selection,
      new MongoTopologyClosedError(),
      new MongoNotConnectedError('Client must be connected'),
    ]) {
      expect({ name: error.name, outage: isDatabaseUnavailableError(error) }).toEqual({
        name: error.name,
        outage: true,
      });
    }
  });

  test('when the server says it is shutting down, stepping down or not primary then it is an outage', () => {
    for (const code of [91, 189, 10107, 11600, 11602, 13435, 13436]) {
      expect({ code, outage: isDatabaseUnavailableError(serverError({ code })) }).toEqual({
        code,
        outage: true,
      });
    }
  });

  test('when an error carries a retryable label then it is an outage', () => {
    expect(
      isDatabaseUnavailableError(serverError({ code: 112, errorLabels: ['RetryableWriteError'] })),
    ).toBe(true);
    const writeConcern = new MongoWriteConcernError({
      writeConcernError: { code: 91, errmsg: 'shutting down' },
      errorLabels: ['RetryableWriteError'],
    } as never);
    expect(isDatabaseUnavailableError(writeConcern)).toBe(true);
  });

  test('when mongoose gave up waiting for a connection, or a bare socket error or a wrapped one arrives, then it is an outage', () => {
    expect(
      isDatabaseUnavailableError(
        mongooseError('Operation `reports.insertOne()` buffering timed out after 10000ms'),
      ),
    ).toBe(true);
    // driver 7 lets this one through unwrapped when the server was killed under a pooled socket
    expect(
      isDatabaseUnavailableError(
        Object.assign(new Error('This socket has been ended by the other party'), {
          code: 'EPIPE',
        }),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailableError(new Error('wrapped', { cause: new MongoNetworkError('reset') })),
    ).toBe(true);
  });

  test('when the error is a duplicate key, a refusal, a bug or not an error at all then it is not an outage', () => {
    for (const error of [
      serverError({ code: 11000 }),
      serverError({ code: 2 }),
      mongooseError('Cast to ObjectId failed'),
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      new AppError(422, 'not_encrypted', 'no'),
      Object.assign(new Error('generic'), { code: 91 }),
      null,
      undefined,
      'a string',
      42,
    ]) {
      expect(isDatabaseUnavailableError(error)).toBe(false);
    }
  });
});

describe('the one error handler during an outage', () => {
  function respond(error: unknown): {
    status: number;
    headers: Record<string, string>;
    body: unknown;
    logged: LogFields[];
  } {
    const logged: LogFields[] = [];
    const logger: Logger = {
      debug: (fields) => logged.push(fields),
      info: (fields) => logged.push(fields),
      warn: (fields) => logged.push(fields),
      error: (fields) => logged.push(fields),
    };
    const reply = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
    const res = {
      headersSent: false,
      locals: { requestId: 'req-1' },
      setHeader: (name: string, value: string) => {
        reply.headers[name.toLowerCase()] = value;
      },
      status(code: number) {
        reply.status = code;
        return this;
      },
      json(body: unknown) {
        reply.body = body;
        return this;
      },
    };
    handleErrors(logger)(error, {} as never, res as unknown as Response, () => {});
    return { ...reply, logged };
  }

  test('when a database error reaches it then the answer is 503 database_unavailable with Retry-After, and the log names the error class only', () => {
    const reply = respond(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'));
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(reply.body).toEqual({
      error: { code: 'database_unavailable', message: expect.any(String), requestId: 'req-1' },
    });
    expect(JSON.stringify(reply.body)).not.toContain('127.0.0.1');
    expect(reply.logged).toEqual([
      { event: 'database.unavailable', code: 'MongoNetworkError', requestId: 'req-1' },
    ]);
  });

  test('when an unknown error reaches it then it stays a 500 without Retry-After', () => {
    const reply = respond(new TypeError('bug'));
    expect(reply.status).toBe(500);
    expect(reply.headers['retry-after']).toBeUndefined();
  });

  test('when a 503 is raised without a retry time then no Retry-After is invented', () => {
    const reply = respond(new ServiceUnavailableError('no_directory', 'none yet'));
    expect(reply.status).toBe(503);
    expect(reply.headers['retry-after']).toBeUndefined();
  });
});
