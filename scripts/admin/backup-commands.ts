/**
 * `backup:create` and `backup:restore`: the project's own backup of the whole application
 * database, encrypted to the organisation key, and its restore. Works against the local FerretDB
 * and against production MongoDB alike; the compose `backup` service runs it on a schedule
 * (scripts/lib/backup-schedule.ts). A backup taken while reports arrive is read collection by
 * collection in an order that lets the restore make it whole (restore-repair.ts).
 *
 * Archive format (written only inside the OpenPGP message, never to disk in plaintext):
 *   "amanat-backup/1\n", then frames of one kind byte and one BSON document each:
 *   H header {format, version, createdAt, database}
 *   per collection: C {name, options, indexes}, D <the stored document, byte for byte>…,
 *                   E {name, count}
 *   Z end {collections, documents, sha256}
 * Documents are copied as the raw BSON the server returned, so binary ciphertext, dates, 64-bit
 * integers and every other BSON type come back exactly. The end's sha256 covers every byte before
 * the end frame: an archive decrypted on the offline machine and brought here checks itself
 * (damage in transit, or a modified file whose failed integrity check `gpg --decrypt` reports only
 * after it printed the plaintext). Archives made before it existed have no sha256.
 *
 * The usual restore is of such a decrypted archive (`--decrypted`): the organisation secret key
 * never comes to the server. Decrypting here with the key file (`--org-key`) remains for machines
 * that hold the key anyway (a restore drill on the offline machine) and is refused in production.
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
import { buildCoreServices } from '../../server/services';
import { CliError, readPassphrase } from './passphrase';
import type { Print } from './commands';
import { describeRepair, DUMP_ORDER_LAST, repairRestoredDatabase } from './restore-repair';
import { SealedSpool, SpoolDamagedError } from './sealed-spool';

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

/** What writing or reading an archive found: documents per collection, the archive's SHA-256. */
interface ArchiveTally {
  readonly counts: CollectionCounts;
  /** Of the whole archive (what `gpg --decrypt` prints); set once it has been read to its end. */
  sha256?: string;
}

// ---- backup:create -------------------------------------------------------------------------

export interface BackupCreateOptions {
  readonly out: string;
  /** The organisation public key file (org.asc.pub); default: the key of the published directory. */
  readonly orgPublicKey?: string | undefined;
}

