/**
 * `backup:create` and `backup:restore`: the project's own backup of the whole application
 * database, encrypted to the organisation key, and its restore. Works against the local FerretDB
 * and against production MongoDB alike; the compose `backup` service runs it on a schedule
 * (scripts/lib/backup-schedule.ts). A backup taken while reports arrive is read collection by
 * collection in an order that lets the restore make it whole (restore-repair.ts).
 *
 * Archive format (only ever inside the OpenPGP message, never on disk in plaintext):
 *   "amanat-backup/1\n", then frames of one kind byte and one BSON document each:
 *   H header {format, version, createdAt, database}
 *   per collection: C {name, options, indexes}, D <the stored document, byte for byte>…,
 *                   E {name, count}
 *   Z end {collections, documents}
 * Documents are copied as the raw BSON the server returned, so binary ciphertext, dates, 64-bit
 * integers and every other BSON type come back exactly.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { BSON, type Db, type Document } from 'mongodb';
import {
  BackupError,
  CryptoError,
  encryptBackupToOrganisation,
  unsafeDecryptBackupStream,
} from '../../client/crypto';
import { loadAdminConfig } from '../../server/config';
import { connectDb, isNotImplementedError, type DbConnection } from '../../server/platform/db';
import { AuditLogRepository, AuditLogService } from '../../server/features/audit';
import { DirectoryRepository } from '../../server/features/directory';
import { CliError, readPassphrase } from './passphrase';
import type { Print } from './commands';
import { describeRepair, DUMP_ORDER_LAST, repairRestoredDatabase } from './restore-repair';

const MAGIC = Buffer.from('amanat-backup/1\n', 'ascii');
const FORMAT = 'amanat-backup';
const FORMAT_VERSION = 1;
const FRAME = {
  header: 0x48, // H
  collection: 0x43, // C
  document: 0x44, // D
  collectionEnd: 0x45, // E
  end: 0x5a, // Z
} as const;
/** A BSON document is at most 16 MiB; anything far larger is damage, not data. */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;
const INSERT_BATCH_DOCUMENTS = 1000;
const INSERT_BATCH_BYTES = 16 * 1024 * 1024;
/** Decode stored documents without turning them into JS numbers or Buffers: exact types back. */
const EXACT_BSON: BSON.DeserializeOptions = {
  promoteLongs: false,
  promoteValues: false,
  promoteBuffers: false,
  bsonRegExp: true,
};

type CollectionCounts = Map<string, number>;

// ---- backup:create -------------------------------------------------------------------------

export interface BackupCreateOptions {
  readonly out: string;
  /** The organisation public key file (org.asc.pub); default: the key of the published directory. */
  readonly orgPublicKey?: string | undefined;
}

export interface BackupCreated {
  readonly sha256: string;
  readonly counts: CollectionCounts;
}

/**
 * Streams every collection of the database into one archive, encrypted as it streams to the
 * organisation key (pinned by ORG_FINGERPRINT), into a new file. Records `backup.created`.
 */
