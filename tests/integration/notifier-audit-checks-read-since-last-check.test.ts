/**
 * The notifier's hourly audit-chain check reads the whole log only at its first check after a
 * start and of each UTC day; the others read from the last entry verified to the head. That must
 * lose nothing: entries appended meanwhile still verify, the last verified entry changed
 * afterwards is still found broken, and an older entry changed is found by the next day's first
 * check, not only when the notifier next starts.
 * Defence: OperationalChecks.readAuditSinceLastCheck (server/notifier/operational-checks.ts).
 */
import { notifierOf, plantAlertsOn } from '../helpers/alert-receivers';
import { useTestApp } from '../helpers/use-test-app';

const DAY_MS = 86_400_000;

describe('the notifier checks the audit log since its last check', () => {
  const t = useTestApp({ label: 'notifier-audit-since', caseworkers: 1 });
  const auditLog = () => t.connection.db!.collection<{ _id: number; actor: string }>('audit_log');
  const brokenCounted = () =>
    t.connection.db!.collection('alert_outbox').countDocuments({ kind: 'auditChainBroken' });

  /** Three entries, a check, two more, a check: the chain verified whole, then from the last. */
  const appendedAndCheckedTwice = async (
    notifier: ReturnType<typeof notifierOf>,
    first: string,
    later: string,
  ): Promise<void> => {
    for (let i = 0; i < 3; i++) await t.services.audit.record('test', first);
    await notifier.runChecks();
    for (let i = 0; i < 2; i++) await t.services.audit.record('test', later);
    await notifier.runChecks();
    expect(await brokenCounted()).toBe(0);
  };

  beforeAll(async () => {
    t.clock.freeze();
    // Someone has alerts on, so the checks' findings are counted in the outbox.
    await plantAlertsOn(t, 'an-admin', { operations: true });
  });

  test("when an entry older than the last verified one changes then the next day's first check finds the chain broken", async () => {
    const notifier = notifierOf(t, null);
    try {
      await appendedAndCheckedTwice(notifier, 'test.older', 'test.newer');

      const [older] = await auditLog().find({}).sort({ _id: -1 }).skip(3).limit(1).toArray();
      await auditLog().updateOne({ _id: older!._id }, { $set: { actor: 'someone else' } });
      t.clock.advance(DAY_MS);
      await notifier.runChecks();
      expect(await brokenCounted()).toBe(1);

      // Put back as it was, for the next test.
      await auditLog().updateOne({ _id: older!._id }, { $set: { actor: older!.actor } });
      await t.connection.db!.collection('alert_outbox').deleteMany({});
    } finally {
      notifier.close();
    }
  });

  test('when entries are appended between checks then they verify, and when the last verified entry changes then the chain is found broken', async () => {
    const notifier = notifierOf(t, null);
    try {
      await appendedAndCheckedTwice(notifier, 'test.first', 'test.later');

      const head = await auditLog().find({}).sort({ _id: -1 }).limit(1).next();
      await auditLog().updateOne({ _id: head!._id }, { $set: { actor: 'someone else' } });
      // The next day: a finding is raised once a day.
      t.clock.advance(DAY_MS);
      await notifier.runChecks();
      expect(await brokenCounted()).toBe(1);
    } finally {
      notifier.close();
    }
  });
});
