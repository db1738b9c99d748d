/**
 * Every query the data layer sends is served by an index the app declares, as MongoDB (the
 * production engine) would use it: no request about one case, one receipt, one attachment or one
 * inbox page reads a whole collection, however large it grows. (The tests run on FerretDB, which
 * scans anyway; the rule is MongoDB's.)
 *
 * How: the app is built and prepared (prepare() creates every declared index) and the indexes it
 * created are read back from the database. Then every method of every repository
 * (server/features/<feature>/*.repository.ts) and of the platform's stores is called on that
 * connection with the driver's command monitoring on, and every command that selects documents
 * (find, count, distinct, an aggregate's leading $match and $sort, update, delete, findAndModify)
 * is taken apart into its shape and checked against THE RULE. A repository method, or a whole
 * repository, that this test does not call fails it too: a new query cannot slip past unchecked.
 *
 * THE RULE. A query's equality fields E are those given a value, `$eq`, `$in` or `$all`; its
 * range fields R those given `$gt`, `$gte`, `$lt` or `$lte`; its sort S. Other conditions (`$ne`,
 * `$exists`, …) are checked on the documents the index finds and do not count. A query is served
 *  1. when E holds `_id` (the primary key: one document per id; any other condition is checked
 *     on it); or else
 *  2. by a declared index (f1, …, fn) where
 *     a. f1 … fk, k = |E|, are exactly the fields of E, in any order;
 *     b. the sort fields come next, f(k+1) …, in order, their directions all as declared or all
 *        reversed (a sort field E binds to one value may be left out of the sort);
 *     c. every range field is among f(k+1) … fn (checked in the index, never on documents);
 *     d. when E and S are both empty, f1 is a range field (else the scan has no bounds);
 *     e. a sparse index serves only queries that give f1 a value other than null; a partial index
 *        none.
 * A query with `$or` and no `_id` equality is served when each branch (with the rest) is.
 * Metadata commands (dbStats, $collStats, a count without a filter) read no documents.
 * EXEMPT lists the shapes deliberately served without an index, each with its reason.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandStartedEvent, Document } from 'mongodb';
import { AccountsRepository } from '../../server/features/accounts';
import {
  AlertDeliveriesRepository,
  AlertOutboxRepository,
  AlertSettingsRepository,
  WebhookAllowListRepository,
} from '../../server/features/alerts';
import { AttachmentOwnersRepository } from '../../server/features/attachments/attachment-owners.repository';
import { AttachmentPartsRepository } from '../../server/features/attachments/attachment-parts.repository';
import { AttachmentReservationsRepository } from '../../server/features/attachments/attachment-reservations.repository';
import { StorageUsageRepository } from '../../server/features/attachments/storage-usage.repository';
import { AuditLogRepository } from '../../server/features/audit';
import { CaseMessagesRepository } from '../../server/features/case-messages';
import { CaseLinksRepository, LinkingKeysRepository } from '../../server/features/case-links';
import { CaseReadsRepository } from '../../server/features/case-reads';
import { ReplyKeyConfirmationsRepository } from '../../server/features/casework';
import { CaseworkerKeysRepository } from '../../server/features/caseworkers';
import { DirectoryRepository } from '../../server/features/directory';
import { ReportRepository } from '../../server/features/intake';
import { SessionsRepository } from '../../server/features/sessions';
import { FactorsRepository } from '../../server/features/sign-in';
import { StatsPartnersRepository, StatsReleasesRepository } from '../../server/features/stats';
import { StoredCiphertextRepository } from '../../server/features/stored-ciphertext';
import { CASE_STATUSES, CasesRepository, type InboxPageQuery } from '../../server/features/cases';
import { engineOf, type DatabaseEngine } from '../../server/platform/engine';
import { Expiry } from '../../server/platform/expiry';
import { MongoRateLimitStore } from '../../server/platform/rate-limits';
import { SingleUseMarks } from '../../server/platform/single-use';
import { testDatabaseUri } from '../helpers/database';
import { createTestApp, type TestApp } from '../helpers/test-app';

// --- query shapes

interface QueryShape {
  readonly collection: string;
  readonly operation: string;
  readonly equality: readonly string[];
  /** Equality fields given one value other than null (sparse indexes; sort fields it binds). */
  readonly boundToOneValue: ReadonlySet<string>;
  readonly nonNull: ReadonlySet<string>;
  readonly ranges: readonly string[];
  readonly sort: readonly (readonly [string, number])[];
  /** Each branch of a top-level $or, as conditions of its own. */
  readonly branches: readonly QueryShape[];
}

