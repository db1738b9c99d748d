/**
 * Read marks (server/features/case-reads): per caseworker, how far they were shown each case,
 * so the inbox says what is new for them; and "needs a reply". What is stored is read back over
 * the wire: a case id, an account id and a `seq`, never a time (it would date the reporter's
 * follow-up) and never content. Retention deletes the marks with their case; disabling an
 * account deletes that caseworker's marks.
 */
import { randomBytes } from 'node:crypto';
import { disableAccountAsAdminCli } from '../helpers/account-disabling';
import { sendFollowUp, sendReport, type SentReport } from '../helpers/reporter-traffic';
import { encryptToDirectory } from '../helpers/reports';
import { runRetention } from '../helpers/retention';
import { accountsOf, enrolStaff, type EnrolledStaff, type StaffClient } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';
import { wholeCaseOf } from '../helpers/whole-case';

const t = useTestApp({ label: 'case-read-marks', caseworkers: 1 });
let first: EnrolledStaff;
let second: EnrolledStaff;

beforeAll(async () => {
  first = await enrolStaff(t, 'reads.first');
  second = await enrolStaff(t, 'reads.second');
});

interface InboxRow {
  readonly caseId: string;
  readonly unseen: string | null;
  readonly needsReply: boolean;
}

/** The caller's inbox rows, every status, one page large enough for this file's cases. */
async function inbox(client: StaffClient, query = ''): Promise<Map<string, InboxRow>> {
  const answer = await client.get(`/api/cases?pageSize=100&status=${ALL_STATUSES}${query}`);
  expect(answer.status).toBe(200);
  const rows = (answer.body as { cases: InboxRow[] }).cases;
  return new Map(rows.map((row) => [row.caseId, row]));
}
const ALL_STATUSES = 'new,acknowledged,in_progress,referred,waiting_for_reporter,closed';

async function unseenFor(client: StaffClient, caseId: string): Promise<string | null | undefined> {
  return (await inbox(client)).get(caseId)?.unseen;
}

async function markSeen(client: StaffClient, caseId: string, seq: number) {
  return await client.put(`/api/cases/${caseId}/seen`, { seq });
}

async function accountIdOf(staff: EnrolledStaff): Promise<string> {
  return (await accountsOf(t).findByUsername(staff.username))!.id;
}

async function storedMarksOf(caseId: string) {
  return await t.connection.db!.collection('case_reads').find({ caseId }).toArray();
}

async function addNote(client: StaffClient, caseId: string): Promise<void> {
  const note = await client.post(`/api/cases/${caseId}/notes`, {
    messageId: randomBytes(16).toString('hex'),
    message: await encryptToDirectory(t.directory, 'TEST ONLY note'),
  });
  expect(note.status).toBe(201);
}

