/**
 * The one logger. Only allow-listed fields ever reach the output:
 * events, not data. Never pass bodies, ciphertext, headers, addresses, user agents, URLs with
 * query strings, file names or keys; fields outside the allow-list are dropped by the formatter.
 * Every line carries its time, so reporter actions get no line of their own: they are counted and
 * written once a day (reporter-requests.ts).
 */
import pino, { type DestinationStream } from 'pino';

export const LOG_FIELDS = [
  'event',
  'code',
  'requestId',
  'caseId',
  'durationMs',
  'count',
  'port',
  'version',
  'daysLeft',
] as const;

export interface LogFields {
  readonly event: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly caseId?: string;
  readonly durationMs?: number;
  readonly count?: number;
  /** The port a listener was bound to (an operator's question when it was 0 in the config). */
  readonly port?: number;
  /** The recipient directory's version (directory.* events). */
  readonly version?: number;
  /** Whole days until the recipient directory expires: never a finer time. */
  readonly daysLeft?: number;
}

export interface Logger {
  debug(fields: LogFields): void;
  info(fields: LogFields): void;
  warn(fields: LogFields): void;
  error(fields: LogFields): void;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const logger = pino(
    {
      level,
      base: null, // no pid/hostname: nothing that is not an event
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => pickAllowedFields(object),
      },
    },
    destination,
  );
  return {
    debug: (fields) => logger.debug(pickAllowedFields(fields)),
    info: (fields) => logger.info(pickAllowedFields(fields)),
    warn: (fields) => logger.warn(pickAllowedFields(fields)),
    error: (fields) => logger.error(pickAllowedFields(fields)),
  };
}

function pickAllowedFields(object: object): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of LOG_FIELDS) {
    const value = (object as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') picked[field] = value;
  }
  return picked;
}
