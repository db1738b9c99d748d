/**
 * The app's log output kept line by line, for the tests that search it for what must never be
 * logged (a reporter's address, user agent, query or the time of a visit).
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
