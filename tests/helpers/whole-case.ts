/**
 * A case with everything a case view shows, made through the real API as a reporter and a
 * caseworker make it: the report, a follow-up, one attachment part, a note and a reply to the
 * report's reply key. For tests that must find (or must not find) every kind of stored thing.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { encryptForDirectory } from '../../client/crypto';
import { buildSubmission, encryptToDirectory, type BuiltSubmission } from './reports';
import type { StaffClient } from './staff';
import type { TestApp } from './test-app';

export interface WholeCase {
  readonly caseId: string;
  readonly submission: BuiltSubmission;
  readonly attachmentId: string;
  /** The client-chosen ids of its follow-up and its note. */
  readonly followUpMessageId: string;
  readonly noteMessageId: string;
  /** The armored note and reply as sent. */
  readonly note: string;
  readonly reply: string;
}

/** Every step must be accepted (201); each message is encrypted afresh, shared with no other case. */
export async function wholeCaseOf(t: TestApp, caseworker: StaffClient): Promise<WholeCase> {
  const submission = await buildSubmission(t.directory);
  const { receiptVerifier, replyKey } = submission.body;
  const caseId = (await request(t.app).post('/api/reports').send(submission.body).expect(201)).body
    .caseId as string;
  const followUpMessageId = randomBytes(16).toString('hex');
  await request(t.app)
    .post('/api/receipts/messages')
    .send({
      receiptVerifier,
      messageId: followUpMessageId,
      message: await encryptToDirectory(t.directory, 'TEST ONLY follow-up'),
    })
    .expect(201);
  const attachmentId = randomBytes(16).toString('hex');
  await request(t.app)
    .put(`/api/attachments/${attachmentId}/parts/0`)
    .set({ 'Content-Type': 'application/octet-stream', 'X-Receipt-Verifier': receiptVerifier })
    .send(
      Buffer.from(
        await encryptForDirectory(new TextEncoder().encode('TEST ONLY file'), t.directory),
      ),
    )
    .expect(201);
  const noteMessageId = randomBytes(16).toString('hex');
  const note = await encryptToDirectory(t.directory, 'TEST ONLY note');
  const reply = await encryptToDirectory(t.directory, 'TEST ONLY reply', [replyKey]);
  for (const [kind, messageId, message] of [
    ['notes', noteMessageId, note],
    ['replies', randomBytes(16).toString('hex'), reply],
  ] as const) {
    const stored = await caseworker.post(`/api/cases/${caseId}/${kind}`, { messageId, message });
    if (stored.status !== 201) throw new Error(`${kind}: ${stored.status} ${stored.text}`);
  }
  return { caseId, submission, attachmentId, followUpMessageId, noteMessageId, note, reply };
}
