/**
 * Fault: the database refuses a write in the middle of a request, after an earlier write of the
 * same request was stored: a report is stored, then its case record is refused; a reply's audit
 * entry is appended, then the reply itself is refused. The refusal is not transient (the TCP
 * proxy answers the command in the database's place with DocumentValidationFailure, and the
 * database never sees it), so the answer is a 500 `internal_error`. Its message must not say that
 * nothing was stored, because something was: it says what is true (error-handler.ts,
 * INTERNAL_ERROR_MESSAGES; the wording is pinned here), and what it promises the reporter holds:
 * the same request sent again is stored once.
 */
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import request from 'supertest';
import { caseRefOf } from '../../server/features/audit';
import { useAuditFaultStage } from '../helpers/audit-faults';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { enrolStaff } from '../helpers/staff';
import type { TestApp } from '../helpers/test-app';

const stage = useAuditFaultStage({ label: 'truthful-500', caseworkers: 1 });
let t: TestApp;
/** The test's own connection, straight to the database (never through the proxy). */
let direct: Connection;

beforeAll(() => {
  ({ t, direct } = stage);
});

const internalError = (message: string) => ({
  error: { code: 'internal_error', message, requestId: expect.any(String) },
});
const TOLD_REPORTERS =
  'Something went wrong on our side, and part of the request may already be stored. Send the same request again: nothing already stored is stored twice.';
const TOLD_STAFF =
  'Something went wrong on our side, and part of the request may already have been carried out. Check what was saved before trying again.';

test('when the case record of a stored report is refused then the 500 says part of it may be stored, and the same report sent again is stored once', async () => {
  const { body } = await buildSubmission(t.directory);
  const send = () => request(t.app).post('/api/reports').send(body);

  const failed = await stage.withFault('insert', 'cases', 'refuse', send);
  expect({ status: failed.status, body: failed.body }).toEqual({
    status: 500,
    body: internalError(TOLD_REPORTERS),
  });
  // The answer is true: the report is stored, its case is not.
  const reports = direct.db!.collection<{ _id: string }>('reports');
  const cases = direct.db!.collection<{ _id: string }>('cases');
  const stored = await reports.findOne({ submissionId: body.submissionId });
  expect(stored).toMatchObject({ caseOpened: false });
  expect(await cases.countDocuments({ _id: stored!._id })).toBe(0);

  const retried = await send();
  expect(retried.status).toBe(201);
  expect(retried.body).toMatchObject({ caseId: stored!._id });
  expect(await reports.countDocuments({ submissionId: body.submissionId })).toBe(1);
  expect(await cases.countDocuments({ _id: stored!._id })).toBe(1);
});

test('when a reply is refused after its audit entry was appended then the 500 tells staff to check what was saved, and the retry leaves one reply and one entry', async () => {
  const staff = await enrolStaff(t, 'truthful-500');
  const built = await buildSubmission(t.directory);
  const report = await request(t.app).post('/api/reports').send(built.body).expect(201);
  const caseId = (report.body as { caseId: string }).caseId;
  const reply = {
    messageId: randomBytes(16).toString('hex'),
    message: await encryptToDirectory(t.directory, 'TEST ONLY reply under a fault', [
      built.body.replyKey,
    ]),
  };
  const send = () => staff.client.post(`/api/cases/${caseId}/replies`, reply);
  const thread = () => direct.db!.collection('case_messages').countDocuments({ caseId });
  const entries = () =>
    direct
      .db!.collection('audit_log')
      .countDocuments({ event: 'case.reply_sent', 'details.case': caseRefOf(caseId) });

  const failed = await stage.withFault('insert', 'case_messages', 'refuse', send);
  expect({ status: failed.status, body: failed.body }).toEqual({
    status: 500,
    body: internalError(TOLD_STAFF),
  });
  // The answer is true: the audit entry was appended, the reply was not stored.
  expect({ thread: await thread(), entries: await entries() }).toEqual({ thread: 0, entries: 1 });

  const retried = await send();
  expect(retried.status).toBe(201);
  expect({ thread: await thread(), entries: await entries() }).toEqual({ thread: 1, entries: 1 });
});
