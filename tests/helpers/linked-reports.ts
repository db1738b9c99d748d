/**
 * For the linked-case browser tests: a report naming who contacted the reporter, stored through
 * the real intake route, and a caseworker's key unlocked as their dashboard unlocks it (to sign
 * and wrap what the test stores over the API on their behalf).
 */
import request from 'supertest';
import { unlockCaseworkerKey, type UnlockedCaseworkerKey } from '../../client/crypto';
import type { CaseworkerAtDesk } from './caseworker-desk';
import { buildSubmission, reportDocument } from './reports';
import type { TestApp } from './test-app';

/** Stores a report from `country` whose "who contacted you" answer is `contactedBy`; its case id. */
export async function reportNaming(
  t: TestApp,
  contactedBy: string,
  country = 'TR',
): Promise<string> {
  const report = reportDocument({ country, contactedBy });
  const created = await request(t.app)
    .post('/api/reports')
    .send((await buildSubmission(t.directory, { report })).body)
    .expect(201);
  return (created.body as { caseId: string }).caseId;
}

/** The caseworker's own key, unlocked with their passphrase. */
export async function unlockedKeyOf(caseworker: CaseworkerAtDesk): Promise<UnlockedCaseworkerKey> {
  return await unlockCaseworkerKey(
    caseworker.key.protectedSecretKey,
    caseworker.passphrase,
    caseworker.key.fingerprint,
  );
}