export async function createBackup(
  options: BackupCreateOptions,
  print: Print,
): Promise<BackupCreated> {
  const config = loadAdminConfig();
  if (!config.orgFingerprint) {
    throw new CliError(
      'Set ORG_FINGERPRINT: backups are encrypted only to the organisation key it names.',
    );
  }
  const orgFingerprint = config.orgFingerprint;
  if (existsSync(options.out)) {
    throw new CliError(`${options.out} exists; refusing to overwrite it.`);
  }
  const keyFromFile =
    options.orgPublicKey === undefined ? undefined : await readFile(options.orgPublicKey, 'utf8');

  return await withConnection(config.mongodbUri, async (connection) => {
    const db = databaseOf(connection);
    const armoredOrganisationKey = keyFromFile ?? (await publishedOrganisationKey(connection));
    const counts: CollectionCounts = new Map();
    let encrypted: ReadableStream<Uint8Array>;
    try {
      encrypted = await encryptBackupToOrganisation(
        streamOf(writeArchive(db, counts)),
        armoredOrganisationKey,
        orgFingerprint,
      );
    } catch (error) {
      throw asCliError(error);
    }
    // 'wx': never overwrite (an older backup, or a file someone placed there), mode 0600.
    const file = await open(options.out, 'wx', 0o600);
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of chunksOf(encrypted)) {
        hash.update(chunk);
        bytes += chunk.length;
        await file.write(chunk);
      }
      await file.sync();
      await file.close();
    } catch (error) {
      // A half-written file is useless and could be mistaken for a backup.
      await file.close().catch(() => {});
      await rm(options.out, { force: true });
      throw asCliError(error, 'no backup file was written', 'backup');
    }
    const sha256 = hash.digest('hex');
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    // The file is written before its entry (the entry names its hash). Keyed by that hash, and
    // the file is removed if the entry cannot be written: no backup exists unaudited.
    try {
      await new AuditLogService(new AuditLogRepository(connection)).record(
        'admin-cli',
        'backup.created',
        { sha256, collections: String(counts.size), documents: String(total) },
        { key: `backup.created\0${sha256}` },
      );
    } catch (error) {
      await rm(options.out, { force: true });
      throw asCliError(
        error,
        'its audit entry could not be written, so the file was removed',
        'backup',
      );
    }
    print(`Backup written to ${options.out} (${bytes} bytes), encrypted to the organisation key`);
    print(`  ${orgFingerprint}; only its offline secret key can open it.`);
    print(`  sha256: ${sha256}  (keep it with your offline records)`);
    printCounts(counts, print);
    print(`  total: ${total} document(s) in ${counts.size} collection(s)`);
    return { sha256, counts };
  });
}

async function publishedOrganisationKey(connection: DbConnection): Promise<string> {
  const latest = await new DirectoryRepository(connection).findLatest();
  if (!latest) {
    throw new CliError('No directory has been published yet: pass --org-public-key <org.asc.pub>.');
  }
  // Checked against ORG_FINGERPRINT before use: a tampered database cannot swap it.
  return latest.organisationKey;
}

async function* writeArchive(db: Db, counts: CollectionCounts): AsyncGenerator<Uint8Array> {
  yield MAGIC;
  yield* frame(
    FRAME.header,
    BSON.serialize({
      format: FORMAT,
      version: FORMAT_VERSION,
      createdAt: new Date(),
      database: db.databaseName,
    }),
  );
  let documents = 0;
  for (const { name, options } of inDumpOrder(await listUserCollections(db))) {
    const collection = db.collection(name);
    const indexes = await collection.listIndexes().toArray();
    yield* frame(FRAME.collection, BSON.serialize({ name, options, indexes }));
    let count = 0;
    // raw: the server's own BSON bytes, never decoded and re-encoded on the way out. Small
    // batches: an attachment part is up to ~8 MiB, and memory must not grow with the database.
    // The primary, always: the dump order only helps if every collection is read from one
    // member, later collections never from one further behind (restore-repair.ts).
    const cursor = collection.find({}, { raw: true, batchSize: 4, readPreference: 'primary' });
    for await (const raw of cursor) {
      yield* frame(FRAME.document, raw as unknown as Uint8Array);
      count++;
    }
    yield* frame(FRAME.collectionEnd, BSON.serialize({ name, count }));
    counts.set(name, count);
    documents += count;
  }
  yield* frame(FRAME.end, BSON.serialize({ collections: counts.size, documents }));
}

/** Every other collection by name, then DUMP_ORDER_LAST's (restore-repair.ts says why). */
function inDumpOrder<T extends { name: string }>(collections: readonly T[]): T[] {
  const rank = (name: string): number => DUMP_ORDER_LAST.indexOf(name);
  return [...collections].sort((a, b) => rank(a.name) - rank(b.name));
}

function* frame(kind: number, bson: Uint8Array): Generator<Uint8Array> {
  yield Uint8Array.of(kind);
  yield bson;
}

// ---- backup:restore ------------------------------------------------------------------------

export interface BackupRestoreOptions {
  readonly in: string;
  /** The organisation secret key file from org:init. */
  readonly orgKey: string;
  readonly passphraseFile?: string | undefined;
  /** Drop every collection of a non-empty target first (after the whole file verified). */
  readonly dropExisting?: boolean | undefined;
}

