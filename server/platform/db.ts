/**
 * The database connection. Each app instance owns one mongoose Connection (not the global
 * default), so tests and tools can hold several. Query hardening is switched on globally.
 */
import type { Collection, Document, Filter, OptionalUnlessRequiredId } from 'mongodb';
import mongoose, {
  Schema,
  type Connection,
  type Model,
  type QueryFilter,
  type SchemaDefinition,
  type SchemaOptions,
} from 'mongoose';
import { isDuplicateKeyError } from './db-errors';

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
 * How a feature declares a stored collection. Every collection has the same schema options, so
 * that none can drift: unknown fields are refused rather than dropped (`strict: 'throw'`), no
 * version key, no mongoose timestamps (they would date every report to the millisecond), and
 * every write is durable (DURABLE_WRITE) even where an operation names no write concern.
 */
export function collectionSchema<T>(
  collection: string,
  fields: SchemaDefinition<T>,
  options: Pick<SchemaOptions<T>, 'minimize'> = {},
): Schema<T> {
  return new Schema<T>(fields, {
    collection,
    versionKey: false,
    strict: 'throw',
    timestamps: false,
    writeConcern: DURABLE_WRITE,
    ...options,
  });
}

/**
 * The function that registers `schema` as model `name` on a connection and returns it. It
 * replaces an earlier registration: several apps (tests, CLI) may share one connection.
 */
export function modelOn<T>(name: string, schema: Schema<T>) {
  return (connection: Connection) =>
    connection.model<T>(name, schema, undefined, { overwriteModels: true });
}

/**
 * The base of a repository over one collection (`class X extends repositoryOver(xModel)`): the
 * model registered on the app's connection, its declared indexes created at start-up, and the
 * driver's collection, for writes that name their write concern or must store a value exactly as
 * given (mongoose would cast it).
 */
export function repositoryOver<T extends Document>(register: (connection: Connection) => Model<T>) {
  return class {
    protected readonly model: Model<T>;

    constructor(connection: Connection) {
      this.model = register(connection);
    }

    async ensureIndexes(): Promise<void> {
      await this.model.createIndexes();
    }

    protected collection(): Collection<T> {
      return this.model.collection as unknown as Collection<T>;
    }

    /**
     * Inserts `document` durably, as given; false when a unique index already holds its id or
     * key: another writer, or the same request again, got there first.
     */
    protected async insertUnique(document: OptionalUnlessRequiredId<T>): Promise<boolean> {
      try {
        await this.collection().insertOne(document, { writeConcern: DURABLE_WRITE });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    }

    /** Every document `filter` matches, in `order`, as stored (plain objects). */
    protected async findInOrder(
      filter: QueryFilter<T>,
      order: Record<string, 1 | -1>,
    ): Promise<T[]> {
      return await this.model.find(filter).sort(order).lean<T[]>().exec();
    }

    /** Deletes every document `filter` matches, durably; returns how many went. */
    protected async deleteDurably(filter: Filter<T>): Promise<number> {
      const result = await this.collection().deleteMany(filter, { writeConcern: DURABLE_WRITE });
      return result.deletedCount;
    }
  };
}

/**
 * The base of a repository the driver writes directly, without a mongoose schema (documents
 * whose every write is a single atomic operation): the named collection on the app's connection.
 */
export function driverRepositoryOver<T extends Document>(name: string) {
  return class {
    protected readonly collection: Collection<T>;

    constructor(connection: Connection) {
      this.collection = connection.collection<T>(name);
    }
  };
}

/**
 * How the app notices a database that stopped answering: gone (connections refused or reset) or
 * frozen (connections stay open and nothing comes back; a stopped or stuck process). The driver
 * checks the server every HEARTBEAT_MS on a connection of its own; a check unanswered within
 * CONNECT_TIMEOUT_MS marks the server unknown and interrupts every operation waiting on it, and
 * an operation then waits at most SERVER_SELECTION_TIMEOUT_MS for a server before it fails: the
 * request becomes a 503 with Retry-After (db-errors.ts). So a request hears back within about
 * HEARTBEAT_MS + CONNECT_TIMEOUT_MS + SERVER_SELECTION_TIMEOUT_MS (7 s) of a freeze, where the
 * driver's defaults took 13-15 s. No operation has a time limit of its own: a long but live one
 * (a backup, statistics, a large attachment part) is never cut, as the server still answers the
 * checks. Not configurable, as nothing has needed other values.
 */
export const SERVER_SELECTION_TIMEOUT_MS = 3000;
const HEARTBEAT_MS = 1000;
/** Opening a connection (TCP connect and handshake), and each server check, give up after this. */
const CONNECT_TIMEOUT_MS = 3000;
/**
 * A socket that sends nothing back for this long is closed: the backstop for a connection that
 * hangs while the server checks still pass (a half-open path). Far above our slowest query
 * (FerretDB scans whole collections: ~5 s for 10,000 cases).
 */
const SOCKET_TIMEOUT_MS = 30_000;

export async function connectDb(uri: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    heartbeatFrequencyMS: HEARTBEAT_MS,
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

/** How long /readyz waits for the database's answer to a ping. */
const READINESS_PING_MS = 2000;

export async function isDatabaseReachable(connection: Connection): Promise<boolean> {
  try {
    const db = connection.db;
    if (!db) return false;
    // An abort signal, not `timeoutMS`: driver 7 ignores `timeoutMS`.
    await db.command({ ping: 1 }, { signal: AbortSignal.timeout(READINESS_PING_MS) });
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

/**
 * Drops the named indexes where they exist: indexes an earlier version declared and nothing reads
 * any more only slow every write down. Two instances starting at once may both try; the one that
 * finds an index gone (IndexNotFound, or no collection yet) has nothing to do.
 */
export async function dropIndexesIfPresent(
  collection: { dropIndex(name: string): Promise<unknown> },
  names: readonly string[],
): Promise<void> {
  for (const name of names) {
    try {
      await collection.dropIndex(name);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== INDEX_NOT_FOUND && code !== NAMESPACE_NOT_FOUND) throw error;
    }
  }
}
const INDEX_NOT_FOUND = 27;
const NAMESPACE_NOT_FOUND = 26;

/** lean() reads Buffer paths as the driver's Binary; this returns the plain bytes either way. */
export function bytesOf(value: unknown): Uint8Array {
  return value instanceof Uint8Array
    ? new Uint8Array(value)
    : new Uint8Array((value as { buffer: Uint8Array }).buffer);
}
