/**
 * Attack: hiding a reporter's follow-up from a caseworker by clearing the "new" mark their inbox
 * shows: a colleague naming another caseworker's account in the request, a page on another site
 * sending the request with the caseworker's cookie, an analyst, or a mark set beyond the thread
 * so that follow-ups still to come look already seen. Defences: the mark is keyed by the case and
 * the account of the session (server/features/case-reads; the request names no account and its
 * schema is strict, so one cannot be slipped in; the inbox answers the caller's own marks only);
 * the route is a staff write (CSRF token, caseworker or admin role); a `seq` beyond the case's
 * latest message is refused (422). Nothing stored changes on a refusal.
 */
import { sendReport } from '../helpers/reporter-traffic';
import { accountsOf, enrolStaff, type EnrolledStaff, type StaffClient } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const t = useTestApp({ label: 'read-marks-own', caseworkers: 1 });
let victim: EnrolledStaff;
let colleague: EnrolledStaff;
let analyst: EnrolledStaff;
let caseId: string;

beforeAll(async () => {
  victim = await enrolStaff(t, 'marks.victim');
  colleague = await enrolStaff(t, 'marks.colleague');
  analyst = await enrolStaff(t, 'marks.analyst', 'analyst');
  ({ caseId } = await sendReport(t.app, t.directory));
});

async function unseenFor(client: StaffClient): Promise<string | null | undefined> {
  const answer = await client.get('/api/cases?pageSize=100');
  expect(answer.status).toBe(200);
  return (answer.body as { cases: { caseId: string; unseen: string | null }[] }).cases.find(
    (row) => row.caseId === caseId,
  )?.unseen;
}

async function storedMarks(): Promise<unknown[]> {
  return await t.connection.db!.collection('case_reads').find({ caseId }).toArray();
}

describe('a caseworker’s "new" marks are theirs alone', () => {
  test('when a colleague names the victim’s account or opens the case themselves then the victim’s mark stays', async () => {
    const victimId = (await accountsOf(t).findByUsername(victim.username))!.id;
    const named = await colleague.client.put(`/api/cases/${caseId}/seen`, {
      seq: 0,
      caseworkerId: victimId,
    });
    expect(named.status).toBe(400);
    expect(await storedMarks()).toEqual([]);

    const listedForVictim = await colleague.client.get(
      `/api/cases?caseworker=${victimId}&pageSize=100`,
    );
    expect(listedForVictim.status).toBe(400);

    expect((await colleague.client.put(`/api/cases/${caseId}/seen`, { seq: 0 })).status).toBe(200);
    expect(await unseenFor(colleague.client)).toBeNull();
    expect(await unseenFor(victim.client)).toBe('report');
  });

  test('when a page on another site, or an analyst, sends the mark then it is refused and nothing is stored', async () => {
    const before = await storedMarks();
    const crossSite = await victim.client.put(
      `/api/cases/${caseId}/seen`,
      { seq: 0 },
      { csrf: false },
    );
    expect(crossSite.status).toBe(403);
    const byAnalyst = await analyst.client.put(`/api/cases/${caseId}/seen`, { seq: 0 });
    expect(byAnalyst.status).toBe(403);
    expect(await storedMarks()).toEqual(before);
    expect(await unseenFor(victim.client)).toBe('report');
  });

  test('when a mark is set beyond the thread then it is refused, so a follow-up still to come shows as new', async () => {
    const before = await storedMarks();
    const ahead = await victim.client.put(`/api/cases/${caseId}/seen`, { seq: 5 });
    expect(ahead.status).toBe(422);
    expect(ahead.body).toMatchObject({ error: { code: 'seq_beyond_thread' } });
    expect(await storedMarks()).toEqual(before);
    expect(await unseenFor(victim.client)).toBe('report');
  });
});
