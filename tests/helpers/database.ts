import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDb } from '../../server/platform/db';

/** The URI of the run's real database server, with a database name of its own for one test file. */
export function testDatabaseUri(label: string): string {
  const base = process.env['AMANAT_TEST_MONGODB_URI'];
  if (!base)
    throw new Error('AMANAT_TEST_MONGODB_URI is not set: run tests through jest (global setup).');
  const url = new URL(base);
  url.pathname = `/t_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export async function connectTestDatabase(label: string): Promise<Connection> {
  return await connectDb(testDatabaseUri(label));
}

/** Every document of every collection, for tests that search the whole database. */
export async function dumpAllCollections(
  connection: Connection,
): Promise<Record<string, unknown[]>> {
  const db = connection.db!;
  const dump: Record<string, unknown[]> = {};
  for (const { name } of await db.listCollections().toArray()) {
    dump[name] = await db.collection(name).find({}).toArray();
  }
  return dump;
}

/**
 * Every document of `collections`, in _id order, as one JSON text: taken before and after a
 * refused request, equal texts show that nothing stored was changed.
 */
export async function storedDocumentsOf(
  connection: Connection,
  collections: readonly string[],
): Promise<string> {
  const db = connection.db!;
  const contents = await Promise.all(
    collections.map((name) => db.collection(name).find({}).sort({ _id: 1 }).toArray()),
  );
  return JSON.stringify(contents);
}

/** Cases and staff accounts: what a request refused for lack of a right must leave as it was. */
export const CASE_AND_ACCOUNT_COLLECTIONS = [
  'reports',
  'cases',
  'case_messages',
  'attachment_parts',
  'accounts',
  'invites',
] as const;

/** Collections that change with every request by design: counters, session last-seen, throttles. */
export const CHANGED_BY_EVERY_REQUEST = [
  'rate_limit_counters',
  'staff_sessions',
  'login_attempts',
] as const;

/** Every collection but `changing` (changed by requests by design), as one JSON text. */
export async function storedDataExcept(
  connection: Connection,
  changing: readonly string[] = CHANGED_BY_EVERY_REQUEST,
): Promise<string> {
  const dump = await dumpAllCollections(connection);
  for (const name of changing) delete dump[name];
  return JSON.stringify(dump);
}

export async function countReports(connection: Connection): Promise<number> {
  return await connection.db!.collection('reports').countDocuments({});
}

export async function dropTestDatabase(connection: Connection): Promise<void> {
  await connection.dropDatabase().catch(() => {});
  await connection.close();
}