export interface BackupRestored {
  readonly sha256: string;
  readonly counts: CollectionCounts;
}

interface ArchiveHeader {
  readonly createdAt: Date;
  readonly database: string;
}

interface CollectionFrame {
  readonly name: string;
  readonly options: Document;
  readonly indexes: Document[];
}

/** What a pass over the archive does with each collection and document. */
interface ArchiveVisitor {
  startCollection(collection: CollectionFrame): Promise<void>;
  document(bytes: Uint8Array): Promise<void>;
  endCollection(collection: CollectionFrame, count: number): Promise<void>;
}

/**
 * Restores a backup into the database of MONGODB_URI, which must be empty (or --drop-existing).
 * Pass 1 decrypts and checks the whole file, writing nothing; pass 2 decrypts it again and
 * restores, and must see the same file (SHA-256). Records `backup.restored` in the restored log.
 */
export async function restoreBackup(
  options: BackupRestoreOptions,
  print: Print,
): Promise<BackupRestored> {
  const config = loadAdminConfig();
  await stat(options.in); // a missing file is named as such, not as a damaged backup
  const armoredSecretKey = await readFile(options.orgKey, 'utf8');
  const passphrase = await readPassphrase({
    file: options.passphraseFile,
    prompt: 'Organisation key passphrase: ',
  });

  return await withConnection(config.mongodbUri, async (connection) => {
    const db = databaseOf(connection);
    const occupied = await collectionsWithDocuments(db);
    if (occupied.length > 0 && !options.dropExisting) {
      throw new CliError(
        `The database "${db.databaseName}" is not empty (documents in ${occupied.join(', ')}); nothing was restored. ` +
          'Restore into a new, empty database, or pass --drop-existing to replace its contents.',
      );
    }

    // Pass 1: authenticate the whole file before anything is written (see unsafeDecryptBackupStream).
    let verified: { header: ArchiveHeader; counts: CollectionCounts; sha256: string };
    try {
      verified = await readBackup(options.in, armoredSecretKey, passphrase, {
        startCollection: async () => {},
        document: async () => {},
        endCollection: async () => {},
      });
    } catch (error) {
      throw asCliError(error, 'nothing was restored');
    }
    print(
      `Backup verified: made ${verified.header.createdAt.toISOString()} from database "${verified.header.database}", sha256 ${verified.sha256}.`,
    );

    if (occupied.length > 0) {
      for (const { name } of await listUserCollections(db)) await db.collection(name).drop();
      print(`Dropped the existing contents of "${db.databaseName}" (--drop-existing).`);
    }

    // Pass 2: the same bytes again, now restored as they stream.
    const restorer = new CollectionRestorer(db);
    let restored: { counts: CollectionCounts; sha256: string };
    try {
      restored = await readBackup(options.in, armoredSecretKey, passphrase, restorer);
    } catch (error) {
      throw asCliError(
        error,
        `the database "${db.databaseName}" now holds a partial restore; drop it before use`,
      );
    }
    if (restored.sha256 !== verified.sha256 || !sameCounts(restored.counts, verified.counts)) {
      throw new CliError(
        `The backup file changed while it was being restored; the database "${db.databaseName}" now holds a partial restore: drop it before use.`,
      );
    }

    // What the backup caught mid-write is made whole before the restore is recorded as done.
    const repair = await repairRestoredDatabase(connection, db);
    const total = [...restored.counts.values()].reduce((sum, count) => sum + count, 0);
    // The entry goes into the restored log, so it can only follow the restore; keyed by the
    // backup's hash. Without it the restore is unaudited and the target must not be used.
    try {
      await new AuditLogService(new AuditLogRepository(connection)).record(
        'admin-cli',
        'backup.restored',
        {
          sha256: restored.sha256,
          backupCreatedAt: verified.header.createdAt.toISOString(),
          documents: String(total),
          caseRecordsOpened: String(repair.caseRecordsOpened),
          casesDeleted: String(repair.deletedAsLogged + repair.deletionsFinished),
          orphansDeleted: String(
            Object.values(repair.orphansDeleted).reduce((sum, count) => sum + count, 0),
          ),
          reservationsReleased: String(repair.reservationsReleased),
        },
        { key: `backup.restored\0${restored.sha256}` },
      );
    } catch (error) {
      throw asCliError(
        error,
        `its audit entry could not be written: drop the database "${db.databaseName}" and restore again`,
      );
    }
    print(
      `Restored ${total} document(s) in ${restored.counts.size} collection(s) into "${db.databaseName}":`,
    );
    printCounts(restored.counts, print);
    for (const warning of restorer.warnings) print(`  warning: ${warning}`);
    print('Made whole what the backup caught mid-write:');
    for (const line of describeRepair(repair)) print(`  ${line}`);
    print(
      '  Indexes were re-created from the backup; the app also creates its own indexes each time it starts (prepare()).',
    );
    print('NEXT: run audit:verify against this database, then start the app on it.');
    return { sha256: restored.sha256, counts: restored.counts };
  });
}