const EQUALITY_OPERATORS = new Set(['$eq', '$in', '$all']);
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);
const isOperatorObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length > 0 &&
  Object.keys(value).every((key) => key.startsWith('$'));

function shapeOf(
  collection: string,
  operation: string,
  filter: Document,
  sort: Document | Map<string, unknown> = {},
): QueryShape {
  const equality = new Set<string>();
  const boundToOneValue = new Set<string>();
  const nonNull = new Set<string>();
  const ranges = new Set<string>();
  const branches: QueryShape[] = [];
  const visit = (conditions: Document): void => {
    for (const [field, value] of Object.entries(conditions)) {
      if (field === '$and') for (const part of value as Document[]) visit(part);
      else if (field === '$or') {
        for (const branch of value as Document[])
          branches.push(shapeOf(collection, operation, branch));
      } else if (field.startsWith('$')) continue;
      else if (isOperatorObject(value)) {
        const operators = Object.keys(value);
        if (operators.some((operator) => EQUALITY_OPERATORS.has(operator))) {
          equality.add(field);
          const values = [value['$eq'] ?? value['$in'] ?? value['$all']].flat();
          if (!values.includes(null)) nonNull.add(field);
          if (values.length === 1 && values[0] !== null) boundToOneValue.add(field);
        }
        if (operators.some((operator) => RANGE_OPERATORS.has(operator))) ranges.add(field);
      } else {
        equality.add(field);
        if (value !== null) {
          nonNull.add(field);
          boundToOneValue.add(field);
        }
      }
    }
  };
  visit(filter);
  return {
    collection,
    operation,
    equality: [...equality].sort(),
    boundToOneValue,
    nonNull,
    ranges: [...ranges].filter((field) => !equality.has(field)).sort(),
    // The driver hands sorts on as a Map.
    sort: (sort instanceof Map ? [...sort] : Object.entries(sort)).map(
      ([field, direction]) => [field, Number(direction)] as const,
    ),
    branches,
  };
}

/** The query shapes of one command; none for commands that select no documents. */
function shapesOf({ commandName, command }: CommandStartedEvent): QueryShape[] {
  const collection = String(command[commandName]);
  switch (commandName) {
    case 'find':
      return [shapeOf(collection, 'find', command['filter'] ?? {}, command['sort'])];
    case 'count':
      return command['query'] && Object.keys(command['query']).length > 0
        ? [shapeOf(collection, 'count', command['query'])]
        : [];
    case 'distinct':
      return [shapeOf(collection, 'distinct', command['query'] ?? {})];
    case 'findAndModify':
      return [shapeOf(collection, 'findAndModify', command['query'] ?? {}, command['sort'])];
    case 'update':
      return (command['updates'] as Document[]).map((update) =>
        shapeOf(collection, 'update', update['q']),
      );
    case 'delete':
      return (command['deletes'] as Document[]).map((deletion) =>
        shapeOf(collection, 'delete', deletion['q']),
      );
    case 'aggregate': {
      const [first = {}, second = {}] = command['pipeline'] as Document[];
      if ('$collStats' in first || '$indexStats' in first) return [];
      const match = '$match' in first ? (first['$match'] as Document) : {};
      const sort = '$match' in first ? second['$sort'] : first['$sort'];
      return [shapeOf(collection, 'aggregate', match, sort)];
    }
    default:
      return [];
  }
}

function describeShape(shape: QueryShape): string {
  const sort = shape.sort.map(([field, direction]) => `${field}:${direction}`).join(',');
  const or =
    shape.branches.length > 0 ? ` or(${shape.branches.map(describeShape).join(' | ')})` : '';
  return `${shape.collection} ${shape.operation} eq(${shape.equality.join(',')}) range(${shape.ranges.join(',')}) sort(${sort})${or}`;
}

// --- the rule

interface DeclaredIndex {
  readonly name: string;
  readonly key: readonly (readonly [string, number])[];
  readonly sparse: boolean;
  readonly partial: boolean;
}

