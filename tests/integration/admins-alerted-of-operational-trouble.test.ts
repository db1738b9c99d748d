/**
 * Admins' operational alerts, from the notifier's own checks on the real database: the signed
 * directory about to expire (intake stops when it does), no backup audited lately, the storage
 * watermark reached, and a broken audit chain. Each condition is raised at most once a day, goes
 * to admins who turned operational alerts on (never to caseworkers), and says which condition,
 * not more.
 */
import request from 'supertest';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { enrolStaff } from '../helpers/staff';
import { adminAllowingLoopbackWebhooks, useAlertsDesk } from '../helpers/alerts-desk';

describe('admins are alerted of operational trouble', () => {
  const desk = useAlertsDesk('alerts-operational', { hook: true });
  const t = desk.t;

  test('when the directory nears expiry, no backup was made, storage is past its budget and the audit chain is broken then an admin gets one alert naming each, once a day, and a caseworker none', async () => {
    const admin = await adminAllowingLoopbackWebhooks(t, 'operations-admin');
    const adminSettings = await admin.client.put('/api/me/alerts', {
      kinds: { reports: false, followUps: false, deadlines: false, operations: true },
      email: null,
      webhookUrl: `${desk.hook.url}?admin`,
    });
    expect(adminSettings.status).toBe(200);
    const caseworker = await enrolStaff(t, 'operations-caseworker', 'caseworker');
    await caseworker.client
      .put('/api/me/alerts', {
        kinds: { reports: true, followUps: true, deadlines: true, operations: false },
        email: null,
        webhookUrl: `${desk.hook.url}?caseworker`,
      })
      .then((answer) => expect(answer.status).toBe(200));

    // An audit entry changed after the fact: the chain no longer verifies.
    const auditLog = t.connection.db!.collection('audit_log');
    await auditLog.updateOne({ _id: 1 as never }, { $set: { actor: 'someone else' } });
    expect((await t.services.audit.verifyChain()).ok).toBe(false);

    const notifier = notifierOf(t, null, {
      // The test directory is valid for a year or less: within this many days of expiry.
      DIRECTORY_EXPIRY_WARNING_DAYS: '365',
      NOTIFIER_BACKUP_MAX_AGE_HOURS: '1',
      STORAGE_MAX_BYTES: '1',
    });
    await notifier.runChecks();
    // Checked again within the day: the same conditions are not raised twice.
    await notifier.runChecks();
    t.clock.advance(untilFannedOutMsOf(t));
    expect(await notifier.deliver()).toEqual({ made: 1, sent: 1, failed: 0 });
    notifier.close();

    expect(desk.hook.received).toEqual([
      {
        path: '/hook?admin',
        body: {
          text: [
            'Amanat: new activity',
            '1 warning: the signed recipient directory expires soon (intake stops when it does)',
            '1 warning: no backup has succeeded lately',
            '1 warning: the storage watermark is reached',
            '1 warning: the audit chain does not verify',
            '',
            'Sign in to the Amanat dashboard to see more. Alerts never carry content.',
          ].join('\n'),
          counts: {
            directoryExpiring: 1,
            backupOverdue: 1,
            storageWatermark: 1,
            auditChainBroken: 1,
          },
        },
      },
    ]);
    // The instances stay ready: these are the admins' to act on, not the proxy's.
    expect((await request(t.app).get('/readyz')).status).toBe(200);
  });
});
