/**
 * Fault: the app process is killed (SIGKILL, no shutdown) while reporters are sending, and a new
 * one starts on the same database. Reporters whose request died with the process send the same
 * submission again; in the end nothing is lost and nothing is stored twice.
 */
import { findFreePort } from '../../scripts/local-db/local-db';
import {
  buildSubmissions,
  prepareOrganisation,
  startApp,
  startFaultDatabase,
  SubmissionLedger,
  type FaultDatabase,
  type FaultOrganisation,
} from '../helpers/fault-harness';
import type { ServerProcess } from '../helpers/server-process';

const SUBMISSIONS = 120;
const CONCURRENCY = 10;

describe('fault: the app is killed mid-load', () => {
  let database: FaultDatabase;
  let organisation: FaultOrganisation;
  let running: SubmissionLedger | undefined;
  const apps: ServerProcess[] = [];

  beforeAll(async () => {
    database = await startFaultDatabase('app-killed');
    organisation = await prepareOrganisation('app-killed', database.databaseUri);
  }, 60_000);

  afterAll(async () => {
    running?.stop();
    for (const app of apps) app.child.kill('SIGKILL');
    await database?.dispose();
  });

  test('when the app is killed with requests in flight and restarted then every submission is stored exactly once', async () => {
    const bodies = await buildSubmissions(organisation.directory, SUBMISSIONS);
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const first = await startApp(organisation, database.databaseUri, port);
    apps.push(first);
    const ledger = new SubmissionLedger(bodies);
    running = ledger;
    const load = ledger.run(baseUrl, { concurrency: CONCURRENCY, deadline: Date.now() + 75_000 });

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
    apps.push(await startApp(organisation, database.databaseUri, port));
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
    expect(audit.problems).toEqual([]);
    expect(audit).toMatchObject({
      submissions: SUBMISSIONS,
      stored: SUBMISSIONS,
      distinctStored: SUBMISSIONS,
      lost: 0,
      duplicated: 0,
    });
  }, 120_000);
});
