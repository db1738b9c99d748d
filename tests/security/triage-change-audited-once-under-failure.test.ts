/**
 * Attack: make a triage change (a legal hold lifted, a case closed, an assignment) stick without
 * its audit entry, or appear twice in the case history, by making the database connection fail
 * in the middle of the request. Defence (triage.service.ts): every changed field is audited
 * before the record is updated, keyed by the case, the record's revision, the field and the new
 * value; the update applies only at that revision. Real faults: a TCP proxy between the app and
 * the database cuts one chosen database command before the database sees it, or after it ran
 * and before its answer comes back.
 */
import { caseRefOf } from '../../server/features/audit';
import { retryWhileUnavailable, useAuditFaultStage } from '../helpers/audit-faults';
import { sendReport } from '../helpers/reporter-traffic';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import type { InterceptVerdict } from '../helpers/tcp-proxy';

const stage = useAuditFaultStage({ label: 'triage-audit-once', caseworkers: 1 });
let staff: EnrolledStaff;

beforeAll(async () => {
  staff = await enrolStaff(stage.t, 'zulfiye');
});

async function newCase(): Promise<string> {
  return (await sendReport(stage.t.app, stage.t.directory)).caseId;
}

async function priorityOf(caseId: string): Promise<string> {
  const record = await stage.direct.db!.collection('cases').findOne({ _id: caseId as never });
  return record!['priority'] as string;
}

async function priorityEntries(caseId: string) {
  return await stage.entries('case.triage_changed', { case: caseRefOf(caseId), field: 'priority' });
}

const faults: [string, string, string, InterceptVerdict, 'changed' | 'audited only' | 'nothing'][] =
  [
    // [what, command, collection, verdict, state after the fault]
    [
      'its audit entry is cut off before the database sees it',
      'insert',
      'audit_log',
      'cut-before',
      'nothing',
    ],
    [
      'the answer to its audit entry is lost',
      'insert',
      'audit_log',
      'cut-after-answer',
      'audited only',
    ],
    [
      'the record update is cut off before the database sees it',
      'update',
      'cases',
      'cut-before',
      'audited only',
    ],
    ['the answer to the record update is lost', 'update', 'cases', 'cut-after-answer', 'changed'],
  ];

describe('a triage change whose request fails in the middle', () => {
  test.each(faults)(
    'when %s then the change is not stored unaudited, and the retry leaves it changed with one entry',
    async (_what, command, collection, verdict, afterFault) => {
      const caseId = await newCase();
      const send = () => staff.client.patch(`/api/cases/${caseId}`, { priority: 'urgent' });

      const failed = await stage.withFault(command, collection, verdict, send);
      expect(failed.status).toBe(503);
      // Never a changed record without the entry that says who changed it.
      expect({
        priority: await priorityOf(caseId),
        entries: (await priorityEntries(caseId)).length,
      }).toEqual({
        priority: afterFault === 'changed' ? 'urgent' : 'normal',
        entries: afterFault === 'nothing' ? 0 : 1,
      });

      const retried = await retryWhileUnavailable(send);
      expect(retried.status).toBe(200);
      expect(retried.body.case.priority).toBe('urgent');
      expect(await priorityOf(caseId)).toBe('urgent');
      const [entry, ...more] = await priorityEntries(caseId);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({
        actor: expect.stringMatching(/^account:/),
        details: { field: 'priority', from: 'normal', to: 'urgent' },
      });
    },
  );

  test('when the record is from before revisions were kept then a change cut off is still audited once and applied on retry', async () => {
    const caseId = await newCase();
    await stage.direct
      .db!.collection('cases')
      .updateOne({ _id: caseId as never }, { $unset: { revision: '' } });
    const send = () => staff.client.patch(`/api/cases/${caseId}`, { priority: 'urgent' });
    expect((await stage.withFault('update', 'cases', 'cut-before', send)).status).toBe(503);
    expect((await retryWhileUnavailable(send)).status).toBe(200);
    expect(await priorityOf(caseId)).toBe('urgent');
    expect(await priorityEntries(caseId)).toHaveLength(1);
    const record = await stage.direct.db!.collection('cases').findOne({ _id: caseId as never });
    expect(record!['revision']).toBe(1);
  });

  test('when a change is made, undone and made again then each of the three is its own entry', async () => {
    const caseId = await newCase();
    for (const priority of ['urgent', 'normal', 'urgent']) {
      const changed = await staff.client.patch(`/api/cases/${caseId}`, { priority });
      expect(changed.status).toBe(200);
    }
    expect((await priorityEntries(caseId)).map((entry) => entry['details'])).toEqual([
      expect.objectContaining({ from: 'normal', to: 'urgent' }),
      expect.objectContaining({ from: 'urgent', to: 'normal' }),
      expect.objectContaining({ from: 'normal', to: 'urgent' }),
    ]);
  });
});
