/**
 * Fault: the database freezes rather than dies: connections stay open and nothing answers (a
 * stopped or stuck process; here a TCP proxy holding every byte). Nothing on the wire says it is
 * gone, so the app must notice by itself: the driver checks the server every second and gives
 * up on a check after a few (db.ts), then answers 503 database_unavailable with Retry-After.
 *
 * The answer must arrive while the database is still frozen: the test unfreezes it only after
 * the answer (a hanging app would hold the request until then, and the test would time out).
 * How long the answer took is printed, not asserted (shared machines are noisy).
 */
import { buildSubmissions } from '../helpers/fault-harness';
import { useFaultStage } from '../helpers/fault-stage';

describe('fault: the database freezes', () => {
  const stage = useFaultStage('frozen');

  test('when the database stops answering then a report gets 503 database_unavailable while it is still frozen, and is stored once it answers again', async () => {
    const ledger = stage.reporters(await buildSubmissions(stage.organisation.directory, 2));
    const { proxy, databaseUri } = await stage.proxyDatabase();
    const { port, baseUrl } = await stage.freeAddress();
    await stage.startApp(databaseUri, port);
    expect((await ledger.sendOnce(baseUrl, 0)).status).toBe(201);

    proxy.setMode({ kind: 'hold' });
    const started = performance.now();
    const answer = await ledger.sendOnce(baseUrl, 1);
    const answeredAfterMs = Math.round(performance.now() - started);
    const ready = await fetch(`${baseUrl}/readyz`);
    const stillFrozen = proxy.mode.kind === 'hold';
    proxy.setMode({ kind: 'pass' });
    process.stdout.write(`[fault frozen] ${JSON.stringify({ answeredAfterMs, answer })}\n`);

    expect(stillFrozen).toBe(true);
    expect(answer).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(ready.status).toBe(503);

    // Thawed: the reporter's next try is stored, once.
    await ledger.retryUnaccepted(baseUrl, Date.now() + 60_000);
    const audit = await ledger.audit(stage.database.databaseUri);
    expect(audit.problems).toEqual([]);
    expect(ledger.summary().otherStatuses).toEqual([]);
  }, 180_000);
});