/** Writes each collection's documents in order, in batches, then its indexes. */
class CollectionRestorer implements ArchiveVisitor {
  readonly warnings: string[] = [];
  private batch: Document[] = [];
  private batchBytes = 0;
  private current: CollectionFrame | undefined;

  constructor(private readonly db: Db) {}

  async startCollection(collection: CollectionFrame): Promise<void> {
    this.current = collection;
    try {
      await this.db.createCollection(collection.name, collection.options);
    } catch (error) {
      // 48 NamespaceExists: an empty collection the app created at start-up (prepare()).
      if ((error as { code?: unknown }).code !== 48) throw error;
    }
  }

  async document(bytes: Uint8Array): Promise<void> {
    this.batch.push(BSON.deserialize(bytes, EXACT_BSON));
    this.batchBytes += bytes.length;
    if (this.batch.length >= INSERT_BATCH_DOCUMENTS || this.batchBytes >= INSERT_BATCH_BYTES) {
      await this.flush();
    }
  }

  async endCollection(collection: CollectionFrame): Promise<void> {
    await this.flush();
    const target = this.db.collection(collection.name);
    for (const spec of collection.indexes) {
      const {
        v: _version,
        ns: _namespace,
        key,
        name,
        ...indexOptions
      } = spec as Document & {
        key: Document;
        name: string;
      };
      if (name === '_id_') continue;
      try {
        await target.createIndex(key, { ...indexOptions, name });
      } catch (error) {
        if (isNotImplementedError(error) && 'expireAfterSeconds' in indexOptions) {
          // FerretDB v1 has no TTL indexes; the app sweeps expired entries itself there.
          const { expireAfterSeconds: _ttl, ...withoutTtl } = indexOptions;
          await target.createIndex(key, { ...withoutTtl, name });
        } else {
          const code = (error as { codeName?: unknown }).codeName;
          this.warnings.push(
            `index ${name} of ${collection.name} was not re-created (${typeof code === 'string' ? code : 'error'}); the app creates its own indexes when it starts`,
          );
        }
      }
    }
    this.current = undefined;
  }

  private async flush(): Promise<void> {
    if (this.batch.length === 0 || !this.current) return;
    // ordered: stop at the first failure; the caller reports a partial restore.
    await this.db.collection(this.current.name).insertMany(this.batch, { ordered: true });
    this.batch = [];
    this.batchBytes = 0;
  }
}

