/**
 * Fault: the database stops while reporters are sending (SIGKILL: no chance to finish anything),
 * then comes back on the same data and port. Meanwhile the app answers 503 database_unavailable
 * with Retry-After, never a 500 and never a hang; reporters send the same submission again, the
 * app reconnects by itself, and in the end nothing is lost and nothing is stored twice.
 */
import { sleep } from '../helpers/fault-harness';
import { expectEachStoredOnce, useFaultStage } from '../helpers/fault-stage';

const SUBMISSIONS = 100;
const CONCURRENCY = 10;

describe('fault: the database stops mid-submission', () => {
  const stage = useFaultStage('db-stopped');

  test('when the database is killed during submissions and restarted then reporters get 503 with Retry-After, retry, and every submission is stored exactly once', async () => {
    const { database } = stage;
    const { app, baseUrl, ledger, load } = await stage.startLoad(
      database.databaseUri,
      SUBMISSIONS,
      CONCURRENCY,
    );

    await ledger.waitFor(() => ledger.acceptedCount() >= SUBMISSIONS / 4, 'the first quarter');
    await database.stop('kill');
    const acceptedBeforeStop = ledger.acceptedCount();
    // Readiness says so too.
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(503);
    await ledger.waitFor(
      () => ledger.count((a) => a.status === 503) >= 2 * CONCURRENCY,
      'reporters to be told to retry',
    );
    const readyWhileDown = await fetch(`${baseUrl}/readyz`);
    await database.start();
    await load;
    const resent = await ledger.retryUnaccepted(baseUrl, Date.now() + 15_000);
    // The app reconnected by itself.
    let readyAfter = 0;
    for (let i = 0; i < 40 && readyAfter !== 200; i++, await sleep(250)) {
      readyAfter = (await fetch(`${baseUrl}/readyz`)).status;
    }

    const summary = ledger.summary();
    const audit = await ledger.audit(database.databaseUri);
    process.stdout.write(
      `[fault db-stopped] ${JSON.stringify({ acceptedBeforeStop, resent, ...summary, audit })}\n`,
    );
    expect(readyWhileDown.status).toBe(503);
    expect(readyAfter).toBe(200);
    const unavailable = ledger.all().filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.code).toBe('database_unavailable');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Never a 500, never a request left hanging.
    expect(summary.otherStatuses).toEqual([]);
    expect(summary.noAnswerTimeout).toBe(0);
    expect(app.child.exitCode).toBeNull();
    expectEachStoredOnce(audit, SUBMISSIONS);
  }, 120_000);
});
