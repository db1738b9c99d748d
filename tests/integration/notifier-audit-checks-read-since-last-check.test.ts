/**
 * The notifier's hourly audit-chain check reads the whole log only once per start; later checks
 * read from the last entry they verified to the head. That must lose nothing: entries appended
 * meanwhile still verify, and the last verified entry changed afterwards is still found broken.
 * Defence: OperationalChecks.readAuditSinceLastCheck (server/notifier/operational-checks.ts).
 */
import { notifierOf } from '../helpers/alert-receivers';
import { useTestApp } from '../helpers/use-test-app';

const DAY_MS = 86_400_000;

describe('the notifier checks the audit log since its last check', () => {
  const t = useTestApp({ label: 'notifier-audit-since', caseworkers: 1 });

  test('when entries are appended between checks then they verify, and when the last verified entry changes then the chain is found broken', async () => {
    t.clock.freeze();
    // Someone has alerts on, so the checks' findings are counted in the outbox.
    await t.connection.db!.collection('alert_settings').insertOne({
      _id: 'an-admin' as never,
      kinds: { reports: false, followUps: false, deadlines: false, operations: true },
      emailSealed: null,
      webhookUrlSealed: 'sealed',
      active: true,
    });
    const brokenCounted = () =>
      t.connection.db!.collection('alert_outbox').countDocuments({ kind: 'auditChainBroken' });
    const notifier = notifierOf(t, null);
    try {
      for (let i = 0; i < 3; i++) await t.services.audit.record('test', 'test.first');
      await notifier.runChecks();
      for (let i = 0; i < 2; i++) await t.services.audit.record('test', 'test.later');
      await notifier.runChecks();
      expect(await brokenCounted()).toBe(0);

      const head = await t.connection
        .db!.collection<{ _id: number }>('audit_log')
        .find({})
        .sort({ _id: -1 })
        .limit(1)
        .next();
      await t.connection
        .db!.collection<{ _id: number }>('audit_log')
        .updateOne({ _id: head!._id }, { $set: { actor: 'someone else' } });
      // The next day: a finding is raised once a day.
      t.clock.advance(DAY_MS);
      await notifier.runChecks();
      expect(await brokenCounted()).toBe(1);
    } finally {
      notifier.close();
    }
  });
});