/** One full pass: decrypt, check the archive's grammar and counts, hand each part to `visitor`. */
async function readBackup(
  file: string,
  armoredSecretKey: string,
  passphrase: string,
  visitor: ArchiveVisitor,
): Promise<{ header: ArchiveHeader; counts: CollectionCounts; sha256: string }> {
  const fileHash = createHash('sha256');
  const plaintext = await unsafeDecryptBackupStream(
    streamOf(hashed(createReadStream(file, { highWaterMark: 1024 * 1024 }), fileHash)),
    armoredSecretKey,
    passphrase,
  );
  const reader = new ByteReader(chunksOf(plaintext));
  const magic = await reader.read(MAGIC.length);
  if (!magic || !Buffer.from(magic).equals(MAGIC)) throw damaged('not an Amanat backup archive');

  const headerFrame = await readFrame(reader);
  if (headerFrame?.kind !== FRAME.header) throw damaged('the header is missing');
  const header = BSON.deserialize(headerFrame.bson);
  if (header['format'] !== FORMAT || header['version'] !== FORMAT_VERSION) {
    throw damaged(
      `unsupported archive format ${String(header['format'])}/${String(header['version'])}`,
    );
  }
  if (!(header['createdAt'] instanceof Date) || typeof header['database'] !== 'string') {
    throw damaged('the header is malformed');
  }

  const counts: CollectionCounts = new Map();
  for (;;) {
    const next = await readFrame(reader);
    if (!next) throw damaged('it ends before its last frame');
    if (next.kind === FRAME.end) {
      const end = BSON.deserialize(next.bson);
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      if (end['collections'] !== counts.size || end['documents'] !== total) {
        throw damaged('its totals do not match its contents');
      }
      break;
    }
    if (next.kind !== FRAME.collection) throw damaged('a frame is out of order');
    const collection = parseCollectionFrame(next.bson);
    if (counts.has(collection.name)) throw damaged(`collection ${collection.name} appears twice`);
    await visitor.startCollection(collection);
    let count = 0;
    for (;;) {
      const inner = await readFrame(reader);
      if (!inner) throw damaged('it ends inside a collection');
      if (inner.kind === FRAME.document) {
        await visitor.document(inner.bson);
        count++;
        continue;
      }
      if (inner.kind !== FRAME.collectionEnd) throw damaged('a frame is out of order');
      const end = BSON.deserialize(inner.bson);
      if (end['name'] !== collection.name || end['count'] !== count) {
        throw damaged(`the count of ${collection.name} does not match`);
      }
      break;
    }
    await visitor.endCollection(collection, count);
    counts.set(collection.name, count);
  }
  // Reading to the very end is what runs the integrity check (MDC) of the OpenPGP message.
  if (!(await reader.isAtEnd())) throw damaged('there are bytes after its end');
  return {
    header: { createdAt: header['createdAt'], database: header['database'] },
    counts,
    sha256: fileHash.digest('hex'),
  };
}

function parseCollectionFrame(bson: Uint8Array): CollectionFrame {
  const raw = BSON.deserialize(bson, EXACT_BSON);
  const name: unknown = raw['name'];
  if (typeof name !== 'string' || !isRestorableCollectionName(name)) {
    throw damaged('a collection name is not acceptable');
  }
  const options: unknown = raw['options'];
  const indexes: unknown = raw['indexes'];
  if (typeof options !== 'object' || options === null || !Array.isArray(indexes)) {
    throw damaged(`the description of ${name} is malformed`);
  }
  return { name, options: options, indexes: indexes as Document[] };
}

function isRestorableCollectionName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 200 &&
    !name.startsWith('system.') &&
    !name.includes('$') &&
    !name.includes('\0')
  );
}

async function readFrame(
  reader: ByteReader,
): Promise<{ kind: number; bson: Uint8Array } | undefined> {
  const kind = await reader.read(1);
  if (!kind) return undefined;
  const lengthBytes = await reader.read(4);
  if (!lengthBytes) throw damaged('it is truncated');
  const length = Buffer.from(lengthBytes).readInt32LE(0);
  if (length < 5 || length > MAX_FRAME_BYTES) throw damaged('a frame has an impossible length');
  const rest = await reader.read(length - 4);
  if (!rest) throw damaged('it is truncated');
  const bson = Buffer.concat([lengthBytes, rest]);
  if (bson[bson.length - 1] !== 0) throw damaged('a document is malformed');
  return { kind: kind[0]!, bson };
}

class ArchiveDamagedError extends Error {
  override readonly name = 'ArchiveDamagedError';
}

function damaged(why: string): ArchiveDamagedError {
  return new ArchiveDamagedError(`The backup archive is damaged: ${why}.`);
}

/**
 * Turns what a restore or backup threw into a message for the admin. Crypto and archive errors
 * are expected (a wrong key, a modified file); a stream that failed at its end is the integrity
 * check of the OpenPGP message.
 */
