/**
 * A database as the server stores it, for backup and restore tests: every document of every
 * collection as the server's raw BSON bytes, so a restore is compared byte for byte.
 */
import { BSON, MongoClient } from 'mongodb';

export type Snapshot = Map<string, Buffer[]>;

/** Every stored document of every collection (`system.*` aside) as raw BSON, sorted. */
export async function rawSnapshot(uri: string): Promise<Snapshot> {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db();
    const snapshot: Snapshot = new Map();
    for (const { name } of await db.listCollections().toArray()) {
      if (name.startsWith('system.')) continue;
      const documents = (await db
        .collection(name)
        .find({}, { raw: true })
        .toArray()) as unknown as Uint8Array[];
      snapshot.set(
        name,
        documents.map((bytes) => Buffer.from(bytes)).sort((a, b) => Buffer.compare(a, b)),
      );
    }
    return snapshot;
  } finally {
    await client.close();
  }
}

/** The snapshot without the audit entries of `event` (a restore appends its own), and those. */
export function withoutAuditEvent(
  snapshot: Snapshot,
  event: string,
): { rest: Snapshot; entries: Buffer[] } {
  const log = snapshot.get('audit_log') ?? [];
  const entries = log.filter((doc) => BSON.deserialize(doc)['event'] === event);
  const rest = new Map(snapshot);
  rest.set(
    'audit_log',
    log.filter((doc) => !entries.includes(doc)),
  );
  return { rest, entries };
}

export async function dropDatabaseAt(uri: string): Promise<void> {
  const client = await MongoClient.connect(uri);
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

/** `actual` holds the same collections as `expected`, each with the same documents, byte for byte. */
export function expectSameBytes(actual: Snapshot, expected: Snapshot): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [name, documents] of expected) {
    const copy = actual.get(name)!;
    expect({ name, count: copy.length }).toEqual({ name, count: documents.length });
    documents.forEach((document, i) => {
      expect({ name, i, same: document.equals(copy[i]!) }).toEqual({ name, i, same: true });
    });
  }
}

/**
 * The database at `uri` holds `before` byte for byte, besides the audit entries a restore appends
 * (backup.restored); returns those entries.
 */
export async function expectRestoredAs(uri: string, before: Snapshot): Promise<Buffer[]> {
  const { rest, entries } = withoutAuditEvent(await rawSnapshot(uri), 'backup.restored');
  expectSameBytes(rest, before);
  return entries;
}
