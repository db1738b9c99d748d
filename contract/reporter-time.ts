/**
 * The one time every key, signature and literal data packet made on a reporter's device carries
 * (2025-01-01T00:00:00Z), instead of the moment it was made: a stored reply key or message then
 * says nothing about when its reporter wrote. Intake refuses reply keys with any other time.
 * Before any real report, so signatures made "at" it are never in the future.
 */
export const REPORTER_TIMESTAMP = new Date(Date.UTC(2025, 0, 1));
