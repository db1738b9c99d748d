/**
 * Fault: the alert outbox cannot be written (here, the database refuses every count: a unique
 * index planted on the kind, with each kind already counted once). Reports and follow-ups
 * must still be stored and answered 201 as usual, with their case opened: alerts are a
 * convenience for staff, and must never cost a reporter their report. The failure writes no log
 * line of its own (its time would date the reporter's action): it is counted with the reporter
 * requests' failures and written in the once-a-day line, by kind only. Counting works again once
 * the outbox does. Defence: AlertCounter.count (server/features/alerts/alert-counter.ts) catches
 * every failure, and is called only after what it counts is durably stored.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { windowOf } from '../../server/features/alerts';
import { plantAlertsOn } from '../helpers/alert-receivers';
import { captureLog } from '../helpers/log-capture';
import { buildSubmission, encryptToDirectory } from '../helpers/reports';
import { useTestApp } from '../helpers/use-test-app';

describe('intake when the alert outbox fails', () => {
  const log = captureLog();
  const t = useTestApp({
    label: 'alert-outbox-fails',
    caseworkers: 1,
    logDestination: log.destination,
  });

  beforeAll(async () => {
    t.clock.freeze();
    t.directory = await t.publishDirectory();
  });

  test('when no one has alerts on then a report is counted nowhere', async () => {
    const submission = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(submission.body).expect(201);
    expect(await outbox().countDocuments({})).toBe(0);

    // Someone turns alerts on (as stored; the instance is told, as the settings route does).
    await plantAlertsOn(t, 'alerted-account', { reports: true, followUps: true });
  });

  /** The outbox as stored. */
  const outbox = () => t.connection.db!.collection<{ _id: string; kind: string }>('alert_outbox');
  const currentWindow = () => windowOf(t.clock.now(), t.config.alerts.batchMinutes);
  const REFUSE_EVERY_COUNT = 'fault_refuse_every_count';

  test('when every write to the outbox fails then reports and follow-ups are still stored, answered 201 and their cases opened, and the failures are written only in the daily count', async () => {
    await outbox().insertMany([
      { _id: 'planted-report', kind: 'reports' },
      { _id: 'planted-follow-up', kind: 'followUps' },
    ]);
    await outbox().createIndex({ kind: 1 }, { unique: true, name: REFUSE_EVERY_COUNT });
    const submission = await buildSubmission(t.directory);
    const stored = await request(t.app).post('/api/reports').send(submission.body);
    expect(stored.status).toBe(201);
    const caseId = (stored.body as { caseId: string }).caseId;
    expect(await t.services.triage.findCase(caseId)).toMatchObject({ status: 'new' });

    const followUp = await request(t.app)
      .post('/api/receipts/messages')
      .send({
        receiptVerifier: submission.body.receiptVerifier,
        messageId: randomBytes(16).toString('hex'),
        message: await encryptToDirectory(t.directory, 'TEST ONLY follow-up'),
      });
    expect(followUp.status).toBe(201);
    expect(await t.connection.db!.collection('case_messages').countDocuments({ caseId })).toBe(1);

    expect(log.lines.filter((line) => /count_failed|alert_count/.test(line))).toEqual([]);
    t.writeReporterCounts();
    const failures = log.lines
      .map((line) => JSON.parse(line) as { event?: string; code?: string; count?: number })
      .filter((line) => line.event === 'reporter.requests_failed');
    expect(failures).toEqual([
      expect.objectContaining({ code: 'alert_count_reports', count: 1 }),
      expect.objectContaining({ code: 'alert_count_followUps', count: 1 }),
    ]);
    expect(log.lines.join('')).not.toContain(caseId);
  });

  test('when the outbox works again then the next report is counted', async () => {
    await outbox().dropIndex(REFUSE_EVERY_COUNT);
    await outbox().deleteMany({});
    const submission = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(submission.body).expect(201);
    expect(await outbox().find({}).toArray()).toEqual([
      expect.objectContaining({ kind: 'reports', count: 1, window: currentWindow() }),
    ]);
  });
});