function serves(index: DeclaredIndex, shape: QueryShape): boolean {
  if (index.partial) return false;
  const fields = index.key.map(([field]) => field);
  const k = shape.equality.length;
  // a. the equality fields are exactly the first k fields
  const prefix = new Set(fields.slice(0, k));
  if (prefix.size !== k || !shape.equality.every((field) => prefix.has(field))) return false;
  // e. sparse: only for a value other than null on its first field
  if (index.sparse && !shape.nonNull.has(fields[0]!)) return false;
  // b. then the sort, in order, all directions as declared or all reversed
  const sort = shape.sort.filter(([field]) => !shape.boundToOneValue.has(field));
  let relation = 0;
  for (const [i, [field, direction]] of sort.entries()) {
    const [indexField, indexDirection] = index.key[k + i] ?? [];
    if (indexField !== field) return false;
    const same = direction === indexDirection ? 1 : -1;
    if (relation !== 0 && same !== relation) return false;
    relation = same;
  }
  // c. every range field after the equality prefix
  const rest = fields.slice(k);
  if (!shape.ranges.every((field) => rest.includes(field))) return false;
  // d. with no equality and no sort, a range must bound the scan
  if (k === 0 && sort.length === 0) return shape.ranges.includes(fields[0]!);
  return true;
}

function servingIndex(shape: QueryShape, indexes: readonly DeclaredIndex[]): string | null {
  if (shape.equality.includes('_id')) return '_id_';
  if (shape.branches.length > 0) {
    const rest = { ...shape, branches: [] };
    const served = shape.branches.map((branch) =>
      servingIndex(
        {
          ...rest,
          equality: [...new Set([...shape.equality, ...branch.equality])].sort(),
          boundToOneValue: new Set([...shape.boundToOneValue, ...branch.boundToOneValue]),
          nonNull: new Set([...shape.nonNull, ...branch.nonNull]),
          ranges: [...new Set([...shape.ranges, ...branch.ranges])].sort(),
        },
        indexes,
      ),
    );
    return served.every((name) => name !== null) ? served.join(' | ') : null;
  }
  return indexes.find((index) => serves(index, shape))?.name ?? null;
}

/**
 * Shapes served without an index on purpose: whole reads of collections that stay tiny, where
 * every document is needed anyway.
 */
const EXEMPT: readonly { readonly shape: string; readonly reason: string }[] = [
  {
    shape: 'stats_releases find eq() range() sort()',
    reason:
      'the release ledger, read whole for every table: each earlier release is checked for ' +
      'linking and the ε budget; a handful of releases a month',
  },
  {
    shape: 'stats_partners find eq() range() sort()',
    reason: 'the partner registry, read whole by the analyst: a handful of organisations',
  },
  {
    shape: 'alert_settings find eq() range() sort()',
    reason:
      'at start only (AlertSettingsService.resealEarlierAddresses): every staff member’s alert ' +
      'settings, one small document each, to seal addresses of earlier versions again',
  },
  {
    shape: 'cases find eq() range() sort()',
    reason:
      'at start only (casework addMissingThreadFields): the records whose thread fields were ' +
      'never derived, `visibleSeq` absent, which no index can select; one pass per start',
  },
];

// --- driving every method

/** Every repository and platform store, with a drive that calls each of its methods. */
type Drive = () => Promise<void>;

const MONGODB: DatabaseEngine = {
  name: 'mongodb',
  hasTtlIndexes: true,
  groupsInOnePass: true,
  readsIdListsByIndex: true,
  hasSnapshotReads: true,
};
const FERRETDB_V1: DatabaseEngine = {
  name: 'ferretdb',
  hasTtlIndexes: false,
  groupsInOnePass: false,
  readsIdListsByIndex: false,
  hasSnapshotReads: false,
};

const hex = (): string => randomBytes(16).toString('hex');
const URGENCY = { priorityRank: 1, deadlineOrder: 1, receivedOn: 1, _id: 1 };
const TODAY = '2026-06-15';
const inAWhile = (): Date => new Date(Date.now() + 3_600_000);

