/**
 * The one seam between the code and the database engine under it. Production runs MongoDB; the
 * local and test engine is FerretDB v1, which answers the same wire protocol but lacks some of
 * what MongoDB serves well. Code is written for MongoDB; where an engine lacks something, the
 * difference is named here, detected once at start, and the fallback lives next to its feature.
 *
 * Known differences of FerretDB v1 that the code does not branch on, because it is written so
 * that they do not matter: no multi-document transactions (idempotency rests on unique indexes),
 * `$inc` and conditional updates are read-then-write, not atomic (counters and claims are inserts
 * of unique ids; rewrites of stored ciphertext read back what they wrote).
 */
import type { Connection } from 'mongoose';

export interface DatabaseEngine {
  /** What answered `buildInfo`, for logs and tests. */
  readonly name: 'mongodb' | 'ferretdb';
  /**
   * Whether the engine deletes expired documents itself (TTL indexes). FerretDB v1 refuses
   * `expireAfterSeconds` (code 238, NotImplemented); expiry.ts sweeps there instead.
   */
  readonly hasTtlIndexes: boolean;
  /**
   * Whether `$group` hashes its keys, one pass over the documents. FerretDB v1 compares each
   * document with every group found so far: one `$group` of 10,000 coded cases into ~5,900
   * combinations of codes took 17-20 s on PostgreSQL, so statistics group one incident month at
   * a time there (cases/cases.repository.ts).
   */
  readonly groupsInOnePass: boolean;
  /**
   * Whether `_id: { $in: [...] }` is read through the `_id` index. FerretDB v1 pushes a single
   * `_id` equality down to PostgreSQL but matches `$in` document by document over the whole
   * collection: 50 ids among 100,000 triage records took 7.4-8.4 s, 50 reads by `_id` 1.5 s, so
   * an inbox page reads its reports one by one there (intake/report.repository.ts).
   */
  readonly readsIdListsByIndex: boolean;
  /**
   * Whether a read can see one point in time (`readConcern: 'snapshot'`): a MongoDB replica set
   * or sharded cluster. A standalone mongod refuses it; FerretDB v1 accepts and ignores it.
   */
  readonly hasSnapshotReads: boolean;
}

/** Asks the server what it is (FerretDB names its own version in `buildInfo`). */
export async function detectEngine(connection: Connection): Promise<DatabaseEngine> {
  const db = connection.db;
  if (!db) throw new Error('detectEngine needs an open connection');
  const info = await db.admin().command({ buildInfo: 1 });
  const ferretDbVersion: unknown = info['ferretdbVersion'];
  if (typeof ferretDbVersion !== 'string') {
    const hello = await db.admin().command({ hello: 1 });
    return {
      name: 'mongodb',
      hasTtlIndexes: true,
      groupsInOnePass: true,
      readsIdListsByIndex: true,
      hasSnapshotReads: typeof hello['setName'] === 'string' || hello['msg'] === 'isdbgrid',
    };
  }
  const v1 = ferretDbVersion.startsWith('v1.');
  return {
    name: 'ferretdb',
    hasTtlIndexes: !v1,
    groupsInOnePass: !v1,
    readsIdListsByIndex: !v1,
    hasSnapshotReads: false,
  };
}

const detected = new WeakMap<Connection, Promise<DatabaseEngine>>();

/** The engine behind `connection`, asked once per connection (a failed question is asked again). */
export function engineOf(connection: Connection): Promise<DatabaseEngine> {
  let engine = detected.get(connection);
  if (!engine) {
    engine = detectEngine(connection);
    engine.catch(() => detected.delete(connection));
    detected.set(connection, engine);
  }
  return engine;
}
