/**
 * Casework on the server: the inbox filtered and sorted by triage fields, the case view,
 * triage with history, notes and replies, attachment parts and export. The server only ever hands
 * out ciphertext; decryption in the browser is covered by the e2e tests.
 */
import request from 'supertest';
import { buildSubmission, encryptToDirectory, openReportAs } from '../helpers/reports';
import { keepBytes } from '../helpers/raw-get';
import { useTestApp } from '../helpers/use-test-app';
import { enrolStaff, reauthenticate, type EnrolledStaff } from '../helpers/staff';

interface ListedCase {
  caseId: string;
  overdue: boolean;
  report: string;
}
interface HistoryEntry {
  actor: string;
  event: string;
  details: Record<string, string>;
}
const casesOf = (response: { body: unknown }): ListedCase[] =>
  (response.body as { cases: ListedCase[] }).cases;

describe('casework', () => {
  const t = useTestApp({ label: 'casework', caseworkers: 2 });
  let caseworker: EnrolledStaff;
  beforeAll(async () => {
    await t.publishDirectory();
    caseworker = await enrolStaff(t, 'nurgul');
  });

  const submit = async (whatHappened = 'TEST ONLY: a call from the police at home') => {
    const built = await buildSubmission(t.directory, { report: { locale: 'ug', whatHappened } });
    const accepted = await request(t.app).post('/api/reports').send(built.body).expect(201);
    return { ...built, caseId: accepted.body.caseId as string };
  };
  const patch = (caseId: string, body: object) =>
    caseworker.client.patch(`/api/cases/${caseId}`, body);

  test('when a report arrives then it opens as a new case in the inbox with its ciphertext', async () => {
    const { caseId, report } = await submit();
    const inbox = await caseworker.client.get('/api/cases?status=new&pageSize=100');
    expect(inbox.status).toBe(200);
    const listed = casesOf(inbox).find((entry: { caseId: string }) => entry.caseId === caseId);
    expect(listed).toMatchObject({
      status: 'new',
      priority: 'normal',
      deadline: null,
      overdue: false,
      assignee: null,
      labels: [],
      legalHold: false,
    });
    expect(
      await openReportAs(t.caseworkers[0]!, Buffer.from(listed!.report, 'base64')),
    ).toMatchObject(report);
  });

  test("when the inbox or a case is fetched then it names this deployment's plaintext limits, the dashboard's decryption bound", async () => {
    const { caseId } = await submit();
    const limits = {
      reportBytes: t.config.intake.maxBodyBytes,
      attachmentPartBytes: t.config.attachments.maxPartBytes,
    };
    expect((await caseworker.client.get('/api/cases')).body.limits).toEqual(limits);
    expect((await caseworker.client.get(`/api/cases/${caseId}`)).body.limits).toEqual(limits);
  });

  test('when cases are triaged then the inbox filters and sorts on the server by those fields', async () => {
    const a = await submit();
    const b = await submit();
    const c = await submit();
    const me = (await caseworker.client.get('/api/auth/session')).body.user.id as string;
    const today = t.clock.now().toISOString().slice(0, 10);
    expect((await patch(a.caseId, { priority: 'low', labels: ['inbox-test'] })).status).toBe(200);
    expect(
      (
        await patch(b.caseId, {
          priority: 'urgent',
          deadline: '2020-01-01',
          labels: ['inbox-test'],
          assigneeId: me,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await patch(c.caseId, {
          priority: 'urgent',
          deadline: '2099-12-31',
          labels: ['inbox-test'],
        })
      ).status,
    ).toBe(200);

    const byUrgency = await caseworker.client.get('/api/cases?label=inbox-test&sort=urgency');
    expect(casesOf(byUrgency).map((entry: { caseId: string }) => entry.caseId)).toEqual([
      b.caseId,
      c.caseId,
      a.caseId,
    ]);
    expect(byUrgency.body.total).toBe(3);
    const overdue = await caseworker.client.get('/api/cases?label=inbox-test&overdue=1');
    expect(
      casesOf(overdue).map((entry: { caseId: string; overdue: boolean }) => [
        entry.caseId,
        entry.overdue,
      ]),
    ).toEqual([[b.caseId, true]]);
    const mine = await caseworker.client.get('/api/cases?label=inbox-test&assignee=me');
    expect(casesOf(mine).map((entry: { caseId: string }) => entry.caseId)).toEqual([b.caseId]);
    expect(mine.body.cases[0].assignee).toEqual({ id: me, username: 'nurgul' });
    const paged = await caseworker.client.get('/api/cases?label=inbox-test&pageSize=2&page=2');
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(paged.body.cases).toHaveLength(1);
    const received = await caseworker.client.get(
      `/api/cases?label=inbox-test&receivedFrom=${today}&receivedTo=${today}`,
    );
    expect(received.body.total).toBe(3);
  });

  test.each([
    ['an unknown status', 'status=lost'],
    ['a page size over 100', 'pageSize=500'],
    ['an operator in the query', 'priority[$ne]=low'],
    ['an unknown filter', 'reporter=someone'],
  ])('when the inbox query has %s then it is refused with 400', async (_name, query) => {
    const response = await caseworker.client.get(`/api/cases?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_query');
  });

  test('when a case is closed then it needs an outcome, the day is kept, and reopening clears both', async () => {
    const { caseId } = await submit();
    const refused = await patch(caseId, { status: 'closed' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('outcome_required');
    const closed = await patch(caseId, { status: 'closed', outcome: 'resolved' });
    expect(closed.body.case).toMatchObject({
      status: 'closed',
      outcome: 'resolved',
      closedOn: t.clock.now().toISOString().slice(0, 10),
    });
    const reopened = await patch(caseId, { status: 'in_progress' });
    expect(reopened.body.case).toMatchObject({
      status: 'in_progress',
      outcome: null,
      closedOn: null,
    });
  });

  test.each([
    ['an unknown field', { reporterName: 'x' }, 400],
    ['an operator', { priority: { $ne: 'low' } }, 400],
    ['a malformed deadline', { deadline: '31/12/2026' }, 400],
    ['a city as a country', { hostCountry: 'Istanbul' }, 400],
    ['a label with markup', { labels: ['<b>x</b>'] }, 400],
    ['an analyst as assignee', { assigneeId: 'f'.repeat(32) }, 422],
  ])('when triage sends %s then it is refused and nothing changes', async (_name, body, status) => {
    const { caseId } = await submit();
    const before = await t.connection.db!.collection('cases').findOne({ _id: caseId as never });
    expect((await patch(caseId, body)).status).toBe(status);
    expect(await t.connection.db!.collection('cases').findOne({ _id: caseId as never })).toEqual(
      before,
    );
  });

  test('every triage change is in the case history and the audit log, which names the case only by reference', async () => {
    const { caseId } = await submit();
    await patch(caseId, {
      status: 'acknowledged',
      priority: 'high',
      incidentCategory: 'coercion_to_inform',
      hostCountry: 'TR',
      incidentMonth: '2026-10',
    });
    const detail = await caseworker.client.get(`/api/cases/${caseId}`);
    const changes = (detail.body as { history: HistoryEntry[] }).history.map(
      (entry: { actor: string; event: string; details: Record<string, string> }) => [
        entry.actor,
        entry.event,
        entry.details['field'],
        entry.details['to'],
      ],
    );
    expect(changes).toEqual(
      expect.arrayContaining([
        ['nurgul', 'case.triage_changed', 'status', 'acknowledged'],
        ['nurgul', 'case.triage_changed', 'priority', 'high'],
        ['nurgul', 'case.triage_changed', 'hostCountry', 'TR'],
      ]),
    );
    expect(detail.body.case.codes).toEqual({
      incidentCategory: 'coercion_to_inform',
      hostCountry: 'TR',
      month: '2026-10',
    });
    const audit = JSON.stringify(await t.connection.db!.collection('audit_log').find({}).toArray());
    expect(audit).not.toContain(caseId);
    // The reporter sees the status in plain words through the receipt.
  });

  test('when a note is added then caseworkers read it and the reporter never receives it; a reply reaches both', async () => {
    const { caseId, body } = await submit();
    const note = await encryptToDirectory(t.directory, 'TEST ONLY internal: lawyer contacted');
    const noteId = 'a'.repeat(32);
    expect(
      (
        await caseworker.client.post(`/api/cases/${caseId}/notes`, {
          messageId: noteId,
          message: note,
        })
      ).status,
    ).toBe(201);
    const again = await caseworker.client.post(`/api/cases/${caseId}/notes`, {
      messageId: noteId,
      message: note,
    });
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // A note readable by the reporter is refused: notes are for caseworkers only.
    const leaky = await encryptToDirectory(t.directory, 'TEST ONLY leaky', [body.replyKey]);
    expect(
      (
        await caseworker.client.post(`/api/cases/${caseId}/notes`, {
          messageId: 'b'.repeat(32),
          message: leaky,
        })
      ).status,
    ).toBe(422);
    const reply = await encryptToDirectory(t.directory, 'TEST ONLY: we got your report', [
      body.replyKey,
    ]);
    expect(
      (
        await caseworker.client.post(`/api/cases/${caseId}/replies`, {
          messageId: 'c'.repeat(32),
          message: reply,
        })
      ).status,
    ).toBe(201);

    const detail = await caseworker.client.get(`/api/cases/${caseId}`);
    expect(
      (detail.body as { thread: { kind: string }[] }).thread.map(
        (entry: { kind: string }) => entry.kind,
      ),
    ).toEqual(['note', 'reply']);
    const reporterView = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier: body.receiptVerifier })
      .expect(200);
    expect(
      (reporterView.body as { messages: { author: string }[] }).messages.map(
        (entry: { author: string }) => entry.author,
      ),
    ).toEqual(['caseworker']);
    await patch(caseId, { status: 'waiting_for_reporter' });
    const status = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier: body.receiptVerifier })
      .expect(200);
    expect(status.body.status).toBe('waiting_for_reporter');
  });

  test('when staff export a case then it needs a fresh re-authentication and gives a tar of armored messages', async () => {
    const { caseId } = await submit();
    t.clock.advance(6 * 60_000);
    const refused = await caseworker.client.get(`/api/cases/${caseId}/export`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('reauth_required');
    await reauthenticate(t, caseworker.client, caseworker);
    const exported = await request(t.app)
      .get(`/api/cases/${caseId}/export`)
      .set(caseworker.client.headers(false))
      .buffer(true)
      .parse(keepBytes);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-type']).toBe('application/x-tar');
    const tar = (exported.body as Buffer).toString('latin1');
    expect(tar).toContain(`${caseId}/report.asc`);
    expect(tar).toContain('-----BEGIN PGP MESSAGE-----');
    expect(tar).toContain(`${caseId}/manifest.json`);
  });

  test('analysts and signed-out browsers cannot reach cases', async () => {
    const analyst = await enrolStaff(t, 'oysha', 'analyst');
    expect((await analyst.client.get('/api/cases')).status).toBe(403);
    expect((await request(t.app).get('/api/cases')).status).toBe(401);
  });
});
