import express, { type RequestHandler } from 'express';
import { InvalidInputError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors';

/**
 * Refuses a body whose announced Content-Length is over the limit at once. body-parser would also
 * refuse it, but only after draining the whole body, which lets a client hold the socket open.
 * Bodies without Content-Length (chunked) are still capped by body-parser while reading.
 */
export function refuseAnnouncedOversizeBody(limitBytes: number): RequestHandler {
  return (req, res, next) => {
    const announced = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(announced) && announced > limitBytes) {
      res.setHeader('Connection', 'close'); // do not wait for, or read, the rest of the body
      throw new PayloadTooLargeError(limitBytes);
    }
    next();
  };
}

/** Deepest nesting of arrays and objects any JSON body of ours needs is 4; 32 leaves room. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A body-parser `verify` hook that refuses JSON nested deeper than `maxDepth` (400
 * `json_too_deep`) before it is parsed. Deep nesting costs a parser and every recursive reader
 * after it (schemas, loggers, BSON) far more than its size suggests; no request of ours needs it.
 * One pass over the raw bytes, skipping strings, so it costs less than the parse it prevents.
 */
export function refuseDeeplyNestedJson(
  maxDepth = MAX_JSON_DEPTH,
): (req: unknown, res: unknown, body: Buffer) => void {
  return (_req, _res, body) => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < body.length; i++) {
      const byte = body[i]!;
      if (inString) {
        if (byte === BACKSLASH) i++;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (++depth > maxDepth) {
          throw new InvalidInputError(
            'json_too_deep',
            `The request body is nested deeper than ${maxDepth} levels.`,
          );
        }
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
      }
    }
  };
}

/**
 * Parses a JSON body of at most `maxBytes`: refused at once when announced larger, capped while
 * read (chunked), refused when nested too deep; oversize bodies are never buffered whole.
 */
export function boundedJsonParser(maxBytes: number): RequestHandler[] {
  return [
    refuseAnnouncedOversizeBody(maxBytes),
    express.json({
      limit: maxBytes,
      strict: true,
      type: 'application/json',
      verify: refuseDeeplyNestedJson(),
    }),
  ];
}

/** A body that must be JSON (415 otherwise), parsed by boundedJsonParser. */
export function requiredJsonBody(maxBytes: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (!req.is('application/json')) throw new UnsupportedMediaTypeError('application/json');
      next();
    },
    ...boundedJsonParser(maxBytes),
  ];
}
