/**
 * Fault: the network between the app and the database fails while reporters are sending. A TCP
 * proxy sits between them: it first resets every connection and refuses new ones (a cut), then
 * passes traffic slowly (every chunk late), then normally again. During the cut the app answers
 * 503 database_unavailable with Retry-After; reporters send the same submission again; in the end
 * nothing is lost and nothing is stored twice.
 */
import { expectEachStoredOnce, useFaultStage } from '../helpers/fault-stage';

const SUBMISSIONS = 120;
const CONCURRENCY = 10;

describe('fault: the connection between app and database is cut', () => {
  const stage = useFaultStage('connection-cut');

  test('when the connection is cut, then slow, then restored then reporters get 503 with Retry-After during the cut and every submission is stored exactly once', async () => {
    const { proxy, databaseUri } = await stage.proxyDatabase();
    const { app, baseUrl, ledger, load } = await stage.startLoad(
      databaseUri,
      SUBMISSIONS,
      CONCURRENCY,
    );

    await ledger.waitFor(() => ledger.acceptedCount() >= SUBMISSIONS / 4, 'the first quarter');
    proxy.setMode({ kind: 'drop' });
    const acceptedBeforeCut = ledger.acceptedCount();
    const answersBeforeCut = ledger.all().length;
    await ledger.waitFor(
      () => ledger.count((a) => a.status === 503) >= 2 * CONCURRENCY,
      'reporters to be told to retry',
    );
    const readyDuringCut = await fetch(`${baseUrl}/readyz`);
    const answersDuringCut = ledger.all().slice(answersBeforeCut);

    // A slow link: every chunk each way 150 ms late. Requests take longer but get through.
    proxy.setMode({ kind: 'delay', ms: 150 });
    const acceptedBeforeSlow = ledger.acceptedCount();
    await ledger.waitFor(
      () => ledger.acceptedCount() >= acceptedBeforeSlow + CONCURRENCY,
      'submissions over the slow link',
    );
    const acceptedWhileSlow = ledger.acceptedCount() - acceptedBeforeSlow;

    proxy.setMode({ kind: 'pass' });
    await load;
    const resent = await ledger.retryUnaccepted(baseUrl, Date.now() + 15_000);

    const summary = ledger.summary();
    const audit = await ledger.audit(stage.database.databaseUri);
    process.stdout.write(
      `[fault connection-cut] ${JSON.stringify({
        acceptedBeforeCut,
        acceptedWhileSlow,
        resent,
        proxy: proxy.stats(),
        ...summary,
        audit,
      })}\n`,
    );
    expect(readyDuringCut.status).toBe(503);
    const unavailable = answersDuringCut.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.code).toBe('database_unavailable');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(proxy.stats().reset).toBeGreaterThan(0);
    expect(acceptedWhileSlow).toBeGreaterThanOrEqual(CONCURRENCY);
    // Never a 500, never a request left hanging.
    expect(summary.otherStatuses).toEqual([]);
    expect(summary.noAnswerTimeout).toBe(0);
    expect(app.child.exitCode).toBeNull();
    expectEachStoredOnce(audit, SUBMISSIONS);
  }, 120_000);
});