function drives(t: TestApp): Record<string, Drive> {
  const connection = t.connection;
  const caseId = hex();
  const attachmentId = randomBytes(16).toString('base64url');
  const accountId = hex();
  const message = new Uint8Array([1, 2, 3]);
  /** A report of the case above, with a fresh submission id and receipt. */
  const storedReport = () => ({
    caseId,
    submissionId: hex(),
    requestDigest: 'd'.repeat(64),
    message,
    recipientKeyIds: ['k'],
    directoryVersion: 1,
    replyKey: 'reply key',
    replyKeyIds: ['r'],
    receiptVerifierHash: hex(),
    receivedOn: TODAY,
  });
  return {
    AccountsRepository: async () => {
      const accounts = new AccountsRepository(connection);
      await accounts.ensureIndexes();
      const account = {
        id: accountId,
        username: `index-check-${accountId.slice(0, 8)}`,
        role: 'caseworker',
        status: 'active',
        passwordHash: null,
        totpSecretSealed: null,
        totpLastUsedStep: 0,
        createdOn: TODAY,
      } as const;
      await accounts.insert(account);
      await accounts.findById(account.id);
      await accounts.findByUsername(account.username);
      await accounts.listAll();
      await accounts.update(account.id, { status: 'active' });
      await accounts.claimTotpStep(account.id, 7);
      await accounts.clearTotpSecret(account.id, 'TEST ONLY sealed secret');
      const invite = {
        _id: hex(),
        accountId,
        expiresAt: inAWhile(),
        usedAt: null,
        revokedAt: null,
      };
      await accounts.insertInvite(invite);
      await accounts.countInvites(accountId);
      await accounts.findInvite(invite._id);
      await accounts.listOpenInvites(accountId);
      await accounts.revokeInvites([invite._id], new Date());
      await accounts.consumeInvite(invite._id, new Date());
    },
    AlertOutboxRepository: async () => {
      const outbox = new AlertOutboxRepository(connection);
      await outbox.ensureIndexes();
      const counted = { window: 0, windowEnd: 1_800_000, expiresAt: inAWhile() };
      await outbox.add({ _id: hex(), kind: 'reports', count: 1, ...counted });
      await outbox.add({ _id: hex(), kind: 'deadlines', count: 2, ...counted });
      const events = await outbox.listEndedBy(3_600_000);
      await outbox.remove(events.map((event) => event._id));
    },
    AlertSettingsRepository: async () => {
      const settings = new AlertSettingsRepository(connection);
      await settings.ensureIndexes();
      await settings.save({
        _id: accountId,
        kinds: { reports: true, followUps: false, deadlines: false, operations: false },
        emailSealed: 'sealed',
        webhookUrlSealed: null,
        active: true,
      });
      const stored = await settings.findByAccount(accountId);
      await settings.replaceSealed(stored!, { emailSealed: 'resealed', webhookUrlSealed: null });
      await settings.listAll();
      await settings.listActive();
      await settings.anyActive();
      await settings.removeForAccount(accountId);
    },
    AlertDeliveriesRepository: async () => {
      const deliveries = new AlertDeliveriesRepository(connection);
      await deliveries.ensureIndexes();
      const id = `1800000:${accountId}:email`;
      await deliveries.insert({
        _id: id,
        accountId,
        channel: 'email',
        counts: { reports: 1 },
        state: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(),
        createdAt: new Date(),
        failing: false,
        lastError: null,
        expiresAt: inAWhile(),
      });
      await deliveries.listDue(new Date(), 10);
      await deliveries.recordFailure(id, {
        attempts: 1,
        nextAttemptAt: inAWhile(),
        lastError: 'smtp_unreachable',
        state: 'pending',
      });
      await deliveries.listFailing();
      await deliveries.remove(id);
    },
    WebhookAllowListRepository: async () => {
      const allowList = new WebhookAllowListRepository(connection);
      await allowList.replace([{ host: 'bridge.example.org', allowPrivate: false }]);
      await allowList.read();
    },
    AttachmentOwnersRepository: async () => {
      const owners = new AttachmentOwnersRepository(connection);
      await owners.ensureIndexes();
      const id = randomBytes(16).toString('base64url');
      await owners.claim(id, caseId);
      await owners.release(id, caseId);
      await owners.deleteAllOfCase(caseId);
    },
    AttachmentPartsRepository: async () => {
      const parts = new AttachmentPartsRepository(connection);
      await parts.ensureIndexes();
      await parts.claimAttachment(attachmentId, caseId);
      await parts.releaseClaimIfUnused(attachmentId, caseId);
      const reservation = hex();
      await parts.insert(
        { caseId, attachmentId, index: 0, message, sha256: 'a'.repeat(64), recipientKeyIds: ['k'] },
        reservation,
      );
      await parts.find(attachmentId, 0);
      await parts.reservationsStored([reservation]);
      await parts.attachmentsStored([attachmentId]);
      await parts.listOfCase(caseId);
      await parts.deleteAllOfCase(caseId);
    },
    AttachmentReservationsRepository: async () => {
      const reservations = new AttachmentReservationsRepository(connection);
      await reservations.ensureIndexes();
      const range = { caseId, kind: 'bytes', capacity: 4 } as const;
      await reservations.claim(range, 'holder', 2, TODAY);
      await reservations.claim(range, 'greedy', 9, TODAY);
      await reservations.freeSlots(range);
      const slots = await reservations.slotsOf(range, 'holder');
      await reservations.releaseSlots(range, slots.slice(0, 1), 'holder');
      await reservations.holdersClaimedBefore(range, '2099-01-01');
      await reservations.releaseClaimedBefore(range, ['holder'], '2099-01-01');
      await reservations.release(range, 'holder');
      await reservations.deleteAllOfCase(caseId);
    },
    StorageUsageRepository: async () => {
      await new StorageUsageRepository(connection).measure({ attachmentBytes: true });
    },
    AuditLogRepository: async () => {
      const audit = new AuditLogRepository(connection);
      await audit.ensureIndexes();
      const last = await audit.findLast();
      const entry = {
        seq: (last?.seq ?? 0) + 1,
        at: new Date(),
        actor: 'index-check',
        event: 'index.checked',
        details: { case: 'c'.repeat(32) },
        previousHash: last?.hash ?? '0'.repeat(64),
        hash: 'f'.repeat(64),
        key: hex(),
      };
      await audit.insert(entry);
      await audit.findByKey(entry.key);
      await audit.listForCase('c'.repeat(32));
      for await (const _entry of audit.listInOrder()) break;
      for await (const _entry of audit.listInOrder(entry.seq)) break;
    },
    CaseMessagesRepository: async () => {
      const messages = new CaseMessagesRepository(connection);
      await messages.ensureIndexes();
      const sent = {
        author: 'reporter',
        internal: false,
        message,
        recipientKeyIds: ['k'],
        sentOn: TODAY,
      } as const;
      const { stored } = await messages.append(caseId, sent, hex());
      await messages.append(caseId, sent, stored.id);
      await messages.listThread(caseId);
      await messages.listThreadRefs(caseId);
      await messages.latestSeq(caseId);
      await messages.findById(stored.id);
      await messages.deleteAllOfCase(caseId);
    },
    CaseReadsRepository: async () => {
      const reads = new CaseReadsRepository(connection);
      await reads.markSeen(caseId, accountId, 1);
      await reads.markSeen(caseId, accountId, 2);
      await reads.markSeen(caseId, accountId, 1);
      await reads.seenOf(accountId, [caseId, hex()]);
      await reads.forget(caseId, accountId);
      await reads.deleteAllOfCase(caseId);
      await reads.deleteAllOfCaseworker(accountId);
    },
    ReplyKeyConfirmationsRepository: async () => {
      const confirmations = new ReplyKeyConfirmationsRepository(connection);
      const confirmation = {
        caseId,
        fingerprint: 'f'.repeat(64),
        confirmation: 'signed',
        confirmedBy: accountId,
        confirmedOn: TODAY,
      };
      await confirmations.insert(confirmation);
      await confirmations.findByCaseId(caseId);
      await confirmations.deleteOfCase(caseId);
    },
    CaseworkerKeysRepository: async () => {
      const keys = new CaseworkerKeysRepository(connection);
      await keys.ensureIndexes();
      const fingerprint = 'e'.repeat(40);
      await keys.insert({
        fingerprint,
        label: 'index check',
        armoredPublicKey: 'not a key',
        encryptionKeyIds: ['k'],
        status: 'pending',
        addedOn: TODAY,
        ownerId: accountId,
        protectedSecretKey: null,
      });
      await keys.findByFingerprint(fingerprint);
      await keys.findCurrentForOwner(accountId);
      await keys.replaceProtectedSecretKey(fingerprint, accountId, 'protected');
      await keys.changeStatus(fingerprint, 'pending', 'active');
      await keys.setStatus(fingerprint, 'removed');
      await keys.listByStatus('active');
      await keys.listAll();
      await keys.deleteById(fingerprint);
    },
    DirectoryRepository: async () => {
      const directories = new DirectoryRepository(connection);
      const latest = await directories.findLatest();
      await directories.insert({ ...latest!, version: latest!.version });
    },
    ReportRepository: async () => {
      const reports = new ReportRepository(connection);
      await reports.ensureIndexes();
      const report = storedReport();
      await reports.insert(report);
      await reports.insert({ ...report, receiptVerifierHash: hex() });
      await reports.listWithoutOpenedCase(10);
      await reports.markCaseOpened(caseId);
      await reports.findByReceiptVerifierHash(report.receiptVerifierHash);
      await reports.findByCaseId(caseId);
      await reports.findMessagesByCaseIds([caseId, hex()]);
      await reports.delete(caseId);
    },
    SessionsRepository: async () => {
      const sessions = new SessionsRepository(connection);
      await sessions.ensureIndexes();
      const session = {
        _id: hex(),
        accountId,
        stage: 'full',
        csrfToken: hex(),
        createdAt: new Date(),
        lastSeenAt: new Date(),
        absoluteExpiresAt: inAWhile(),
        expiresAt: inAWhile(),
        reauthenticatedAt: null,
        keyReleaseTokenHashes: [],
        secondFactorFailures: 0,
        pendingTotpSealed: null,
        registrationChallenge: 'challenge',
        authenticationChallenge: 'challenge',
      } as const;
      await sessions.insert({ ...session, keyReleaseTokenHashes: [] });
      await sessions.findById(session._id);
      await sessions.update(session._id, { lastSeenAt: new Date() });
      await sessions.countSecondFactorFailure(session._id);
      await sessions.takeWebauthnChallenge(session._id, 'registration');
      await sessions.countForAccount(accountId);
      await sessions.deleteOthersForAccount(accountId, session._id);
      await sessions.delete(session._id);
      await sessions.deleteAllForAccount(accountId);
    },
    FactorsRepository: async () => {
      const factors = new FactorsRepository(connection, new SingleUseMarks(connection));
      await factors.ensureIndexes();
      const credentialId = hex();
      await factors.insertCredential({
        id: credentialId,
        accountId,
        publicKey: message,
        counter: 0,
        transports: [],
        name: 'key',
        addedOn: TODAY,
      });
      await factors.listCredentials(accountId);
      await factors.advanceCounter(credentialId, 0, 1);
      const removal = await factors.claimChange(accountId, credentialId, inAWhile());
      await factors.removalsUpTo(accountId, removal!, new Date());
      await factors.cancelRemoval(accountId, removal!);
      await factors.deleteCredential(accountId, credentialId);
      const code = hex();
      await factors.replaceRecoveryCodes(accountId, [code], inAWhile());
      await factors.hasRecoveryCode(accountId, code);
      await factors.useRecoveryCode(accountId, code);
      await factors.countRecoveryCodes(accountId);
      const key = hex();
      await factors.insertAttempt({
        _id: `${key}:1`,
        key,
        seq: 1,
        cycleStart: 1,
        at: new Date(),
        expiresAt: inAWhile(),
      });
      await factors.findLatestAttempt(key);
      await factors.clearAttempts(key);
      const device = { _id: hex(), accountId, expiresAt: inAWhile() };
      await factors.insertTrustedDevice(device);
      await factors.findTrustedDevice(device._id, new Date());
      await factors.deleteAllFactors(accountId);
    },
    StatsPartnersRepository: async () => {
      const partners = new StatsPartnersRepository(connection);
      await partners.ensureIndexes();
      const partner = { id: hex(), name: 'Index Check', key: 'index check', createdOn: TODAY };
      await partners.insert(partner);
      await partners.findById(partner.id);
      await partners.listAll();
    },
    StatsReleasesRepository: async () => {
      const releases = new StatsReleasesRepository(connection);
      await releases.insert({
        id: hex(),
        createdAt: new Date(),
        actor: 'index-check',
        audience: 'public',
        partnerId: null,
        partner: null,
        shape: {
          columns: 'category',
          periodUnit: 'month',
          from: '2025-01',
          to: '2025-01',
          filter: null,
          columnKeys: [],
        },
        k: 10,
        roundingBase: 5,
        epsilon: null,
        suppressed: [],
        sha256: { csv: '', json: '', svg: '', timelineSvg: '' },
      });
      await releases.listAll();
    },
    StoredCiphertextRepository: async () => {
      const ciphertext = new StoredCiphertextRepository(connection);
      const reports = new ReportRepository(connection);
      const report = storedReport();
      await reports.insert(report);
      const parts = new AttachmentPartsRepository(connection);
      await parts.insert(
        { caseId, attachmentId, index: 0, message, sha256: 'a'.repeat(64), recipientKeyIds: ['k'] },
        hex(),
      );
      const messages = new CaseMessagesRepository(connection);
      const { stored } = await messages.append(
        caseId,
        { author: 'reporter', internal: false, message, recipientKeyIds: ['k'], sentOn: TODAY },
        hex(),
      );
      const refs = [
        { kind: 'report', caseId },
        { kind: 'caseMessage', id: stored.id },
        { kind: 'attachmentPart', attachmentId, index: 0 },
      ] as const;
      for (const ref of refs) {
        await ciphertext.read(ref);
        await ciphertext.rewriteIfUnchanged(ref, message, { message, recipientKeyIds: ['k'] });
        await ciphertext.listNamingAnyKey(ref.kind, ['k', 'j']);
      }
      await reports.delete(caseId);
      await parts.deleteAllOfCase(caseId);
      await messages.deleteAllOfCase(caseId);
    },
    CaseLinksRepository: async () => {
      const links = new CaseLinksRepository(connection);
      await links.ensureIndexes();
      const tokens = ['a'.repeat(43), 'b'.repeat(43)];
      const next = { caseId, keyVersion: 1, tokens, identifiers: message };
      await links.writeIfUnchanged(caseId, null, next);
      await links.writeIfUnchanged(caseId, await links.findOfCase(caseId), next);
      await links.replace(next);
      await links.holdingAny(tokens, 1);
      await links.tokensOfCases([caseId, hex()], 1);
      await links.listOfKeyVersions([1, 2]);
      await links.listOfKeyVersionsFrom(1);
      await links.deleteOfCase(caseId);
      await links.deleteOutsideKeyVersions(1, 1);
    },
    LinkingKeysRepository: async () => {
      const keys = new LinkingKeysRepository(connection);
      await keys.insertFirst(message);
      await keys.findCurrent();
      await keys.replaceWrapping(1, message);
      await keys.retireCurrent();
      await keys.beginRotation(1, 2, message);
      await keys.finishRotation(1, 2, message);
    },
    CasesRepository: async () => {
      for (const engine of [MONGODB, FERRETDB_V1]) {
        const cases = new CasesRepository(connection, engine);
        await cases.prepare();
        await cases.ensure(caseId, TODAY);
        const record = (await cases.findById(caseId))!;
        await cases.updateAtRevision(record, { priority: 'urgent' });
        await cases.updateAtRevision({ ...record, revision: 1 }, { priority: 'low' });
        for (const page of inboxPageShapes()) await cases.listInboxPage(page);
        await cases.countCodedCases('2025-01', '2025-03');
        await cases.listExpired(TODAY);
        await cases.recordThreadMessage(caseId, { seq: 1, author: 'reporter', internal: false });
        await cases.recordEmptyThread(caseId);
        for await (const _id of cases.idsWithoutThreadFields()) break;
        await cases.delete(caseId);
      }
    },
    MongoRateLimitStore: async () => {
      const store = new MongoRateLimitStore(connection, 'index-check');
      await store.prepare();
      store.init({ limit: 2, windowMs: 60_000 } as Parameters<MongoRateLimitStore['init']>[0]);
      await store.increment('address');
      await store.increment('address');
      await store.increment('address');
      await store.decrement('address');
      await store.resetKey('address');
    },
    SingleUseMarks: async () => {
      await new SingleUseMarks(connection).claim(hex(), inAWhile());
    },
    Expiry: async () => {
      const expiry = new Expiry(connection);
      await expiry.declare(await engineOf(connection));
      await expiry.sweep();
    },
  };
}

