/**
 * A rolling restart on the production path, while reporters and readers keep sending: each
 * instance in turn gets SIGTERM (what `docker compose stop` sends), answers /readyz 503 for
 * SHUTDOWN_DRAIN_MS (10 s, as in compose) while still serving, Caddy's active health check
 * (/readyz every 5 s) takes it out of rotation before it closes, it exits cleanly and starts
 * again, and only once Caddy has it back is the other one restarted. No request fails: every
 * answer is a 2xx at the first attempt, and every report is stored exactly once.
 */
import { buildSubmissions, SubmissionLedger, sleep } from '../helpers/fault-harness';
import {
  logMark,
  startProductionPathFor,
  trustProxyCa,
  waitForUpstreamEvent,
  type AppInstance,
  type ProductionPath,
} from '../helpers/production-path';

/** Reports sent during the restart, one at a time, spaced out to last through it. */
const SUBMISSIONS = 120;
const SUBMISSION_SPACING_MS = 250;
const READ_SPACING_MS = 50;

describe('production path: a rolling restart drains through /readyz', () => {
  let path: ProductionPath;
  let databaseUri: string;
  let ledger: SubmissionLedger;
  let untrustCa: () => void;
  let stopped = false;

  beforeAll(async () => {
    const started = await startProductionPathFor('proxy-rolling');
    ({ path, databaseUri } = started);
    untrustCa = trustProxyCa(path);
    ledger = new SubmissionLedger(
      await buildSubmissions(started.organisation.directory, SUBMISSIONS),
    );
  }, 120_000);

  afterAll(async () => {
    stopped = true;
    untrustCa?.();
    await path?.stop();
  });

  /** Sends every report once, spaced out; no retries: the test wants each first answer. */
  async function sendReports(): Promise<void> {
    for (let index = 0; index < SUBMISSIONS && !stopped; index++) {
      await ledger.sendOnce(path.origin, index);
      await sleep(SUBMISSION_SPACING_MS);
    }
  }

  /** Reads the directory until told to stop; returns every status it got. */
  async function readDirectory(until: () => boolean): Promise<number[]> {
    const statuses: number[] = [];
    while (!until() && !stopped) {
      try {
        const answer = await fetch(`${path.origin}/api/recipients`);
        await answer.arrayBuffer();
        statuses.push(answer.status);
      } catch {
        statuses.push(0);
      }
      await sleep(READ_SPACING_MS);
    }
    return statuses;
  }

  /**
   * SIGTERM, then: Caddy saw /readyz 503 while the instance still ran (it was taken out before it
   * closed); the instance exits 0; it starts again and Caddy has it back.
   */
  async function restart(app: AppInstance): Promise<void> {
    const mark = logMark(path);
    const exited = app.stop();
    const first = await Promise.race([
      waitForUpstreamEvent(path, app, 'unexpected status code', mark).then(
        () => 'out of rotation first',
      ),
      exited.then(() => 'exited first'),
    ]);
    expect({ app: app.name, first }).toEqual({ app: app.name, first: 'out of rotation first' });
    expect({ app: app.name, exit: await exited }).toEqual({
      app: app.name,
      exit: { code: 0, signal: null },
    });
    const back = logMark(path);
    await app.start();
    await waitForUpstreamEvent(path, app, 'host is up', back);
  }

  test('when each instance is restarted in turn under load then no request fails and nothing is lost', async () => {
    let restarted = false;
    const reports = sendReports();
    const reads = readDirectory(() => restarted);

    for (const app of path.apps) await restart(app);
    restarted = true;
    await reports;
    const readStatuses = await reads;

    const summary = ledger.summary();
    const audit = await ledger.audit(databaseUri);
    process.stdout.write(
      `[production rolling restart] ${JSON.stringify({ reads: readStatuses.length, ...summary, audit })}\n`,
    );
    // Every answer a success at the first attempt: nobody had to retry.
    expect(readStatuses.filter((status) => status !== 200)).toEqual([]);
    expect(summary).toMatchObject({ attempts: SUBMISSIONS, accepted: SUBMISSIONS, retries: 0 });
    expect(audit.problems).toEqual([]);
  }, 150_000);
});
