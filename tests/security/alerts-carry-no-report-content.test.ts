/**
 * Attack: reading alerts, or the database behind them, to learn about reports: a mail provider or
 * chat bridge that keeps every alert, someone with the staff member's inbox or chat room, or a
 * database dump taken while alerts wait to be sent. A report and a follow-up are sent with canary
 * text, a caseworker gives the case a canary label and a deadline, and alerts are made of all of
 * it (a mail server that is down keeps e-mail alerts waiting in the database meanwhile). Then the
 * outbox, the waiting deliveries, every e-mail received and every webhook body are searched for
 * the report's text, its case id, submission id, receipt and verifier, the follow-up's id and the
 * label, in the encodings a careless change would use; and every stored alert document must hold
 * counts only, of the known kinds. Defence: the app adds numbers to a per-window document
 * (server/features/alerts/alert-counter.ts), the notifier copies numbers into deliveries and
 * writes them as fixed phrases (server/notifier/alert-batches.ts, alert-text.ts).
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ALERT_COUNTS } from '../../contract/api/alerts';
import { dayOf } from '../../server/platform/days';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { enrolStaff } from '../helpers/staff';
import { adminAllowingLoopbackWebhooks, useAlertsDesk } from '../helpers/alerts-desk';

const CANARY_TEXT = 'canary-report-text-5be1';
const CANARY_FOLLOW_UP = 'canary-follow-up-text-0d94';
const CANARY_LABEL = 'canary-label-93c2';

function encodingsOf(value: string): string[] {
  return [
    ...new Set([
      value,
      value.toLowerCase(),
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
      Buffer.from(value).toString('hex'),
    ]),
  ];
}

describe('alerts carry no report content', () => {
  const desk = useAlertsDesk('alerts-no-content', { hook: true, mail: true });
  const t = desk.t;

  test('when alerts are made of a report, a follow-up and its triage then neither the stored alerts nor the e-mails and webhook bodies hold anything of them', async () => {
    await adminAllowingLoopbackWebhooks(t, 'canary-admin');
    const caseworker = await enrolStaff(t, 'canary-caseworker', 'caseworker');
    const settings = await caseworker.client.put('/api/me/alerts', {
      kinds: { reports: true, followUps: true, deadlines: true, operations: false },
      email: 'canary-caseworker@amanat.test',
      webhookUrl: desk.hook.url,
    });
    expect(settings.status).toBe(200);

    const submission = await buildSubmission(t.directory, {
      report: { locale: 'en', incidentType: 'online_harassment', whatHappened: CANARY_TEXT },
    });
    const caseId = (await request(t.app).post('/api/reports').send(submission.body).expect(201))
      .body.caseId as string;
    const followUpId = randomBytes(16).toString('hex');
    await request(t.app)
      .post('/api/receipts/messages')
      .send({
        receiptVerifier: submission.body.receiptVerifier,
        messageId: followUpId,
        message: await encryptToDirectory(t.directory, CANARY_FOLLOW_UP),
      })
      .expect(201);
    const triaged = await caseworker.client.patch(`/api/cases/${caseId}`, {
      labels: [CANARY_LABEL],
      deadline: dayOf(t.clock.now()),
    });
    expect(triaged.status).toBe(200);

    // The mail server is down: e-mail alerts wait in the database, as a dump would find them.
    await desk.mail.stop();
    const notifier = notifierOf(t, desk.mail);
    await notifier.runChecks();
    const db = t.connection.db!;
    // The outbox as a dump finds it before the window is sent.
    const outboxBefore = await db.collection('alert_outbox').find({}).toArray();
    // One counted event each: the report, the follow-up, the deadline found by the checks.
    expect(outboxBefore).toHaveLength(3);
    t.clock.advance(untilFannedOutMsOf(t));
    expect(await notifier.deliver()).toEqual({ made: 2, sent: 1, failed: 1 });
    const waiting = await db.collection('alert_deliveries').find({}).toArray();
    expect(waiting).toHaveLength(1);
    await desk.mail.start();
    t.clock.advance(60_000);
    expect(await notifier.deliver()).toEqual({ made: 0, sent: 1, failed: 0 });
    notifier.close();
    expect(desk.mail.received).toHaveLength(1);
    expect(desk.hook.received).toHaveLength(1);

    // Counts only: known kinds, whole numbers, and the fields each document is meant to have.
    const countsOnly = (counts: Record<string, unknown>) =>
      Object.entries(counts).every(
        ([kind, count]) =>
          (ALERT_COUNTS as readonly string[]).includes(kind) && Number.isInteger(count),
      );
    for (const document of outboxBefore) {
      expect(Object.keys(document).sort()).toEqual([
        '_id',
        'count',
        'expiresAt',
        'kind',
        'window',
        'windowEnd',
      ]);
      // The id is random: 16 bytes, nothing of the report.
      expect(document._id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(countsOnly({ [document['kind'] as string]: document['count'] })).toBe(true);
    }
    for (const document of waiting) {
      expect(Object.keys(document).sort()).toEqual(
        [
          '_id',
          'accountId',
          'attempts',
          'channel',
          'counts',
          'createdAt',
          'expiresAt',
          'failing',
          'lastError',
          'nextAttemptAt',
          'state',
        ].sort(),
      );
      expect(document['counts']).toEqual({ reports: 1, followUps: 1, deadlines: 1 });
    }
    const hookBody = desk.hook.received[0]!.body as { counts: Record<string, unknown> };
    expect(hookBody.counts).toEqual({ reports: 1, followUps: 1, deadlines: 1 });

    const seen = [
      JSON.stringify(outboxBefore),
      JSON.stringify(waiting),
      JSON.stringify(await db.collection('alert_settings').find({}).toArray()),
      ...desk.mail.received.map((received) => received.raw),
      ...desk.hook.received.map((received) => JSON.stringify(received)),
    ].join('\n');
    const canaries = {
      reportText: CANARY_TEXT,
      followUpText: CANARY_FOLLOW_UP,
      label: CANARY_LABEL,
      caseId,
      submissionId: submission.body.submissionId,
      receipt: submission.receipt,
      receiptVerifier: submission.body.receiptVerifier,
      followUpId,
    };
    for (const [name, value] of Object.entries(canaries)) {
      for (const encoded of encodingsOf(value)) {
        expect({ name, encoded, found: seen.includes(encoded) }).toEqual({
          name,
          encoded,
          found: false,
        });
      }
    }
    // The canaries did reach the database: the search looks where they would be found.
    const stored = JSON.stringify(
      await db
        .collection('cases')
        .find({ _id: caseId as never })
        .toArray(),
    );
    expect(stored).toContain(CANARY_LABEL);
  });
});
