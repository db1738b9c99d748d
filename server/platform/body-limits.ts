import type { RequestHandler } from 'express';
import { PayloadTooLargeError } from './errors';

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
