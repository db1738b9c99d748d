/**
 * The local engine's fallback: where PostgreSQL cannot be had, FerretDB runs on SQLite
 * (AMANAT_FERRETDB_BACKEND=sqlite, or no Debian postgresql installed). The suite runs on the
 * default engine; this file starts the fallback itself and takes a report through it once: the
 * app prepares its collections and indexes there, stores the report exactly once, opens its case,
 * and answers the reporter's receipt look-up.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import {
  FERRETDB_VERSION,
  startLocalDatabase,
  type LocalDatabase,
} from '../../scripts/local-db/local-db';
import { buildSubmission } from '../helpers/reports';
import { createTestApp, type TestApp } from '../helpers/test-app';

describe('the local engine on SQLite', () => {
  let database: LocalDatabase;
  let t: TestApp;

  beforeAll(async () => {
    const chosen = process.env['AMANAT_FERRETDB_BACKEND'];
    process.env['AMANAT_FERRETDB_BACKEND'] = 'sqlite';
    try {
      database = await startLocalDatabase({
        dataDir: mkdtempSync(join(tmpdir(), 'amanat-sqlite-fallback-')),
        requireManaged: true,
        log: () => {},
      });
    } finally {
      if (chosen === undefined) delete process.env['AMANAT_FERRETDB_BACKEND'];
      else process.env['AMANAT_FERRETDB_BACKEND'] = chosen;
    }
    const uri = new URL(database.uri);
    uri.pathname = '/amanat_sqlite_fallback';
    t = await createTestApp({ label: 'sqlite-fallback', caseworkers: 1, mongodbUri: uri.href });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await database?.stop();
    database?.remove();
  });

  test('when a report is sent then it is stored once with its case and its receipt finds it', async () => {
    expect(database.engine).toBe(`FerretDB ${FERRETDB_VERSION} on SQLite`);
    const { body } = await buildSubmission(t.directory);
    const accepted = await request(t.app).post('/api/reports').send(body).expect(201);
    const { caseId } = accepted.body as { caseId: string };
    // A retry is answered as the original was, and stores nothing more.
    const replayed = await request(t.app).post('/api/reports').send(body).expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    expect(replayed.body).toEqual(accepted.body);

    const db = t.connection.db!;
    expect(await db.collection('reports').countDocuments({})).toBe(1);
    expect(await db.collection('cases').findOne({ _id: caseId as never })).toMatchObject({
      status: 'new',
    });
    const lookUp = await request(t.app)
      .post('/api/receipts/case')
      .send({ receiptVerifier: body.receiptVerifier })
      .expect(200);
    expect(lookUp.body).toMatchObject({ caseId, status: 'new', messages: [] });
  });
});
