/**
 * Fault, on the production path: one of the two app instances behind Caddy is killed (SIGKILL)
 * while reporters send over HTTPS. Caddy sends new requests to the other instance (failed
 * connections are tried again there, and health checks take the dead one out); requests that
 * were inside the killed instance come back 502, and the reporter sends the same submission
 * again, as the page does. In the end every submission is stored exactly once, under the case id
 * its 201 named, with its case record.
 */
import {
  buildSubmissions,
  SubmissionLedger,
  type FaultOrganisation,
} from '../helpers/fault-harness';
import {
  startProductionPathFor,
  trustProxyCa,
  type ProductionPath,
} from '../helpers/production-path';

const SUBMISSIONS = 90;
const CONCURRENCY = 8;
/** What the reporter page sends again after: behind the proxy a dead instance is a 502. */
const PAGE_RETRIES = [429, 502, 503, 504];

describe('production path: an app instance is killed under load', () => {
  let path: ProductionPath;
  let organisation: FaultOrganisation;
  let databaseUri: string;
  let untrustCa: () => void;
  let running: SubmissionLedger | undefined;

  beforeAll(async () => {
    ({ path, organisation, databaseUri } = await startProductionPathFor('proxy-kill'));
    untrustCa = trustProxyCa(path);
  }, 90_000);

  afterAll(async () => {
    running?.stop();
    untrustCa?.();
    await path?.stop();
  });

  test('when one instance is killed with requests in flight then every report answered 201 is stored exactly once', async () => {
    const bodies = await buildSubmissions(organisation.directory, SUBMISSIONS);
    const ledger = new SubmissionLedger(bodies, { temporaryStatuses: PAGE_RETRIES });
    running = ledger;
    const load = ledger.run(path.origin, {
      concurrency: CONCURRENCY,
      deadline: Date.now() + 90_000,
    });

    await ledger.waitFor(() => ledger.acceptedCount() >= SUBMISSIONS / 3, 'the first third');
    const [killed] = path.apps;
    await killed.kill();
    const acceptedBeforeKill = ledger.acceptedCount();
    await load;
    const resent = await ledger.retryUnaccepted(path.origin, Date.now() + 30_000);

    const summary = ledger.summary();
    const audit = await ledger.audit(databaseUri);
    process.stdout.write(
      `[production kill] ${JSON.stringify({ acceptedBeforeKill, resent, ...summary, audit })}\n`,
    );
    expect(acceptedBeforeKill).toBeLessThan(SUBMISSIONS);
    // Only 201s and what the page retries (a 502 for a request inside the killed instance).
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
  }, 150_000);
});