function asCliError(error: unknown, consequence?: string, action = 'restore'): Error {
  const suffix = consequence ? `; ${consequence}.` : '.';
  if (error instanceof CliError) return error;
  if (error instanceof BackupError || error instanceof ArchiveDamagedError) {
    return new CliError(`${error.message.replace(/\.$/, '')}${suffix}`);
  }
  if (error instanceof CryptoError) return error; // e.g. wrong_passphrase: printed with its code
  if (
    error instanceof Error &&
    /Modification detected|Error during parsing|Unexpected end|Packet/i.test(error.message)
  ) {
    return new CliError(
      `The backup file has been modified or is incomplete (its OpenPGP integrity check failed)${suffix}`,
    );
  }
  if (!consequence) return error instanceof Error ? error : new Error(String(error));
  // Anything else (the database refused a write, the connection dropped): name it without its
  // message, which may quote document values, and say what state the target is in.
  const name = error instanceof Error ? error.name : 'error';
  const code = (error as { codeName?: unknown }).codeName;
  return new CliError(
    `The ${action} stopped (${name}${typeof code === 'string' ? ` ${code}` : ''})${suffix}`,
  );
}

// ---- helpers -------------------------------------------------------------------------------

async function withConnection<T>(
  uri: string,
  run: (connection: DbConnection) => Promise<T>,
): Promise<T> {
  const connection = await connectDb(uri);
  try {
    return await run(connection);
  } finally {
    await connection.close();
  }
}

function databaseOf(connection: DbConnection): Db {
  const db = connection.db;
  if (!db) throw new CliError('The database connection has no database.');
  return db;
}

/** The collections a backup holds: every collection except the server's own `system.*`. */
async function listUserCollections(db: Db): Promise<{ name: string; options: Document }[]> {
  const collections = await db.listCollections({}, { nameOnly: false }).toArray();
  return collections
    .filter((info) => (info.type ?? 'collection') === 'collection')
    .filter((info) => !info.name.startsWith('system.'))
    .map((info) => ({
      name: info.name,
      options: ('options' in info ? (info.options as Document | undefined) : undefined) ?? {},
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function collectionsWithDocuments(db: Db): Promise<string[]> {
  const occupied: string[] = [];
  for (const { name } of await listUserCollections(db)) {
    if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) occupied.push(name);
  }
  return occupied;
}

function printCounts(counts: CollectionCounts, print: Print): void {
  const width = Math.max(0, ...[...counts.keys()].map((name) => name.length));
  for (const [name, count] of counts) print(`  ${name.padEnd(width)}  ${count}`);
}

function sameCounts(a: CollectionCounts, b: CollectionCounts): boolean {
  return a.size === b.size && [...a].every(([name, count]) => b.get(name) === count);
}

async function* hashed(source: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    hash.update(chunk);
    yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** A web ReadableStream (what client/crypto takes) pulled from an async iterable. */
function streamOf(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await iterator.return?.();
      },
    },
    { highWaterMark: 0 }, // nothing is read ahead of the consumer
  );
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Exact-length reads over a stream of chunks of any size. */
class ByteReader {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<Uint8Array>;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** `length` bytes; undefined at a clean end; throws if the stream ends part-way. */
  async read(length: number): Promise<Uint8Array | undefined> {
    await this.fill(length);
    if (this.buffered === 0 && this.ended) return undefined;
    if (this.buffered < length) throw damaged('it is truncated');
    const out = new Uint8Array(length);
    let written = 0;
    while (written < length) {
      const head = this.chunks[0]!;
      const take = Math.min(head.length, length - written);
      out.set(head.subarray(0, take), written);
      written += take;
      if (take === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(take);
    }
    this.buffered -= length;
    return out;
  }

  async isAtEnd(): Promise<boolean> {
    await this.fill(1);
    return this.buffered === 0 && this.ended;
  }

  private async fill(length: number): Promise<void> {
    while (this.buffered < length && !this.ended) {
      const next = await this.iterator.next();
      if (next.done) {
        this.ended = true;
      } else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.buffered += next.value.length;
      }
    }
  }
}
