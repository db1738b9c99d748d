/**
 * A count is stamped with its batch window before its insert reaches the database, and the insert
 * may land a little after the window ended (a slow database, instances' clocks a little apart).
 * Such a count must join its window's alert: not be lost (its window's delivery already made, the
 * late one refused as a duplicate), nor be sent later as an alert of its own. And a count landing
 * while a window is being fanned out must not be deleted unsent with the events that were summed.
 * Defences: the notifier fans a window out only FAN_OUT_GRACE_MS after its end
 * (server/features/alerts/alert-counter.ts, server/notifier/alert-batches.ts), and deletes only
 * the events it summed, by id (AlertOutboxRepository.remove).
 */
import { AlertBatches, type AlertBatchesDeps } from '../../server/notifier/alert-batches';
import {
  AlertDeliveriesRepository,
  AlertOutboxRepository,
  AlertSettingsRepository,
  FAN_OUT_GRACE_MS,
  windowOf,
  type CountedEvent,
} from '../../server/features/alerts';
import { plantAlertsOn } from '../helpers/alert-receivers';
import { enrolStaff } from '../helpers/staff';
import { useTestApp } from '../helpers/use-test-app';

const MINUTE_MS = 60_000;

describe('a late alert count joins its window', () => {
  const t = useTestApp({ label: 'late-alert-count', caseworkers: 1 });
  const outbox = () => t.connection.db!.collection<CountedEvent>('alert_outbox');
  const deliveries = () => t.connection.db!.collection<{ _id: string }>('alert_deliveries');
  const windowMs = () => t.config.alerts.batchMinutes * MINUTE_MS;
  let window = 0;

  /** A count of the window that has just ended, landing now (as a delayed insert would). */
  const lateCount = (): CountedEvent => ({
    _id: `late-${Math.random().toString(36).slice(2)}`,
    kind: 'reports',
    count: 1,
    window,
    windowEnd: window + windowMs(),
    expiresAt: new Date(window + windowMs() + 2 * 86_400_000),
  });

  /** The fan-out alone (no sending), as the notifier runs it, over `outboxRepository`. */
  const batchesOver = (outboxRepository: AlertOutboxRepository): AlertBatches => {
    const deps: AlertBatchesDeps = {
      outbox: outboxRepository,
      settings: new AlertSettingsRepository(t.connection),
      deliveries: new AlertDeliveriesRepository(t.connection),
      accounts: t.services.accounts,
      batchMinutes: t.config.alerts.batchMinutes,
      giveUpHours: 72,
      emailConfigured: false,
    };
    return new AlertBatches(deps);
  };

  beforeAll(async () => {
    t.clock.freeze();
    const caseworker = await enrolStaff(t, 'late-count-caseworker', 'caseworker');
    const account = await t.connection
      .db!.collection<{ _id: string }>('accounts')
      .findOne({ username: caseworker.username });
    await plantAlertsOn(t, account!._id, { reports: true });
  });

  beforeEach(async () => {
    await deliveries().deleteMany({});
    await outbox().deleteMany({});
    window = windowOf(t.clock.now(), t.config.alerts.batchMinutes);
  });

  test('when a count of a window lands a minute after the window ended then the window is alerted once, with it', async () => {
    const batches = batchesOver(new AlertOutboxRepository(t.connection));
    await t.services.alertCounter.count('reports');

    t.clock.advance(window + windowMs() + MINUTE_MS - t.clock.now().getTime());
    expect(await batches.fanOut(t.clock.now())).toBe(0);
    await outbox().insertOne(lateCount());

    t.clock.advance(FAN_OUT_GRACE_MS);
    expect(await batches.fanOut(t.clock.now())).toBe(1);
    expect(await deliveries().find({}).toArray()).toEqual([
      expect.objectContaining({ counts: { reports: 2 } }),
    ]);
    expect(await outbox().countDocuments({})).toBe(0);
  });

  test('when a count of a window lands while the window is fanned out then it stays in the outbox, not deleted unsent', async () => {
    /** The outbox as the notifier reads it, with a late count landing right after that read. */
    class LateInsertDuringFanOut extends AlertOutboxRepository {
      override async listEndedBy(end: number): Promise<CountedEvent[]> {
        const events = await super.listEndedBy(end);
        await outbox().insertOne(lateCount());
        return events;
      }
    }
    await t.services.alertCounter.count('reports');
    t.clock.advance(window + windowMs() + FAN_OUT_GRACE_MS - t.clock.now().getTime());

    expect(await batchesOver(new LateInsertDuringFanOut(t.connection)).fanOut(t.clock.now())).toBe(
      1,
    );
    expect(
      await outbox()
        .find({}, { projection: { _id: 0, kind: 1, window: 1 } })
        .toArray(),
    ).toEqual([{ kind: 'reports', window }]);
  });
});
