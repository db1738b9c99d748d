/**
 * Attack: make a case (report, thread, files) disappear without the audit log recording its
 * deletion, or record one deletion twice, by making the database connection fail while the
 * retention job deletes it. Defence (retention.service.ts): the deletion is audited before
 * anything is deleted, keyed by the case and the day it was closed, so the next run (or another
 * instance) finishes the deletion and appends nothing. Real faults: a TCP proxy between the job
 * and the database cuts one chosen command before the database sees it, or after it ran and
 * before its answer comes back.
 */
import { randomBytes } from 'node:crypto';
import { caseRefOf } from '../../server/features/audit';
import type { RetentionService } from '../../server/features/retention';
import { encryptedPart, newAttachmentId, openCase, putPart } from '../helpers/attachments';
import { useAuditFaultStage } from '../helpers/audit-faults';
import { encryptToDirectory } from '../helpers/reports';
import { retentionLater } from '../helpers/retention';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import type { InterceptVerdict } from '../helpers/tcp-proxy';

const CLOSED_DAYS = 180;
const stage = useAuditFaultStage({ label: 'retention-audit-once', caseworkers: 1 });
let staff: EnrolledStaff;
/** The retention job, on the app's connection (through the proxy), running half a year on. */
let retention: RetentionService;

beforeAll(async () => {
  staff = await enrolStaff(stage.t, 'retention.caseworker');
  retention = retentionLater(stage.t.connection, CLOSED_DAYS).retention;
});

/** A closed case with a note and an attachment part, ready to expire. */
async function closedCase(): Promise<string> {
  const { caseId, receiptVerifier } = await openCase(stage.t);
  const note = await staff.client.post(`/api/cases/${caseId}/notes`, {
    messageId: randomBytes(16).toString('hex'),
    message: await encryptToDirectory(stage.t.directory, 'TEST ONLY note before retention'),
  });
  expect(note.status).toBe(201);
  const part = await encryptedPart(stage.t, 1024);
  expect((await putPart(stage.t.app, receiptVerifier, newAttachmentId(), 0, part)).status).toBe(
    201,
  );
  const closed = await staff.client.patch(`/api/cases/${caseId}`, {
    status: 'closed',
    outcome: 'resolved',
  });
  expect(closed.status).toBe(200);
  return caseId;
}

/** Which of the case's documents are still stored, and how many deletion entries name it. */
async function stateOf(caseId: string) {
  const db = stage.direct.db!;
  return {
    stored: {
      report: await db.collection('reports').countDocuments({ _id: caseId as never }),
      record: await db.collection('cases').countDocuments({ _id: caseId as never }),
      thread: await db.collection('case_messages').countDocuments({ caseId }),
      parts: await db.collection('attachment_parts').countDocuments({ caseId }),
    },
    entries: (await stage.entries('case.deleted', { case: caseRefOf(caseId) })).length,
  };
}

const whole = { report: 1, record: 1, thread: 1, parts: 1 };
const gone = { report: 0, record: 0, thread: 0, parts: 0 };

const faults: [string, string, string, InterceptVerdict, typeof whole, number][] = [
  // [what, command, collection, verdict, stored after the fault, entries after the fault]
  [
    'its audit entry is cut off before the database sees it',
    'insert',
    'audit_log',
    'cut-before',
    whole,
    0,
  ],
  ['the answer to its audit entry is lost', 'insert', 'audit_log', 'cut-after-answer', whole, 1],
  [
    'the thread deletion is cut off after the files went',
    'delete',
    'case_messages',
    'cut-before',
    { ...whole, parts: 0 },
    1,
  ],
  ['the answer to the last deletion is lost', 'delete', 'cases', 'cut-after-answer', gone, 1],
];

describe('a retention run that fails while deleting a case', () => {
  test.each(faults)(
    'when %s then nothing of the case is gone unaudited, and the next run leaves it deleted with one entry',
    async (_what, command, collection, verdict, storedAfterFault, entriesAfterFault) => {
      const caseId = await closedCase();

      await expect(
        stage.withFault(command, collection, verdict, () => retention.deleteExpiredCases()),
      ).rejects.toThrow();
      // Never a document of the case deleted without the entry recording the deletion.
      expect(await stateOf(caseId)).toEqual({
        stored: storedAfterFault,
        entries: entriesAfterFault,
      });

      await retention.deleteExpiredCases();
      expect(await stateOf(caseId)).toEqual({ stored: gone, entries: 1 });
      const [entry] = await stage.entries('case.deleted', { case: caseRefOf(caseId) });
      expect(entry).toMatchObject({
        actor: 'retention',
        details: {
          closedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          reason: `closed more than ${CLOSED_DAYS} days`,
        },
      });
    },
  );
});