export interface BackupCreated {
  /** Of the encrypted file. */
  readonly sha256: string;
  /** Of the archive inside it: what a restore of the decrypted archive prints. */
  readonly archiveSha256: string;
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
    const tally: ArchiveTally = { counts: new Map() };
    const { counts } = tally;
    let encrypted: ReadableStream<Uint8Array>;
    try {
      encrypted = await encryptBackupToOrganisation(
        streamOf(writeArchive(db, tally)),
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
    const archiveSha256 = tally.sha256!;
    const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
    // The file is written before its entry (the entry names its hash). Keyed by that hash, and
    // the file is removed if the entry cannot be written: no backup exists unaudited.
    try {
      await buildCoreServices({ connection }).audit.record(
        'admin-cli',
        'backup.created',
        {
          sha256,
          archiveSha256,
          collections: String(counts.size),
          documents: String(total),
        },
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
    print(
      `  archive sha256: ${archiveSha256}  (of what gpg --decrypt prints; the restore shows it)`,
    );
    printCounts(counts, print);
    print(`  total: ${total} document(s) in ${counts.size} collection(s)`);
    return { sha256, archiveSha256, counts };
  });
}

async function publishedOrganisationKey(connection: DbConnection): Promise<string> {
  const latest = await buildCoreServices({ connection }).repositories.directory.findLatest();
  if (!latest) {
    throw new CliError('No directory has been published yet: pass --org-public-key <org.asc.pub>.');
  }
  // Checked against ORG_FINGERPRINT before use: a tampered database cannot swap it.
  return latest.organisationKey;
}

async function* writeArchive(db: Db, tally: ArchiveTally): AsyncGenerator<Uint8Array> {
  const { counts } = tally;
  const hash = createHash('sha256');
  hash.update(MAGIC);
  yield MAGIC;
  yield* frame(
    hash,
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
    yield* frame(hash, FRAME.collection, BSON.serialize({ name, options, indexes }));
    let count = 0;
    // raw: the server's own BSON bytes, never decoded and re-encoded on the way out. Small
    // batches: an attachment part is up to ~8 MiB, and memory must not grow with the database.
    // The primary, always: the dump order only helps if every collection is read from one
    // member, later collections never from one further behind (restore-repair.ts).
    const documentsOf = DOCUMENTS_NOT_BACKED_UP.has(name)
      ? []
      : collection.find({}, { raw: true, batchSize: 4, readPreference: 'primary' });
    for await (const raw of documentsOf) {
      yield* frame(hash, FRAME.document, raw as unknown as Uint8Array);
      count++;
    }
    yield* frame(hash, FRAME.collectionEnd, BSON.serialize({ name, count }));
    counts.set(name, count);
    documents += count;
  }
  const sha256 = hash.copy().digest('hex');
  yield* frame(hash, FRAME.end, BSON.serialize({ collections: counts.size, documents, sha256 }));
  tally.sha256 = hash.digest('hex');
}

/**
 * Collections a backup keeps empty (their options and indexes are kept): pending alerts. Their
 * counts date reports to the batch window, finer than the day kept elsewhere, and an old pending
 * delivery restored would alert staff again of activity long past.
 */
const DOCUMENTS_NOT_BACKED_UP: ReadonlySet<string> = new Set(['alert_outbox', 'alert_deliveries']);

/** Every other collection by name, then DUMP_ORDER_LAST's (restore-repair.ts says why). */
function inDumpOrder<T extends { name: string }>(collections: readonly T[]): T[] {
  const rank = (name: string): number => DUMP_ORDER_LAST.indexOf(name);
  return [...collections].sort((a, b) => rank(a.name) - rank(b.name));
}

/** One frame, counted into the archive's running hash as it is handed on. */
function* frame(hash: Hash, kind: number, bson: Uint8Array): Generator<Uint8Array> {
  const kindByte = Uint8Array.of(kind);
  hash.update(kindByte).update(bson);
  yield kindByte;
  yield bson;
}

// ---- backup:restore ------------------------------------------------------------------------

export interface BackupRestoreOptions {
  /** The backup file, or '-' for standard input. */
  readonly in: string;
  /**
   * The input is the archive `gpg --decrypt` printed on the offline machine: the usual way, and
   * the only one in production, since the organisation secret key never comes to this machine.
   */
  readonly decrypted?: boolean | undefined;
  /** Decrypt here with the organisation secret key file from org:init (never in production). */
  readonly orgKey?: string | undefined;
  readonly passphraseFile?: string | undefined;
  /** Drop every collection of a non-empty target first (after the whole backup verified). */
  readonly dropExisting?: boolean | undefined;
}

export interface BackupRestored {
  /** Of the decrypted archive: what backup:create printed as its archive sha256. */
  readonly archiveSha256: string;
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

/** The first pass only reads. */
const CHECK_ONLY: ArchiveVisitor = {
  startCollection: async () => {},
  document: async () => {},
  endCollection: async () => {},
};

/** Where the archive's bytes come from, checked before the database is touched. */
interface RestoreInput {
  readonly decrypted: boolean;
  /** The archive's plaintext, once. */
  open(): Promise<AsyncIterable<Uint8Array>>;
  /** Of the encrypted file, once it has been read to its end; none for a decrypted input. */
  fileSha256(): string | undefined;
}

/**
 * Restores a backup into the database of MONGODB_URI, which must be empty (or --drop-existing).
 * Pass 1 reads and checks the whole archive, writing nothing to the database, and keeps it
 * sealed (sealed-spool.ts); pass 2 restores from that copy. Records `backup.restored` in the
 * restored log.
 */
export async function restoreBackup(
  options: BackupRestoreOptions,
  print: Print,
): Promise<BackupRestored> {
  const config = loadAdminConfig();
  const input = await restoreInput(options, config.nodeEnv === 'production');

  return await withConnection(config.mongodbUri, async (connection) => {
    const db = databaseOf(connection);
    const occupied = await collectionsWithDocuments(db);
    if (occupied.length > 0 && !options.dropExisting) {
      throw new CliError(
        `The database "${db.databaseName}" is not empty (documents in ${occupied.join(', ')}); nothing was restored. ` +
          'Restore into a new, empty database, or pass --drop-existing to replace its contents.',
      );
    }

    const spool = await SealedSpool.create();
    try {
      // Pass 1: all of it is read and checked (an encrypted file's integrity check runs at its
      // very end, see unsafeDecryptBackupStream) before anything is written.
      let verified: { header: ArchiveHeader; tally: ArchiveTally };
      try {
        verified = await readBackup(spool.record(await input.open()), CHECK_ONLY, {
          requireChecksum: input.decrypted,
        });
      } catch (error) {
        throw asCliError(error, 'nothing was restored');
      }
      const archiveSha256 = verified.tally.sha256!;
      const fileSha256 = input.fileSha256();
      print(
        `Backup verified: made ${verified.header.createdAt.toISOString()} from database "${verified.header.database}", ` +
          (fileSha256 ? `file sha256 ${fileSha256}, ` : '') +
          `archive sha256 ${archiveSha256}.`,
      );

      if (occupied.length > 0) {
        for (const { name } of await listUserCollections(db)) await db.collection(name).drop();
        print(`Dropped the existing contents of "${db.databaseName}" (--drop-existing).`);
      }

      // Pass 2: the same bytes, authenticated again as they come back, restored as they stream.
      const restorer = new CollectionRestorer(db);
      let restored: { tally: ArchiveTally };
      try {
        restored = await readBackup(spool.replay(), restorer, {
          requireChecksum: input.decrypted,
        });
      } catch (error) {
        throw asCliError(
          error,
          `the database "${db.databaseName}" now holds a partial restore; drop it before use`,
        );
      }
      const { counts } = restored.tally;

      // What the backup caught mid-write is made whole before the restore is recorded as done.
      const repair = await repairRestoredDatabase(connection, db);
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      // The entry goes into the restored log, so it can only follow the restore; keyed by the
      // archive's hash. Without it the restore is unaudited and the target must not be used.
      try {
        await buildCoreServices({ connection }).audit.record(
          'admin-cli',
          'backup.restored',
          {
            ...(fileSha256 ? { sha256: fileSha256 } : {}),
            archiveSha256,
            decryptedOffline: String(input.decrypted),
            backupCreatedAt: verified.header.createdAt.toISOString(),
            documents: String(total),
            caseRecordsOpened: String(repair.caseRecordsOpened),
            casesDeleted: String(repair.deletedAsLogged + repair.deletionsFinished),
            orphansDeleted: String(
              Object.values(repair.orphansDeleted).reduce((sum, count) => sum + count, 0),
            ),
            reservationsReleased: String(repair.reservationsReleased),
          },
          { key: `backup.restored\0${archiveSha256}` },
        );
      } catch (error) {
        throw asCliError(
          error,
          `its audit entry could not be written: drop the database "${db.databaseName}" and restore again`,
        );
      }
      print(
        `Restored ${total} document(s) in ${counts.size} collection(s) into "${db.databaseName}":`,
      );
      printCounts(counts, print);
      for (const warning of restorer.warnings) print(`  warning: ${warning}`);
      print('Made whole what the backup caught mid-write:');
      for (const line of describeRepair(repair)) print(`  ${line}`);
      print(
        '  Indexes were re-created from the backup; the app also creates its own indexes each time it starts (prepare()).',
      );
      print('NEXT: run audit:verify against this database, then start the app on it.');
      return { archiveSha256, counts };
    } finally {
      await spool.dispose();
    }
  });
}

const OFFLINE_RESTORE =
  'gpg --decrypt backup.gpg | npm run admin -- backup:restore --in - --decrypted';

/**
 * Checks the options before the database is touched and says where the archive comes from:
 * decrypted on the offline machine (`--decrypted`), or decrypted here with the key file.
 */
async function restoreInput(
  options: BackupRestoreOptions,
  production: boolean,
): Promise<RestoreInput> {
  if (Boolean(options.decrypted) === Boolean(options.orgKey)) {
    throw new CliError(
      'Say what --in holds: --decrypted for the archive gpg --decrypt printed on the offline machine ' +
        `(the usual way: ${OFFLINE_RESTORE}), or --org-key <file> to decrypt it here (never in production).`,
    );
  }
  if (options.passphraseFile && !options.orgKey) {
    throw new CliError('--passphrase-file only applies together with --org-key.');
  }
  if (options.orgKey && production) {
    throw new CliError(
      'Restoring with --org-key is refused when NODE_ENV=production: the organisation secret key stays offline. ' +
        `Decrypt the backup on the offline machine and restore what gpg prints: ${OFFLINE_RESTORE}`,
    );
  }
  const fromStdin = options.in === '-';
  if (fromStdin && process.stdin.isTTY) {
    throw new CliError(
      `--in - reads standard input, which is a terminal here: pipe the decrypted backup in (${OFFLINE_RESTORE}).`,
    );
  }
  if (!fromStdin) await stat(options.in); // a missing file is named as such, not as a damaged backup
  const source = (): AsyncIterable<Buffer> =>
    fromStdin ? process.stdin : createReadStream(options.in, { highWaterMark: 1024 * 1024 });

  if (!options.orgKey) {
    return {
      decrypted: true,
      open: () => Promise.resolve(source()),
      fileSha256: () => undefined,
    };
  }
  const armoredSecretKey = await readFile(options.orgKey, 'utf8');
  const passphrase = await readPassphrase({
    file: options.passphraseFile,
    prompt: 'Organisation key passphrase: ',
  });
  const fileHash = createHash('sha256');
  let fileSha256: string | undefined;
  return {
    decrypted: false,
    open: async () =>
      chunksOf(
        await unsafeDecryptBackupStream(
          streamOf(hashed(source(), fileHash)),
          armoredSecretKey,
          passphrase,
        ),
      ),
    fileSha256: () => (fileSha256 ??= fileHash.digest('hex')),
  };
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

/**
 * One full pass over the archive's plaintext: checks its grammar, counts and checksum, and hands
 * each part to `visitor`. `requireChecksum`: refuse an archive without its own sha256 (one that
 * was decrypted elsewhere has nothing else to vouch for it).
 */
async function readBackup(
  plaintext: AsyncIterable<Uint8Array>,
  visitor: ArchiveVisitor,
  { requireChecksum }: { requireChecksum: boolean },
): Promise<{ header: ArchiveHeader; tally: ArchiveTally }> {
  const reader = new ByteReader(plaintext);
  const magic = await reader.readAtMost(MAGIC.length);
  if (!Buffer.from(magic).equals(MAGIC)) throw notAnArchive(magic);

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
    const sha256BeforeFrame = reader.sha256SoFar();
    const next = await readFrame(reader);
    if (!next) throw damaged('it ends before its last frame');
    if (next.kind === FRAME.end) {
      const end = BSON.deserialize(next.bson);
      const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
      if (end['collections'] !== counts.size || end['documents'] !== total) {
        throw damaged('its totals do not match its contents');
      }
      if (end['sha256'] === undefined) {
        if (requireChecksum) throw withoutChecksum();
      } else if (end['sha256'] !== sha256BeforeFrame) {
        throw damaged('its checksum does not match its contents');
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
  // Reading to the very end is what runs the integrity check (MDC) of an OpenPGP message.
  if (!(await reader.isAtEnd())) throw damaged('there are bytes after its end');
  return {
    header: { createdAt: header['createdAt'], database: header['database'] },
    tally: { counts, sha256: reader.sha256SoFar() },
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

/** Input that does not even start like an archive: say what it looks like instead. */
function notAnArchive(start: Uint8Array): ArchiveDamagedError {
  if (start.length === 0) {
    return new ArchiveDamagedError(
      'The input is empty (did gpg --decrypt fail before it printed anything?)',
    );
  }
  const text = Buffer.from(start).toString('latin1');
  // An OpenPGP message: armored, or binary (every packet header has its top bit set).
  if (text.startsWith('-----BEGIN PGP') || (start[0]! & 0x80) !== 0) {
    return new ArchiveDamagedError(
      'The input is still encrypted (an OpenPGP message): decrypt it on the offline machine with gpg --decrypt and restore what that prints',
    );
  }
  return new ArchiveDamagedError(
    `The input is not an Amanat backup archive (a decrypted backup starts with "${MAGIC.toString('ascii').trim()}")`,
  );
}

function withoutChecksum(): ArchiveDamagedError {
  return new ArchiveDamagedError(
    'This backup was made before backups carried their own checksum, so a copy decrypted elsewhere cannot be checked here. ' +
      'Restore the encrypted file with --org-key on a machine that holds the organisation key (never in production)',
  );
}

/**
 * Turns what a restore or backup threw into a message for the admin. Crypto and archive errors
 * are expected (a wrong key, a modified file); a stream that failed at its end is the integrity
 * check of the OpenPGP message.
 */
function asCliError(error: unknown, consequence?: string, action = 'restore'): Error {
  const suffix = consequence ? `; ${consequence}.` : '.';
  if (error instanceof CliError) return error;
  if (
    error instanceof BackupError ||
    error instanceof ArchiveDamagedError ||
    error instanceof SpoolDamagedError
  ) {
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

/** Exact-length reads over a stream of chunks of any size, hashing every byte handed out. */
class ByteReader {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private ended = false;
  private readonly iterator: AsyncIterator<Uint8Array>;
  private readonly consumed = createHash('sha256');

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** `length` bytes; undefined at a clean end; throws if the stream ends part-way. */
  async read(length: number): Promise<Uint8Array | undefined> {
    await this.fill(length);
    if (this.buffered === 0 && this.ended) return undefined;
    if (this.buffered < length) throw damaged('it is truncated');
    return this.take(length);
  }

  /** Up to `length` bytes: fewer only where the stream ends. */
  async readAtMost(length: number): Promise<Uint8Array> {
    await this.fill(length);
    return this.take(Math.min(length, this.buffered));
  }

  async isAtEnd(): Promise<boolean> {
    await this.fill(1);
    return this.buffered === 0 && this.ended;
  }

  /** SHA-256 of every byte read so far (of all of it, once isAtEnd said so). */
  sha256SoFar(): string {
    return this.consumed.copy().digest('hex');
  }

  private take(length: number): Uint8Array {
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
    this.consumed.update(out);
    return out;
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
