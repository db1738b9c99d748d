/**
 * Fault: the app process is killed (SIGKILL, no shutdown) while reporters are sending, and a new
 * one starts on the same database. Reporters whose request died with the process send the same
 * submission again; in the end nothing is lost and nothing is stored twice.
 */
import { expectEachStoredOnce, useFaultStage } from '../helpers/fault-stage';

const SUBMISSIONS = 120;
const CONCURRENCY = 10;

describe('fault: the app is killed mid-load', () => {
  const stage = useFaultStage('app-killed');

  test('when the app is killed with requests in flight and restarted then every submission is stored exactly once', async () => {
    const { database } = stage;
    const {
      app: first,
      port,
      baseUrl,
      ledger,
      load,
    } = await stage.startLoad(database.databaseUri, SUBMISSIONS, CONCURRENCY);

    // Kill it a third of the way in, with every reporter waiting for an answer.
    await ledger.waitFor(() => ledger.acceptedCount() >= SUBMISSIONS / 3, 'the first third');
    first.child.kill('SIGKILL');
    await first.exited;
    const acceptedBeforeKill = ledger.acceptedCount();

    // Reporters keep trying while nothing listens; then the new process takes over.
    await ledger.waitFor(
      () => ledger.count((a) => a.failure === 'refused') >= CONCURRENCY,
      'refusals',
    );
    await stage.startApp(database.databaseUri, port);
    await load;
    const resent = await ledger.retryUnaccepted(baseUrl, Date.now() + 15_000);

    const summary = ledger.summary();
    const audit = await ledger.audit(database.databaseUri);
    process.stdout.write(
      `[fault app-killed] ${JSON.stringify({ acceptedBeforeKill, resent, ...summary, audit })}\n`,
    );
    // The kill cut requests that were in flight, not only new ones.
    expect(summary.noAnswerDropped).toBeGreaterThan(0);
    expect(acceptedBeforeKill).toBeLessThan(SUBMISSIONS);
    // Nothing but 201, 503 or no answer at all; never a 500.
    expect(summary.otherStatuses).toEqual([]);
    expect(summary.noAnswerTimeout).toBe(0);
    expectEachStoredOnce(audit, SUBMISSIONS);
  }, 120_000);
});
