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

/**
 * How long an operation waits for a reachable server before it fails (and the request becomes a
 * 503 with Retry-After, db-errors.ts). A reporter hears back within seconds while the database is
 * down instead of holding a connection open; not configurable, as nothing has needed another value.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 5000;
/** Opening a TCP connection (and the monitor's heartbeat) gives up after this long. */
const CONNECT_TIMEOUT_MS = 5000;
/**
 * A socket that sends nothing back for this long is closed (a silent network partition would
 * otherwise hold a request for ever). Far above our slowest query (FerretDB scans whole
 * collections: ~5 s for 10,000 cases), so it only fires when the network is gone.
 */
const SOCKET_TIMEOUT_MS = 30_000;

export async function connectDb(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    socketTimeoutMS: SOCKET_TIMEOUT_MS,
    // No queueing while disconnected: an operation goes to the driver at once and fails after
    // the server-selection timeout if no server answers. Mongoose's buffer would otherwise hold
    // it (10 s by default) and could still run a write after its request was answered 503.
    bufferCommands: false,
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
