/**
 * Alerts of new reports and follow-ups, end to end on real parts: reports and follow-ups through
 * the API, the notifier (configured as its compose service is) reading the outbox, a real SMTP
 * server and a webhook receiver on loopback. Alerts arrive once per batch window with counts
 * only; a mail server that is down is retried with back-off and the alert arrives later, the
 * failure visible to admins meanwhile (and not in /readyz); a webhook on the allow-list gets
 * the counts.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { buildSubmission, encryptToDirectory, type BuiltSubmission } from '../helpers/reports';
import { reauthenticate } from '../helpers/staff';
import { useAlertsDesk } from '../helpers/alerts-desk';

describe('alerts are batched and carry counts only', () => {
  const desk = useAlertsDesk('alerts-batched', {
    hook: true,
    mail: true,
    staff: { caseworker: 'alerted-caseworker', admin: 'alerts-admin' },
  });
  const t = desk.t;

  async function sendReport(): Promise<BuiltSubmission> {
    const submission = await buildSubmission(t.directory);
    await request(t.app).post('/api/reports').send(submission.body).expect(201);
    return submission;
  }

  /** Sends a follow-up, `times` times over (a reporter's page retrying): stored once. */
  async function sendFollowUp(submission: BuiltSubmission, times = 1): Promise<void> {
    const followUp = {
      receiptVerifier: submission.body.receiptVerifier,
      messageId: randomBytes(16).toString('hex'),
      message: await encryptToDirectory(t.directory, 'TEST ONLY follow-up'),
    };
    for (let i = 0; i < times; i++) {
      await request(t.app).post('/api/receipts/messages').send(followUp).expect(201);
    }
  }

  /** The body of a received message, with the line breaks as the notifier wrote them. */
  const bodyOf = (raw: string): string =>
    raw.slice(raw.indexOf('\r\n\r\n') + 4).replaceAll('\r\n', '\n');

  test('when reports and a follow-up arrive in one window then the caseworker gets one e-mail with the counts, once the window has closed', async () => {
    const settings = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: { reports: true, followUps: true, deadlines: true, operations: false },
      email: 'caseworker@amanat.test',
      webhookUrl: null,
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({
      email: 'caseworker@amanat.test',
      batchMinutes: t.config.alerts.batchMinutes,
    });

    const first = await sendReport();
    await sendReport();
    // Sent again by the reporter's page: stored once, counted once.
    await sendFollowUp(first, 2);
    const notifier = notifierOf(t, desk.mail);
    expect(await notifier.deliver()).toEqual({ made: 0, sent: 0, failed: 0 });
    expect(desk.mail.received).toHaveLength(0);

    t.clock.advance(untilFannedOutMsOf(t));
    expect(await notifier.deliver()).toEqual({ made: 1, sent: 1, failed: 0 });
    expect(desk.mail.received).toHaveLength(1);
    const [alert] = desk.mail.received;
    expect(alert!.to).toEqual(['caseworker@amanat.test']);
    expect(alert!.raw).toMatch(/^Subject: Amanat: new activity\r$/m);
    expect(bodyOf(alert!.raw)).toContain('2 new reports\n1 new follow-up\n');
    // The window is gone from the outbox; a second pass sends nothing again.
    expect(await t.connection.db!.collection('alert_outbox').countDocuments()).toBe(0);
    expect(await notifier.deliver()).toEqual({ made: 0, sent: 0, failed: 0 });
    expect(desk.mail.received).toHaveLength(1);
    notifier.close();
  });

  test('when the mail server is down then the alert is retried with back-off, listed for admins meanwhile, and delivered once it is back', async () => {
    const adminClient = desk.admin.client;
    await desk.mail.stop();
    await sendReport();
    t.clock.advance(untilFannedOutMsOf(t));
    const notifier = notifierOf(t, desk.mail);
    expect(await notifier.deliver()).toEqual({ made: 1, sent: 0, failed: 1 });

    const failures = await adminClient.get('/api/admin/alerts/failures');
    expect(failures.status).toBe(200);
    expect(failures.body).toEqual({
      failures: [
        {
          username: 'alerted-caseworker',
          channel: 'email',
          attempts: 1,
          lastError: 'smtp_unreachable',
          nextAttemptAt: new Date(t.clock.now().getTime() + 60_000).toISOString(),
          state: 'retrying',
        },
      ],
    });
    // Not due yet: nothing is tried before the back-off has passed.
    expect(await notifier.deliver()).toEqual({ made: 0, sent: 0, failed: 0 });
    t.clock.advance(60_000);
    expect(await notifier.deliver()).toEqual({ made: 0, sent: 0, failed: 1 });
    const again = await adminClient.get('/api/admin/alerts/failures');
    // Twice as long after the second failure.
    expect(again.body).toMatchObject({
      failures: [
        {
          attempts: 2,
          nextAttemptAt: new Date(t.clock.now().getTime() + 120_000).toISOString(),
        },
      ],
    });
    // The instances stay ready: a failing mail server is no reason to take them out.
    expect((await request(t.app).get('/readyz')).status).toBe(200);

    await desk.mail.start();
    t.clock.advance(120_000);
    expect(await notifier.deliver()).toEqual({ made: 0, sent: 1, failed: 0 });
    expect(bodyOf(desk.mail.received.at(-1)!.raw)).toContain('1 new report\n');
    expect((await adminClient.get('/api/admin/alerts/failures')).body).toEqual({ failures: [] });
    notifier.close();
  });

  test('when the caseworker sets a webhook on an allow-listed host then it receives the counts as JSON', async () => {
    await reauthenticate(t, desk.admin.client, desk.admin);
    const listed = await desk.admin.client.put('/api/admin/alerts/webhook-hosts', {
      hosts: [{ host: '127.0.0.1', allowPrivate: true }],
    });
    expect(listed.status).toBe(200);
    await reauthenticate(t, desk.caseworker.client, desk.caseworker);
    const settings = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: { reports: false, followUps: true, deadlines: false, operations: false },
      email: null,
      webhookUrl: desk.hook.url,
    });
    expect(settings.status).toBe(200);

    const submission = await sendReport();
    await sendFollowUp(submission);
    t.clock.advance(untilFannedOutMsOf(t));
    const notifier = notifierOf(t, desk.mail);
    const sentMails = desk.mail.received.length;
    expect(await notifier.deliver()).toEqual({ made: 1, sent: 1, failed: 0 });
    expect(desk.hook.received).toEqual([
      {
        path: '/hook',
        body: {
          text: 'Amanat: new activity\n1 new follow-up\n\nSign in to the Amanat dashboard to see more. Alerts never carry content.',
          counts: { followUps: 1 },
        },
      },
    ]);
    // Reports were turned off, and e-mail too.
    expect(desk.mail.received).toHaveLength(sentMails);
    notifier.close();
  });

  test('when a staff member changes their alerts then the change is audited without the addresses, and the addresses are sealed at rest', async () => {
    const stored = await t.connection.db!.collection('alert_settings').find({}).toArray();
    const text = JSON.stringify(stored);
    expect(text).not.toContain('caseworker@amanat.test');
    expect(text).not.toContain('127.0.0.1');
    const entries = await t.connection
      .db!.collection('audit_log')
      .find({ event: 'alerts.settings_changed' })
      .toArray();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(entries)).not.toContain('amanat.test');
    expect(entries.at(-1)!['details']).toMatchObject({
      email: 'off',
      webhook: 'on',
      kinds: 'followUps',
    });
  });

  test('when a caseworker asks for operational alerts then they are refused, and nothing stored changes', async () => {
    const before = await desk.caseworker.client.get('/api/me/alerts');
    await reauthenticate(t, desk.caseworker.client, desk.caseworker);
    const refused = await desk.caseworker.client.put('/api/me/alerts', {
      kinds: { reports: true, followUps: true, deadlines: true, operations: true },
      email: 'caseworker@amanat.test',
      webhookUrl: null,
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ error: { code: 'alert_kind_not_allowed' } });
    expect((await desk.caseworker.client.get('/api/me/alerts')).body).toEqual(before.body);
  });
});