/** Every shape an inbox page takes: inbox keys (none, one, several) × ranges × sort orders. */
function inboxPageShapes(): InboxPageQuery[] {
  const filters = [
    {},
    { label: 'visa' },
    { assigneeId: null, label: 'visa', priority: 'urgent' },
  ] as const;
  const ranges = [
    {},
    { deadlineBefore: TODAY },
    { receivedFrom: '2026-01-01' },
    { receivedTo: TODAY },
    { deadlineBefore: TODAY, receivedFrom: '2026-01-01', receivedTo: TODAY },
  ];
  return filters.flatMap((filter) =>
    ranges.flatMap((range) =>
      (['urgency', 'deadline', 'received'] as const).map((sort) => ({
        statuses: CASE_STATUSES,
        ...filter,
        ...range,
        sort,
        skip: 50,
        limit: 50,
      })),
    ),
  );
}

/** The classes a drive must cover: every *Repository a repository file exports, and the stores. */
function classesToDrive(): Map<string, { prototype: object }> {
  const features = join(__dirname, '../../server/features');
  const classes = new Map<string, { prototype: object }>();
  for (const feature of readdirSync(features)) {
    for (const file of readdirSync(join(features, feature))) {
      if (!file.endsWith('.repository.ts')) continue;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(join(features, feature, file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(exported)) {
        if (name.endsWith('Repository') && typeof value === 'function') {
          classes.set(name, value);
        }
      }
    }
  }
  for (const store of [MongoRateLimitStore, SingleUseMarks, Expiry]) classes.set(store.name, store);
  return classes;
}

// --- the test

describe('every query has an index', () => {
  let t: TestApp;
  const indexes = new Map<string, DeclaredIndex[]>();
  const commands: { by: string; event: CommandStartedEvent }[] = [];
  const calls = new Map<string, number>();
  let driving = '';

  beforeAll(async () => {
    const uri = new URL(testDatabaseUri('index-check'));
    uri.searchParams.set('monitorCommands', 'true');
    t = await createTestApp({ label: 'index-check', caseworkers: 1, mongodbUri: uri.toString() });
    const db = t.connection.db!;
    for (const { name } of await db.listCollections().toArray()) {
      indexes.set(
        name,
        (await db.collection(name).listIndexes().toArray()).map((index) => ({
          name: String(index['name']),
          key: Object.entries(index['key'] as Record<string, number>),
          sparse: index['sparse'] === true,
          partial: index['partialFilterExpression'] !== undefined,
        })),
      );
    }
  });
  afterAll(async () => {
    await t.close();
  });

  test('when every repository method runs then each query it sends is served by a declared index', async () => {
    const classes = classesToDrive();
    for (const [className, { prototype }] of classes) {
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(prototype, method)!;
        if (method === 'constructor' || typeof descriptor.value !== 'function') continue;
        const original = descriptor.value as (...args: unknown[]) => unknown;
        const label = `${className}.${method}`;
        calls.set(label, 0);
        Object.defineProperty(prototype, method, {
          ...descriptor,
          value(this: unknown, ...args: unknown[]) {
            calls.set(label, calls.get(label)! + 1);
            return original.apply(this, args);
          },
        });
      }
    }
    t.connection.getClient().on('commandStarted', (event) => commands.push({ by: driving, event }));

    const all = drives(t);
    expect(Object.keys(all).sort()).toEqual([...classes.keys()].sort());
    for (const [className, drive] of Object.entries(all)) {
      driving = className;
      await drive();
    }
    driving = '';

    const notCalled = [...calls].filter(([, count]) => count === 0).map(([label]) => label);
    expect(notCalled).toEqual([]);

    const unserved = new Set<string>();
    const exemptionsUsed = new Set<string>();
    for (const { by, event } of commands) {
      for (const shape of shapesOf(event)) {
        const described = describeShape(shape);
        const declared = indexes.get(shape.collection) ?? [
          { name: '_id_', key: [['_id', 1]], sparse: false, partial: false },
        ];
        if (servingIndex(shape, declared) !== null) continue;
        if (EXEMPT.some((exempt) => exempt.shape === described)) {
          exemptionsUsed.add(described);
          continue;
        }
        unserved.add(`${by}: ${described}`);
      }
    }
    expect([...unserved].sort()).toEqual([]);
    // An exemption nothing needs any more goes too.
    expect([...exemptionsUsed].sort()).toEqual(EXEMPT.map((exempt) => exempt.shape).sort());
  });

  test.each([
    [
      'an inbox page by urgency',
      true,
      shapeOf('cases', 'find', { inboxKeys: 'any', status: { $in: ['new'] } }, URGENCY),
    ],
    [
      'the same page without its status list',
      false,
      shapeOf('cases', 'find', { inboxKeys: 'any' }, URGENCY),
    ],
    [
      'a sort the index does not hold',
      false,
      shapeOf('cases', 'find', { inboxKeys: 'any', status: { $in: ['new'] } }, { hostCountry: 1 }),
    ],
    [
      'a range on a field not in the index',
      false,
      shapeOf(
        'cases',
        'find',
        { inboxKeys: 'any', status: { $in: ['new'] }, closedOn: { $lt: TODAY } },
        { receivedOn: -1, _id: 1 },
      ),
    ],
    [
      'a bare range over the statistics index',
      true,
      shapeOf('cases', 'aggregate', { incidentMonth: { $gte: '2025-01' } }),
    ],
    ['a range that bounds nothing', false, shapeOf('cases', 'find', { closedOn: { $lt: TODAY } })],
    ['an unfiltered read', false, shapeOf('cases', 'find', {})],
    [
      'a read by _id with anything else',
      true,
      shapeOf('cases', 'update', { _id: 'x', revision: 3 }),
    ],
    [
      'an $or whose every branch is served',
      true,
      shapeOf('cases', 'find', {
        $or: [{ status: 'closed', legalHold: false }, { incidentMonth: '2025-01' }],
      }),
    ],
    [
      'an $or with a branch that is not',
      false,
      shapeOf('cases', 'find', {
        $or: [{ status: 'closed', legalHold: false }, { hostCountry: 'DE' }],
      }),
    ],
  ])('the rule: %s is served: %s', (_name, served, shape) => {
    expect(servingIndex(shape, indexes.get('cases')!) !== null).toBe(served);
  });
});
