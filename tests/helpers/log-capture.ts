/**
 * The app's log output kept line by line, for the tests that search it for what must never be
 * logged (a reporter's address, user agent, query or the time of a visit), and the forms such a
 * secret could take there.
 */
import { Writable } from 'node:stream';

export interface LogCapture {
  /** Every chunk written so far (one pino line each). */
  readonly lines: string[];
  /** Pass as the app's logDestination. */
  readonly destination: Writable;
}

export function captureLog(): LogCapture {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { lines, destination };
}

/**
 * The forms a careless change would store or log a secret in: as is, URL-encoded, base64,
 * base64url and hex (each once).
 */
export function encodingsOf(value: string): string[] {
  const forms = [
    value,
    encodeURIComponent(value),
    Buffer.from(value).toString('base64'),
    Buffer.from(value).toString('base64url'),
    Buffer.from(value).toString('hex'),
  ];
  return [...new Set(forms)];
}
