/**
 * Without a mail server (NOTIFIER_SMTP_HOST unset) the notifier makes no e-mail deliveries: each
 * could only fail and be retried for days, a per-window record of activity in the database.
 * Instead the admins' failures list says, once per person and with no counts or window, that
 * their e-mail alerts are not sent. Defence: AlertBatches (server/notifier/alert-batches.ts).
 */
import { AlertAddressSealer } from '../../server/features/alerts';
import { notifierOf, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

describe('e-mail alerts without a mail server', () => {
  const t = useTestApp({ label: 'email-alerts-no-smtp', caseworkers: 1 });

  test('when windows with reports close and no mail server is configured then no e-mail delivery is made and the admins see one given-up entry saying why', async () => {
    t.clock.freeze();
    const caseworker = await enrolStaff(t, 'mailless-caseworker', 'caseworker');
    const account = await t.services.accounts.findByUsername(caseworker.username);
    await t.connection.db!.collection('alert_settings').insertOne({
      _id: account!.id as never,
      kinds: { reports: true, followUps: false, deadlines: false, operations: false },
      emailSealed: new AlertAddressSealer(t.config.alertAddressKey).seal(
        account!.id,
        'email',
        'caseworker@amanat.test',
      ),
      webhookUrlSealed: null,
      active: true,
    });
    t.services.alertCounter.settingsChanged();
    const notifier = notifierOf(t, null);
    try {
      for (let window = 0; window < 2; window++) {
        await t.services.alertCounter.count('reports');
        t.clock.advance(untilFannedOutMsOf(t));
        expect(await notifier.deliver()).toEqual({ made: 0, sent: 0, failed: 0 });
      }
    } finally {
      notifier.close();
    }
    expect(await t.connection.db!.collection('alert_deliveries').find({}).toArray()).toEqual([
      expect.objectContaining({
        _id: `smtp_not_configured:${account!.id}`,
        counts: {},
        state: 'given_up',
      }),
    ]);
    expect(await t.services.alertSettings.failures()).toEqual([
      {
        username: caseworker.username,
        channel: 'email',
        attempts: 1,
        lastError: 'smtp_not_configured',
        nextAttemptAt: null,
        state: 'given_up',
      },
    ]);
  });
});
