import request from 'supertest';
import type { TestApp } from './test-app';
import { countReports, storedDataExcept } from './database';

/**
 * Posts a submission and asserts it is refused with a 4xx JSON error of the given code, and that
 * nothing at all changed in the database. Returns the error, for tests of its message.
 */
export async function expectRefusedAndNothingStored(
  t: TestApp,
  body: unknown,
  expected: { status: number; code: string },
  contentType = 'application/json',
): Promise<{ code: string; message: string }> {
  const before = await snapshotStoredData(t);
  const response = await request(t.app)
    .post('/api/reports')
    .set('Content-Type', contentType)
    .send(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  expect({ status: response.status, code: response.body?.error?.code }).toEqual(expected);
  expect(response.body.error.message).toEqual(expect.any(String));
  expect(response.body.error.requestId).toEqual(expect.any(String));
  expect(await snapshotStoredData(t)).toEqual(before);
  expect(await countReports(t.connection)).toBe(before.reports);
  return response.body.error as { code: string; message: string };
}

/** An error class whose every instance carries a code (CryptoError, CaseMessageError, …). */
type CodedErrorClass = abstract new (...args: never[]) => Error & { readonly code: string };

/**
 * The error `promise` is refused with, which must be one of `kinds`: any other error is thrown
 * on, and a promise that is not refused at all fails the test.
 */
export async function refusalOf(
  promise: Promise<unknown>,
  kinds: readonly CodedErrorClass[],
): Promise<Error & { readonly code: string }> {
  try {
    await promise;
  } catch (error) {
    for (const kind of kinds) if (error instanceof kind) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function snapshotStoredData(t: TestApp): Promise<{ reports: number; data: string }> {
  // Rate-limit counters change with every request by design; everything else must not.
  const data = await storedDataExcept(t.connection, ['rate_limit_counters']);
  return { reports: await countReports(t.connection), data };
}
