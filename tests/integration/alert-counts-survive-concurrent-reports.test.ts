/**
 * Many reports counted at the same moment, on the real database: every one is in the alert.
 * FerretDB v1 runs `$inc` on one document as read-then-write, so counts added to a window's single
 * document at once were lost; each count is now a document of its own (alert-outbox.model.ts),
 * summed by the notifier when it fans the window out. Defence: AlertCounter stores one uniquely
 * keyed document per count (server/features/alerts/alert-counter.ts), AlertBatches sums them.
 */
import { notifierOf, plantAlertsOn, untilFannedOutMsOf } from '../helpers/alert-receivers';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const CONCURRENT_REPORTS = 60;

describe('alert counts under concurrency', () => {
  const t = useTestApp({ label: 'alert-counts-concurrent', caseworkers: 1 });

  test('when many reports are counted at once then the window alert counts every one of them', async () => {
    t.clock.freeze();
    const caseworker = await enrolStaff(t, 'counted-caseworker', 'caseworker');
    const account = await t.connection
      .db!.collection<{ _id: string }>('accounts')
      .findOne({ username: caseworker.username });
    await plantAlertsOn(t, account!._id, { reports: true });

    await Promise.all(
      Array.from({ length: CONCURRENT_REPORTS }, () => t.services.alertCounter.count('reports')),
    );

    t.clock.advance(untilFannedOutMsOf(t));
    const notifier = notifierOf(t, null);
    try {
      expect((await notifier.deliver()).made).toBe(1);
    } finally {
      notifier.close();
    }
    const deliveries = await t.connection.db!.collection('alert_deliveries').find({}).toArray();
    expect(deliveries).toEqual([
      expect.objectContaining({ channel: 'webhook', counts: { reports: CONCURRENT_REPORTS } }),
    ]);
    expect(await t.connection.db!.collection('alert_outbox').countDocuments({})).toBe(0);
  });
});
