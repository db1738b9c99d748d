/**
 * A bench's database: a private local server (scripts/local-db, data emptied first and removed
 * after) or the one MONGODB_URI names, and on it a fresh database of the bench's own, dropped
 * after, so an external server's other databases are never touched.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
// The untimed connection below needs connectDb's options without its socket timeout; the app's
// own code still reads through its repositories.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import mongoose, { type Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { connectDb, DURABLE_WRITE, SERVER_SELECTION_TIMEOUT_MS } from '../../../server/platform/db';
import { startLocalDatabase, type LocalDatabase } from '../../local-db/local-db';

export interface BenchDatabase {
  readonly server: LocalDatabase;
  /** The bench's own database on that server: give it to the app as MONGODB_URI. */
  readonly uri: string;
  readonly connection: Connection;
}

export interface DatabaseOptions {
  /**
   * No socket timeout on the bench's connection: a slow call is timed rather than cut off (on
   * FerretDB one aggregation of many cases outlasts the app's 30 s).
   */
  readonly untimed?: boolean;
}

type AddCleanup = (name: string, run: () => Promise<void>) => void;

export async function startDatabase(
  dataDir: string,
  name: string,
  options: DatabaseOptions,
  log: (line: string) => void,
  cleanup: AddCleanup,
): Promise<BenchDatabase> {
  rmSync(dataDir, { recursive: true, force: true });
  const server = await startLocalDatabase({ dataDir, log });
  cleanup('stop database', async () => {
    await server.stop();
    server.remove();
  });
  const url = new URL(server.uri);
  url.pathname = `/amanat_bench_${name}_${randomBytes(4).toString('hex')}`;
  const uri = url.toString();
  const connection = options.untimed ? await connectUntimed(uri) : await connectDb(uri);
  await connection.dropDatabase();
  cleanup('drop bench database', async () => {
    await connection.dropDatabase();
    await connection.close();
  });
  return { server, uri, connection };
}

async function connectUntimed(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: 60_000,
    socketTimeoutMS: 0,
    bufferCommands: false,
    maxPoolSize: 50,
    writeConcern: DURABLE_WRITE,
  });
  await connection.asPromise();
  return connection;
}

/** Inserts `documents` into collection `name`, `batch` to an insertMany, durably (as the app). */
export async function insertInBatches(
  connection: Connection,
  name: string,
  documents: readonly object[],
  batch: number,
  ordered = true,
): Promise<void> {
  const collection = connection.db!.collection(name) as unknown as Collection<object>;
  for (let start = 0; start < documents.length; start += batch) {
    const options = { writeConcern: DURABLE_WRITE, ordered };
    await collection.insertMany(documents.slice(start, start + batch), options);
  }
}
