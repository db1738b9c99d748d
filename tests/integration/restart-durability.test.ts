/**
 * Every report that got a 201 survives a crash of both the server and the database (SIGKILL, no
 * clean shutdown) and is there after both restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import {
  findFreePort,
  startLocalDatabase,
  type LocalDatabase,
} from '../../scripts/local-db/local-db';
import { createTestApp } from '../helpers/test-app';
import { buildSubmission } from '../helpers/reports';
import {
  serverProcessEnv,
  startServerProcess,
  type ServerProcess,
} from '../helpers/server-process';

describe('durability across restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amanat-durability-'));
  let database: LocalDatabase | undefined;
  let server: ServerProcess | undefined;

  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await database?.stop();
    database?.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('when the server and the database are killed and restarted then every report that got a 201 is still stored', async () => {
    const port = await findFreePort();
    // A database of our own (not the shared test server), so the test can kill it.
    database = await startLocalDatabase({ dataDir, requireManaged: true, port, log: () => {} });
    const mongodbUri = `${database.uri.replace(/\/$/, '')}/amanat_durability`;
    const setup = await createTestApp({ label: 'durability', caseworkers: 1, mongodbUri });
    const directory = setup.directory;
    await setup.close({ keepDatabase: true });
    const env = serverProcessEnv(mongodbUri, setup.config.orgFingerprint);
    server = await startServerProcess(env);

    const accepted: { body: object; caseId: string }[] = [];
    for (let i = 0; i < 25; i++) {
      const { body } = await buildSubmission(directory);
      const response = await fetch(`${server.baseUrl}/api/reports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
      accepted.push({ body, caseId: ((await response.json()) as { caseId: string }).caseId });
    }

    // Crash both, with no chance to flush anything.
    server.child.kill('SIGKILL');
    await server.exited;
    await database.kill();

    database = await startLocalDatabase({ dataDir, requireManaged: true, port, log: () => {} });
    server = await startServerProcess(env);
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);

    const client = await MongoClient.connect(mongodbUri);
    try {
      const stored = await client
        .db()
        .collection('reports')
        .find({})
        .project({ submissionId: 1 })
        .toArray();
      expect(stored.map((doc) => String(doc['_id'])).sort()).toEqual(
        accepted.map((a) => a.caseId).sort(),
      );
    } finally {
      await client.close();
    }
    // And the restarted server still recognises a retry of an accepted submission.
    const retry = await fetch(`${server.baseUrl}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(accepted[0]!.body),
    });
    expect(retry.status).toBe(201);
    expect(((await retry.json()) as { caseId: string }).caseId).toBe(accepted[0]!.caseId);
    server.child.kill('SIGTERM');
    await server.exited;
    server = undefined;
  });
});
