/**
 * The database connection. Each app instance owns one mongoose Connection (not the global
 * default), so tests and tools can hold several. Query hardening is switched on globally.
 */
import mongoose, { type Connection } from 'mongoose';

// Security: reject query keys not in the schema and neutralise `$` operators smuggled in values.
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);
// Indexes are created explicitly at start-up (ensureIndexes), not lazily per model.
mongoose.set('autoIndex', false);

/**
 * Durable write: acknowledged by a majority and on disk in the journal. Standalone servers and
 * FerretDB accept it too (majority of one); a write concern error fails the request, never a 201.
 */
export const DURABLE_WRITE = { w: 'majority', j: true } as const;

export type DbConnection = Connection;

export async function connectDb(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: 5000,
    maxPoolSize: 50,
    writeConcern: DURABLE_WRITE,
  });
  await connection.asPromise();
  return connection;
}

export async function isDatabaseReachable(connection: Connection): Promise<boolean> {
  try {
    const db = connection.db;
    if (!db) return false;
    await db.command({ ping: 1 }, { timeoutMS: 2000 });
    return true;
  } catch {
    return false;
  }
}

/** True when the server refuses TTL indexes (FerretDB v1: "not implemented yet"). */
export function isNotImplementedError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 238 || (error instanceof Error && /not implemented/i.test(error.message));
}

/** lean() reads Buffer paths as the driver's Binary; this returns the plain bytes either way. */
export function bytesOf(value: unknown): Uint8Array {
  return value instanceof Uint8Array
    ? new Uint8Array(value)
    : new Uint8Array((value as { buffer: Uint8Array }).buffer);
}
