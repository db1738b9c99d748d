/**
 * How long a client may take to send a request. A slow client holds a socket and memory, so every
 * request is bounded, but an 8 MiB attachment part over Tor or a weak mobile link takes minutes
 * (8 MiB at 400 kbit/s is about 170 s), so a fixed total would fail exactly the reporters who
 * need the onion service most. Hence two rules:
 *
 * - every request: headers within HEADERS_TIMEOUT_MS (Node's headersTimeout) and the whole request
 *   within a fixed total (boundRequestTime, REQUEST_TIMEOUT_SECONDS);
 * - a streamed upload (readBodyWhileProgressing) replaces the fixed total with progress rules: it
 *   is cut when no body byte arrives for `idleSeconds`, or when, after the first `idleSeconds`,
 *   its average rate falls below `minBytesPerSecond`. A client that sends one byte every
 *   idleSeconds − 1 cannot hold a socket: it falls behind the minimum rate at once. An upload at
 *   the minimum rate is the longest one allowed, so Node's own requestTimeout is set to that as a
 *   backstop (applyServerTimeouts) should a rule above ever fail to fire.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { InvalidInputError, PayloadTooLargeError, RequestTimeoutError } from './errors';

export interface UploadPace {
  /** An upload is cut when no body byte arrives for this long (also the grace before the rate rule). */
  readonly idleSeconds: number;
  /** ...or when its average rate since the grace ended falls below this. */
  readonly minBytesPerSecond: number;
}

export interface RequestTimeouts {
  /** Fixed total for a whole request, uploads excepted. */
  readonly totalSeconds: number;
  readonly upload: UploadPace;
}

/** Slow-header floods: the headers of any request must arrive within this. */
export const HEADERS_TIMEOUT_MS = 20_000;

/**
 * Node's per-server limits: headers as before, and a request timeout no legitimate request
 * reaches (an upload of `maxUploadBytes` at the minimum rate), as the backstop of the rules below.
 */
export function applyServerTimeouts(
  server: Server,
  timeouts: RequestTimeouts,
  maxUploadBytes: number,
): void {
  const longestBodyMs = Math.max(
    timeouts.totalSeconds * 1000,
    longestUploadMs(timeouts.upload, maxUploadBytes),
  );
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = HEADERS_TIMEOUT_MS + longestBodyMs;
}

/** The longest an upload of `bytes` may take: the grace, then the minimum rate all the way. */
export function longestUploadMs(pace: UploadPace, bytes: number): number {
  return Math.ceil((pace.idleSeconds + bytes / pace.minBytesPerSecond) * 1000);
}

/** Requests whose fixed deadline a streamed upload has taken over (readBodyWhileProgressing). */
const fixedDeadlines = new WeakMap<IncomingMessage, () => void>();

export interface RequestTimeLimitOptions {
  readonly totalSeconds: number;
  /** More time for some requests (onion requests may wait in line before their body is read). */
  readonly extraSeconds?: (req: Request) => number;
  /** The app's error handler: a request cut off is answered like any other refusal. */
  readonly handleErrors: ErrorRequestHandler;
}

/**
 * Every request must arrive in full within `totalSeconds` of its headers. One still arriving then
 * is answered 408 `request_timeout` with `Connection: close`, so the socket is freed. The deadline
 * stays armed after an early answer (a 404 to a request whose body still trickles in).
 */
export function boundRequestTime(options: RequestTimeLimitOptions): RequestHandler {
  return (req, res, next) => {
    const seconds = options.totalSeconds + (options.extraSeconds?.(req) ?? 0);
    const timer = setTimeout(() => {
      if (req.complete) return;
      cutOff(
        req,
        res,
        new RequestTimeoutError(
          'request_timeout',
          `The request did not arrive within ${seconds} seconds.`,
        ),
        options.handleErrors,
      );
    }, seconds * 1000);
    timer.unref();
    const disarm = (): void => clearTimeout(timer);
    req.once('close', disarm); // read to the end, or the socket is gone
    res.once('finish', () => {
      if (req.complete) disarm();
    });
    fixedDeadlines.set(req, disarm);
    next();
  };
}

function cutOff(
  req: Request,
  res: Response,
  error: RequestTimeoutError,
  handle: ErrorRequestHandler,
) {
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.setHeader('Connection', 'close'); // Node closes the socket once the answer is sent
  handle(error, req, res, () => req.socket.destroy());
}

/**
 * Reads the raw request body (at most `maxBytes`) under the upload rules instead of the fixed
 * total: 408 `upload_stalled` when no byte arrives for `pace.idleSeconds`, 408 `upload_too_slow`
 * when the average rate falls below `pace.minBytesPerSecond` after that grace, 413 past
 * `maxBytes`. Every refusal closes the connection, so the rest of the body is never read.
 */
export function readBodyWhileProgressing(
  req: Request,
  res: Response,
  maxBytes: number,
  pace: UploadPace,
): Promise<Buffer> {
  fixedDeadlines.get(req)?.();
  const idleMs = pace.idleSeconds * 1000;
  return new Promise<Buffer>((resolve, reject) => {
    const startedAt = Date.now();
    let lastByteAt = startedAt;
    let received = 0;
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;

    const settle = (error: Error | null): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      if (error === null) {
        resolve(Buffer.concat(chunks, received));
        return;
      }
      // Unless the answer has gone already (the client went away after being cut off).
      if (!res.headersSent) res.setHeader('Connection', 'close');
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      lastByteAt = Date.now();
      if (received > maxBytes) settle(new PayloadTooLargeError(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => settle(null);
    const onClose = (): void =>
      settle(
        new InvalidInputError('request_aborted', 'The request body was not received completely.'),
      );
    // The timer sleeps until the earliest moment a rule could be broken, then looks again:
    // progress since it was set moves that moment on.
    const watch = (): void => {
      const now = Date.now();
      const stallAt = lastByteAt + idleMs;
      const tooSlowAt = startedAt + idleMs + (received / pace.minBytesPerSecond) * 1000;
      if (now >= stallAt) {
        settle(
          new RequestTimeoutError(
            'upload_stalled',
            `No part of the upload arrived for ${pace.idleSeconds} seconds. Send it again.`,
          ),
        );
      } else if (now >= tooSlowAt) {
        settle(
          new RequestTimeoutError(
            'upload_too_slow',
            `The upload arrived slower than ${pace.minBytesPerSecond} bytes per second. Send it again.`,
          ),
        );
      } else {
        timer = setTimeout(watch, Math.min(stallAt, tooSlowAt) - now);
      }
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onClose);
    watch();
  });
}
