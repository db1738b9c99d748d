/**
 * A case as browsers made them before reports named their reply key inside the encryption: the
 * dashboard cannot check the stored reply key against the report, so a caseworker must confirm
 * it. For the tests of that confirmation.
 */
import request from 'supertest';
import { replyKeyFingerprintOf } from '../../client/crypto';
import { buildSubmission } from './reports';
import type { TestApp } from './test-app';

/** Submits such a report; its case id and the fingerprint of the reply key stored with it. */
export async function legacyCaseOf(
  t: TestApp,
): Promise<{ readonly caseId: string; readonly fingerprint: string }> {
  const { body } = await buildSubmission(t.directory);
  const { caseId } = (await request(t.app).post('/api/reports').send(body).expect(201)).body as {
    caseId: string;
  };
  return { caseId, fingerprint: await replyKeyFingerprintOf(body.replyKey) };
}