describe('read marks and what is new in the inbox', () => {
  let report: SentReport;

  test('when a caseworker opens a case then only their mark moves, and a later follow-up marks it new for them again', async () => {
    report = await sendReport(t.app, t.directory);
    const { caseId } = report;
    expect(await unseenFor(first.client, caseId)).toBe('report');
    expect(await unseenFor(second.client, caseId)).toBe('report');

    const seen = await markSeen(first.client, caseId, 0);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ seenSeq: 0 });
    expect(await unseenFor(first.client, caseId)).toBeNull();
    expect(await unseenFor(second.client, caseId)).toBe('report');

    await sendFollowUp(t.app, t.directory, report);
    expect(await unseenFor(first.client, caseId)).toBe('follow-up');
    expect((await markSeen(second.client, caseId, 1)).body).toEqual({ seenSeq: 1 });
    expect(await unseenFor(second.client, caseId)).toBeNull();
    expect(await unseenFor(first.client, caseId)).toBe('follow-up');

    // An older tab saving later never un-sees: the mark only moves forward.
    expect((await markSeen(second.client, caseId, 0)).body).toEqual({ seenSeq: 1 });
    // A mark beyond the thread would hide a follow-up still to come: refused, nothing changed.
    const beyond = await markSeen(first.client, caseId, 2);
    expect(beyond.status).toBe(422);
    expect(beyond.body).toMatchObject({ error: { code: 'seq_beyond_thread' } });
    expect(await unseenFor(first.client, caseId)).toBe('follow-up');
  });

  test('when a note, a reply and a follow-up arrive then "needs a reply" follows who wrote last of what the reporter sees', async () => {
    const { caseId } = await sendReport(t.app, t.directory);
    const listed = async () => (await inbox(first.client, '&needsReply=1')).has(caseId);
    expect((await inbox(first.client)).get(caseId)?.needsReply).toBe(true);
    expect(await listed()).toBe(true);
    // A note is for caseworkers: it does not answer the reporter.
    await addNote(first.client, caseId);
    expect(await listed()).toBe(true);
    // A whole case ends with a reply: answered.
    const whole = await wholeCaseOf(t, first.client);
    expect((await inbox(first.client)).get(whole.caseId)?.needsReply).toBe(false);
    expect((await inbox(first.client, '&needsReply=1')).has(whole.caseId)).toBe(false);
    await sendFollowUp(t.app, t.directory, {
      caseId: whole.caseId,
      receiptVerifier: whole.submission.body.receiptVerifier,
    });
    expect((await inbox(first.client, '&needsReply=1')).get(whole.caseId)).toMatchObject({
      needsReply: true,
      unseen: 'report',
    });
  });

  test('when the marks are read from the database then each holds a case, a caseworker and a seq: no time, no content', async () => {
    const marks = await storedMarksOf(report.caseId);
    const ids = [await accountIdOf(first), await accountIdOf(second)];
    expect(marks.map((mark) => mark['caseworkerId']).sort()).toEqual([...ids].sort());
    for (const mark of marks) {
      expect(Object.keys(mark).sort()).toEqual(['_id', 'caseId', 'caseworkerId', 'seenSeq']);
      expect(mark['_id']).toBe(`${report.caseId}:${String(mark['caseworkerId'])}`);
      expect(typeof mark['seenSeq']).toBe('number');
      expect(Object.values(mark).filter((value) => typeof value !== 'string').length).toBe(1);
    }
    // The case record keeps of its thread only seq numbers and who wrote last.
    const record = await t.connection
      .db!.collection<{ _id: string }>('cases')
      .findOne({ _id: report.caseId });
    expect(record).toMatchObject({ followUpSeq: 1, visibleSeq: 1, awaitingReply: true });
    expect(
      Object.values(record as object).filter(
        (value: unknown) => value instanceof Date || Buffer.isBuffer(value),
      ),
    ).toEqual([]);
  });

  test('when records lack the thread fields (new, or from before they were kept) then the start derives them from the thread once', async () => {
    const whole = await wholeCaseOf(t, first.client);
    const fresh = await sendReport(t.app, t.directory);
    const cases = t.connection.db!.collection<{ _id: string }>('cases');
    await cases.updateOne(
      { _id: whole.caseId },
      { $unset: { followUpSeq: '', visibleSeq: '', awaitingReply: '' } },
    );
    expect(await cases.findOne({ _id: fresh.caseId })).not.toHaveProperty('visibleSeq');
    expect(await t.services.casework.addMissingThreadFields()).toBeGreaterThanOrEqual(2);
    // Follow-up 1, note 2, reply 3: the reply was last of what the reporter sees.
    expect(await cases.findOne({ _id: whole.caseId })).toMatchObject({
      followUpSeq: 1,
      visibleSeq: 3,
      awaitingReply: false,
    });
    const empty = await cases.findOne({ _id: fresh.caseId });
    expect(empty).toMatchObject({ visibleSeq: 0 });
    expect(empty).not.toHaveProperty('awaitingReply');
    expect(await t.services.casework.addMissingThreadFields()).toBe(0);
  });

  test('when a caseworker account is disabled then their marks go and their colleague’s stay', async () => {
    const leaving = await enrolStaff(t, 'reads.leaving');
    expect((await markSeen(leaving.client, report.caseId, 1)).status).toBe(200);
    const leavingId = await accountIdOf(leaving);
    await disableAccountAsAdminCli(t, leavingId);
    const left = await storedMarksOf(report.caseId);
    expect(left.map((mark) => mark['caseworkerId'])).not.toContain(leavingId);
    expect(left).toHaveLength(2);
  });

  test('when retention deletes a closed case then every caseworker’s mark of it goes with it', async () => {
    const kept = await sendReport(t.app, t.directory);
    const whole = await wholeCaseOf(t, first.client);
    for (const [client, caseId] of [
      [first.client, whole.caseId],
      [second.client, whole.caseId],
      [first.client, kept.caseId],
    ] as const) {
      expect((await markSeen(client, caseId, 0)).status).toBe(200);
    }
    expect(await storedMarksOf(whole.caseId)).toHaveLength(2);
    const closed = await first.client.patch(`/api/cases/${whole.caseId}`, {
      status: 'closed',
      outcome: 'resolved',
    });
    expect(closed.status).toBe(200);
    t.clock.advance(181 * 86_400_000);
    expect((await runRetention(t)).deleted).toBeGreaterThanOrEqual(1);
    expect(await storedMarksOf(whole.caseId)).toEqual([]);
    expect(await storedMarksOf(kept.caseId)).toHaveLength(1);
  });
});
