/**
 * Fault: the app dies exactly between the two writes of a report: the report is stored, its case
 * record is not. A TCP proxy between app and database holds the `cases` insert, kills the app
 * (SIGKILL) and cuts the connection before the database sees it. No inbox shows such a report;
 * the reporter got no answer, and may never send again. The restarted app finds the report by
 * its `caseOpened: false` flag and opens its case: it reaches the inbox with nobody resending.
 */
import { MongoClient } from 'mongodb';
import { findFreePort } from '../../scripts/local-db/local-db';
import {
  buildSubmissions,
  faultOrganisationOf,
  sleep,
  startApp,
  startFaultDatabase,
  SubmissionLedger,
  type FaultDatabase,
} from '../helpers/fault-harness';
import type { ServerProcess } from '../helpers/server-process';
import { enrolStaff, type EnrolledStaff } from '../helpers/staff';
import { commandPattern, startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('fault: the app dies between storing a report and opening its case', () => {
  let database: FaultDatabase;
  // An app in this process on the same database, for the caseworker's inbox. It never repairs
  // anything itself: only a started server (main.ts) does.
  let t: TestApp;
  let caseworker: EnrolledStaff;
  let proxy: TcpProxy | undefined;
  const apps: ServerProcess[] = [];

  beforeAll(async () => {
    database = await startFaultDatabase('report-without-case');
    t = await createTestApp({
      label: 'report-without-case',
      caseworkers: 1,
      mongodbUri: database.databaseUri,
    });
    caseworker = await enrolStaff(t, 'caseworker-at-inbox');
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) app.child.kill('SIGKILL');
    await proxy?.close();
    await t?.close({ keepDatabase: true });
    await database?.dispose();
  });

  const inboxCaseIds = async (): Promise<string[]> => {
    const inbox = await caseworker.client.get('/api/cases');
    expect(inbox.status).toBe(200);
    return (inbox.body as { cases: { caseId: string }[] }).cases.map(({ caseId }) => caseId);
  };

  test('when the app is killed after the report is stored and before its case is then the restarted app opens the case and the inbox shows it, with no resend', async () => {
    const organisation = faultOrganisationOf(t);
    const ledger = new SubmissionLedger(await buildSubmissions(t.directory, 1));
    proxy = await startTcpProxy({ host: '127.0.0.1', port: database.port });
    const throughProxy = new URL(database.databaseUri);
    throughProxy.port = String(proxy.port);
    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const first = await startApp(organisation, throughProxy.toString(), port);
    apps.push(first);

    let caseInsertHeld = false;
    proxy.setMode({
      kind: 'intercept',
      match: commandPattern('insert', 'cases'),
      onMatch: async () => {
        caseInsertHeld = true;
        first.child.kill('SIGKILL');
        await first.exited;
        return 'cut-before';
      },
    });
    const answer = await ledger.sendOnce(baseUrl, 0);
    expect(await first.exited).toMatchObject({ signal: 'SIGKILL' });
    expect({ caseInsertHeld, answer }).toMatchObject({
      caseInsertHeld: true,
      answer: { status: 0 },
    });

    // Stored, flagged, without its case: no inbox shows it.
    const client = await MongoClient.connect(database.databaseUri);
    try {
      const db = client.db();
      const submissionId = ledger.bodies[0]!.submissionId;
      const reports = db.collection<{ _id: string; receivedOn: string; caseOpened?: boolean }>(
        'reports',
      );
      const report = await reports.findOne({ submissionId });
      expect(report).toMatchObject({ caseOpened: false });
      const caseId = report!._id;
      const cases = db.collection<{ _id: string }>('cases');
      expect(await cases.findOne({ _id: caseId })).toBeNull();
      expect(await inboxCaseIds()).not.toContain(caseId);

      // A new process on the same database; the reporter sends nothing more.
      proxy.setMode({ kind: 'pass' });
      apps.push(await startApp(organisation, database.databaseUri, port));
      while (!(await inboxCaseIds()).includes(caseId)) await sleep(250);

      expect(await cases.findOne({ _id: caseId })).toMatchObject({
        status: 'new',
        receivedOn: report!.receivedOn,
      });
      expect(await reports.findOne({ _id: caseId })).toMatchObject({ caseOpened: true });
      expect(ledger.all()).toHaveLength(1);
    } finally {
      await client.close();
    }
  }, 120_000);
});
