/**
 * Failure: a caseworker's dashboard saves its read mark (PUT /api/cases/:caseId/seen) while the
 * retention job deletes that case. The request checks the case exists, then writes the mark; a
 * deletion landing in between would leave a mark (case id, account id, seq) outliving its case,
 * which retention promised to delete whole. Defences: retention deletes the marks again after
 * the case record (retention.service.ts), and markSeen looks the case up again after its write
 * and removes its own mark when the case is gone (casework.service.ts). Each interleaving is
 * forced by running the real other party at the exact point: the app, and the retention job as
 * the admin CLI builds it on the same database.
 */
import type { CaseReadsRepository } from '../../server/features/case-reads';
import { sendReport } from '../helpers/reporter-traffic';
import { retentionLater } from '../helpers/retention';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const CLOSED_DAYS = 180;
const t = useTestApp({ label: 'read-mark-racing-retention', caseworkers: 1 });
let staff: EnrolledStaff;

beforeAll(async () => {
  staff = await enrolStaff(t, 'race.caseworker');
});

async function closedCase(): Promise<string> {
  const { caseId } = await sendReport(t.app, t.directory);
  const closed = await staff.client.patch(`/api/cases/${caseId}`, {
    status: 'closed',
    outcome: 'resolved',
  });
  expect(closed.status).toBe(200);
  return caseId;
}

const marksOf = (caseId: string): Promise<number> =>
  t.connection.db!.collection('case_reads').countDocuments({ caseId });
const caseStored = (caseId: string): Promise<number> =>
  t.connection.db!.collection('cases').countDocuments({ _id: caseId as never });

/** Runs `other` once, just before or just after `method` of this read-marks repository. */
function interleave(
  reads: CaseReadsRepository,
  method: 'deleteAllOfCase' | 'markSeen',
  when: 'before' | 'after',
  other: () => Promise<unknown>,
): void {
  const original = reads[method].bind(reads) as (...args: unknown[]) => Promise<unknown>;
  Object.assign(reads, {
    [method]: async (...args: unknown[]) => {
      delete (reads as unknown as Record<string, unknown>)[method]; // once: the prototype's again
      if (when === 'before') await other();
      const result = await original(...args);
      if (when === 'after') await other();
      return result;
    },
  });
}

describe('a read mark saved while retention deletes its case', () => {
  test('when the mark is written after retention deleted the marks but before the case record then retention deletes it too', async () => {
    const caseId = await closedCase();
    const job = retentionLater(t.connection, CLOSED_DAYS);
    let answer = 0;
    interleave(job.core.repositories.caseReads, 'deleteAllOfCase', 'after', async () => {
      answer = (await staff.client.put(`/api/cases/${caseId}/seen`, { seq: 0 })).status;
    });

    expect((await job.retention.deleteExpiredCases()).deleted).toBeGreaterThanOrEqual(1);

    expect(answer).toBe(200); // the case was still there when the request wrote its mark
    expect(await caseStored(caseId)).toBe(0);
    expect(await marksOf(caseId)).toBe(0);
  });

  test('when retention deletes the whole case between the request’s check and its write then the request removes its own mark and answers 404', async () => {
    const caseId = await closedCase();
    const job = retentionLater(t.connection, CLOSED_DAYS);
    interleave(t.services.repositories.caseReads, 'markSeen', 'before', async () => {
      expect((await job.retention.deleteExpiredCases()).deleted).toBeGreaterThanOrEqual(1);
    });

    const answer = await staff.client.put(`/api/cases/${caseId}/seen`, { seq: 0 });

    expect(answer.status).toBe(404);
    expect((answer.body as { error: { code: string } }).error.code).toBe('case_not_found');
    expect(await caseStored(caseId)).toBe(0);
    expect(await marksOf(caseId)).toBe(0);
  });
});
