/**
 * The stage a fault test (tests/faults) stands on, set up before its tests and torn down after
 * them: a database of its own with the TEST-ONLY organisation in it, the app processes, TCP
 * proxies and reporter loads the test starts (all stopped at the end, even when a test fails
 * half-way), and the audit every fault test ends with: each submission stored exactly once.
 */
import { findFreePort } from '../../scripts/local-db/local-db';
import {
  buildSubmissions,
  prepareOrganisation,
  startApp,
  startFaultDatabase,
  SubmissionLedger,
  type AuditResult,
  type FaultDatabase,
  type FaultOrganisation,
} from './fault-harness';
import type { ServerProcess } from './server-process';
import { setUpValue } from './set-up-value';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import type { ReportSubmissionBody } from '../../client/crypto';

export interface FaultStage {
  readonly database: FaultDatabase;
  readonly organisation: FaultOrganisation;
  /** A free port on 127.0.0.1 for an app to come, and its base URL. */
  freeAddress(): Promise<{ port: number; baseUrl: string }>;
  /** Starts the app on `port` against `mongodbUri`; it is killed after the tests. */
  startApp(mongodbUri: string, port: number): Promise<ServerProcess>;
  /** A TCP proxy in front of the database and the database URI through it; closed after the tests. */
  proxyDatabase(): Promise<{ proxy: TcpProxy; databaseUri: string }>;
  /** Reporters with `bodies` to send; stopped after the tests. */
  reporters(bodies: readonly ReportSubmissionBody[]): SubmissionLedger;
  /**
   * The load a fault lands in: a new app on `mongodbUri`, and `submissions` reports sent to it
   * by `concurrency` reporters at once (each trying for up to 75 s); `load` settles when they
   * stop.
   */
  startLoad(mongodbUri: string, submissions: number, concurrency: number): Promise<FaultLoad>;
}

export interface FaultLoad {
  readonly app: ServerProcess;
  readonly port: number;
  readonly baseUrl: string;
  readonly ledger: SubmissionLedger;
  readonly load: Promise<void>;
}

/** Registers the stage's beforeAll/afterAll in the calling describe block. */
export function useFaultStage(label: string): FaultStage {
  let database: FaultDatabase | undefined;
  let organisation: FaultOrganisation | undefined;
  const ledgers: SubmissionLedger[] = [];
  const apps: ServerProcess[] = [];
  const proxies: TcpProxy[] = [];

  beforeAll(async () => {
    database = await startFaultDatabase(label);
    organisation = await prepareOrganisation(label, database.databaseUri);
  }, 60_000);

  afterAll(async () => {
    for (const ledger of ledgers) ledger.stop();
    for (const app of apps) app.child.kill('SIGKILL');
    for (const proxy of proxies) await proxy.close();
    await database?.dispose();
  });

  const ready = <T>(value: T | undefined): T => setUpValue(value, `fault stage ${label}`);
  const stage: FaultStage = {
    get database() {
      return ready(database);
    },
    get organisation() {
      return ready(organisation);
    },
    freeAddress: async () => {
      const port = await findFreePort();
      return { port, baseUrl: `http://127.0.0.1:${port}` };
    },
    startApp: async (mongodbUri, port) => {
      const app = await startApp(ready(organisation), mongodbUri, port);
      apps.push(app);
      return app;
    },
    proxyDatabase: async () => {
      const proxy = await startTcpProxy({ host: '127.0.0.1', port: ready(database).port });
      proxies.push(proxy);
      const throughProxy = new URL(ready(database).databaseUri);
      throughProxy.port = String(proxy.port);
      return { proxy, databaseUri: throughProxy.toString() };
    },
    reporters: (bodies) => {
      const ledger = new SubmissionLedger(bodies);
      ledgers.push(ledger);
      return ledger;
    },
    startLoad: async (mongodbUri, submissions, concurrency) => {
      const bodies = await buildSubmissions(ready(organisation).directory, submissions);
      const { port, baseUrl } = await stage.freeAddress();
      const app = await stage.startApp(mongodbUri, port);
      const ledger = stage.reporters(bodies);
      const load = ledger.run(baseUrl, { concurrency, deadline: Date.now() + 75_000 });
      return { app, port, baseUrl, ledger, load };
    },
  };
  return stage;
}

/** The end of every fault test: each of `submissions` stored exactly once, nothing lost. */
export function expectEachStoredOnce(audit: AuditResult, submissions: number): void {
  expect(audit.problems).toEqual([]);
  expect(audit).toMatchObject({
    submissions,
    stored: submissions,
    distinctStored: submissions,
    lost: 0,
    duplicated: 0,
  });
}
