import type { AnyBulkWriteOperation, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { dropIndexesIfPresent, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import { engineOf, type DatabaseEngine } from '../../platform/engine';
import {
  ANY_CASE,
  assigneeKey,
  caseModel,
  INBOX_SORTS,
  inboxFieldsOf,
  labelKey,
  OBSOLETE_CASE_INDEXES,
  priorityKey,
  type CaseDocument,
  type InboxFields,
  type ThreadFields,
} from './case.model';
import type { CasePriority, CaseStatus } from './triage-codes';

export type CaseRecord = Readonly<Omit<CaseDocument, '_id' | 'revision' | keyof InboxFields>> & {
  readonly caseId: string;
  readonly revision: number;
};

export interface CodedCaseCount {
  month: string;
  category: string;
  country: string;
  outcome: string | null; // null while the case is open
  count: number;
}

export type CaseChanges = Partial<
  Omit<CaseDocument, '_id' | 'receivedOn' | 'revision' | keyof InboxFields | keyof ThreadFields>
>;

/** A thread message as the case record keeps track of it (case.model.ts ThreadFields). */
export interface ThreadMessageRef {
  readonly seq: number;
  readonly author: 'reporter' | 'caseworker';
  readonly internal: boolean;
}

export type InboxSort = keyof typeof INBOX_SORTS;

/** Records given their inbox fields per write at start (one-off, after an upgrade). */
const BACKFILL_BATCH = 500;

/** One page of the inbox, as the database is asked for it (triage.service.ts builds it). */
export interface InboxPageQuery {
  /** Never empty to mean "any": every status is listed then, so the indexes serve the sort. */
  readonly statuses: readonly CaseStatus[];
  readonly priority?: CasePriority;
  /** An account id; null: unassigned; absent: anyone. */
  readonly assigneeId?: string | null;
  readonly label?: string;
  /** Only cases with a deadline before this day (YYYY-MM-DD). */
  readonly deadlineBefore?: string;
  readonly receivedFrom?: string;
  readonly receivedTo?: string;
  /** Only cases whose latest message the reporter sees is the reporter's (or with no reply yet). */
  readonly awaitingReply?: true;
  readonly sort: InboxSort;
  readonly skip: number;
  readonly limit: number;
}

export class CasesRepository extends repositoryOver(caseModel) {
  /**
   * `engine`: the engine to write queries for; asked of the server when not given (a test pins
   * one to run the other engine's path on the same data).
   */
  constructor(
    private readonly connection: Connection,
    private readonly engine?: DatabaseEngine,
  ) {
    super(connection);
  }

  /**
   * At start: the declared indexes, without those earlier versions declared, and the inbox
   * fields of records written before they existed (case.model.ts InboxFields).
   */
  async prepare(): Promise<void> {
    await this.ensureIndexes();
    await dropIndexesIfPresent(this.collection(), OBSOLETE_CASE_INDEXES);
    await this.addMissingInboxFields();
  }

  /**
   * Creates the triage record of a new case once; a retried submission changes nothing. True
   * when this call created it (what the new-report alert counts).
   */
  async ensure(caseId: string, receivedOn: string): Promise<boolean> {
    // A plain insert, not an upsert: mongoose drops null and empty fields from $setOnInsert.
    const triage: Omit<CaseDocument, '_id' | 'revision' | keyof InboxFields> = {
      receivedOn,
      status: 'new',
      outcome: null,
      priority: 'normal',
      deadline: null,
      assigneeId: null,
      labels: [],
      incidentCategory: null,
      hostCountry: null,
      incidentMonth: null,
      legalHold: false,
      closedOn: null,
    };
    try {
      await this.collection().insertOne(
        { _id: caseId, ...triage, ...inboxFieldsOf(triage), revision: 0 },
        { writeConcern: DURABLE_WRITE },
      );
      return true;
    } catch (error) {
      // Only this case id taken means "already opened": a clash on any other unique key would leave
      // the report with no case. FerretDB names no index in the error, so look for the record.
      if (!isDuplicateKeyError(error) || !(await this.findById(caseId))) throw error;
      return false;
    }
  }

  async findById(caseId: string): Promise<CaseRecord | null> {
    const document = await this.collection().findOne({ _id: caseId });
    return document ? toRecord(document) : null;
  }

  /**
   * Applies `changes` only if the record is still at `current`'s revision, and moves it to the
   * next one; false when another change came first. MongoDB decides a race atomically; FerretDB
   * v1 reads then writes, so two racing changes may both apply there (each audited, the last one
   * wins). The inbox fields are rewritten from `current` with the changes.
   */
  async updateAtRevision(current: CaseRecord, changes: CaseChanges): Promise<boolean> {
    const { revision } = current;
    const set = {
      ...changes,
      ...inboxFieldsOf({ ...current, ...changes }),
      revision: revision + 1,
    };
    const atRevision =
      revision === 0 ? { $or: [{ revision: 0 }, { revision: { $exists: false } }] } : { revision };
    const result = await this.collection().updateOne(
      { _id: current.caseId, ...atRevision },
      { $set: set },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  /**
   * Keeps the record's thread fields up to date with a message just stored (or replayed).
   * Each field only moves forward, to a higher `seq`, so messages recorded out of order (two
   * appends racing, a retry of an older one) leave the latest in place. A note changes nothing:
   * the reporter never sees it, so it neither answers nor is a follow-up. True when it recorded
   * a reporter's follow-up not recorded before (what the follow-up alert counts).
   */
  async recordThreadMessage(caseId: string, message: ThreadMessageRef): Promise<boolean> {
    if (message.internal) return false;
    const { seq } = message;
    const fromReporter = message.author === 'reporter';
    const newFollowUp =
      fromReporter && (await this.raiseThreadField(caseId, 'followUpSeq', seq, {}));
    await this.raiseThreadField(caseId, 'visibleSeq', seq, { awaitingReply: fromReporter });
    return newFollowUp;
  }

  /** One page of the inbox and how many records match in all: two indexed queries. */
  async listInboxPage(query: InboxPageQuery): Promise<{ records: CaseRecord[]; total: number }> {
    const filter = inboxFilterOf(query);
    const [documents, total] = await Promise.all([
      this.collection()
        .find(filter)
        .sort(INBOX_SORTS[query.sort])
        .skip(query.skip)
        .limit(query.limit)
        .toArray(),
      this.collection().countDocuments(filter),
    ]);
    return { records: documents.map(toRecord), total };
  }

  /**
   * Statistics: coded cases (category, country and month all set) counted per combination of
   * codes, for incident months in [fromMonth, toMonth], by the database: one `$group` over the
   * statistics index, at one point in time where the engine can (a replica set). FerretDB v1
   * groups in time proportional to documents × groups (engine.ts), so there it groups one month
   * at a time; a case recoded between two of those months' queries may then be counted in both
   * or neither (a local engine only).
   */
  async countCodedCases(fromMonth: string, toMonth: string): Promise<CodedCaseCount[]> {
    const engine = this.engine ?? (await engineOf(this.connection));
    const coded = { incidentCategory: { $ne: null }, hostCountry: { $ne: null } };
    const group = {
      $group: {
        _id: {
          month: '$incidentMonth',
          category: '$incidentCategory',
          country: '$hostCountry',
          outcome: '$outcome',
        },
        count: { $sum: 1 },
      },
    };
    type Row = {
      _id: { month: string; category: string; country: string; outcome?: string | null };
      count: number;
    };
    const rows: Row[] = [];
    if (engine.groupsInOnePass) {
      const match = { incidentMonth: { $gte: fromMonth, $lte: toMonth }, ...coded };
      rows.push(
        ...(await this.collection()
          .aggregate<Row>(
            [{ $match: match }, group],
            engine.hasSnapshotReads ? { readConcern: { level: 'snapshot' } } : {},
          )
          .toArray()),
      );
    } else {
      for (const month of monthsFrom(fromMonth, toMonth)) {
        const match = { incidentMonth: month, ...coded };
        rows.push(
          ...(await this.collection()
            .aggregate<Row>([{ $match: match }, group])
            .toArray()),
        );
      }
    }
    return rows.map(({ _id, count }) => ({
      month: _id.month,
      category: _id.category,
      country: _id.country,
      outcome: _id.outcome ?? null,
      count,
    }));
  }

  /** Retention: closed cases, closed on or before `closedOnOrBefore`, not on legal hold. */
  async listExpired(closedOnOrBefore: string): Promise<string[]> {
    const documents = await this.collection()
      .find(
        { status: 'closed', legalHold: false, closedOn: { $ne: null, $lte: closedOnOrBefore } },
        { projection: { _id: 1 } },
      )
      .toArray();
    return documents.map((document) => document._id);
  }

  /** The ids of records whose thread fields were never derived (visibleSeq absent). */
  async *idsWithoutThreadFields(): AsyncGenerator<string> {
    const missing = { visibleSeq: { $exists: false } };
    for await (const document of this.collection().find(missing, { projection: { _id: 1 } })) {
      yield document._id;
    }
  }

  /** Marks a record whose thread is empty as derived: nothing after the report (visibleSeq 0). */
  async recordEmptyThread(caseId: string): Promise<void> {
    await this.raiseThreadField(caseId, 'visibleSeq', 0, {});
  }

  /** Sets `field` to `seq` (and `also`) where it is absent or lower. */
  private async raiseThreadField(
    caseId: string,
    field: 'followUpSeq' | 'visibleSeq',
    seq: number,
    also: ThreadFields,
  ): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: caseId, $or: [{ [field]: { $exists: false } }, { [field]: { $lt: seq } }] },
      { $set: { [field]: seq, ...also } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  async delete(caseId: string): Promise<void> {
    await this.deleteDurably({ _id: caseId });
  }

  /**
   * Writes the inbox fields of records stored before they existed (found through the inbox
   * indexes: a missing `inboxKeys` is indexed as null). Each is written only while the fields it
   * is derived from are as read, so a change made meanwhile is never overwritten with stale keys.
   */
  private async addMissingInboxFields(): Promise<void> {
    const missing = { inboxKeys: null } as unknown as Filter<CaseDocument>;
    let batch: AnyBulkWriteOperation<CaseDocument>[] = [];
    const write = async () => {
      if (batch.length > 0) {
        await this.collection().bulkWrite(batch, { ordered: false, writeConcern: DURABLE_WRITE });
      }
      batch = [];
    };
    for await (const document of this.collection().find(missing)) {
      const { _id, priority, deadline, assigneeId, labels } = document;
      batch.push({
        updateOne: {
          filter: { _id, priority, deadline, assigneeId, labels, ...missing },
          update: { $set: inboxFieldsOf(document) },
        },
      });
      if (batch.length === BACKFILL_BATCH) await write();
    }
    await write();
  }
}

/**
 * The filter of an inbox page: its inbox keys (the most selective first, as MongoDB bounds an
 * `$all` by its first key), the statuses, then the ranges; served by the index of its sort.
 */
function inboxFilterOf(query: InboxPageQuery): Filter<CaseDocument> {
  const keys = [
    ...(query.assigneeId === undefined ? [] : [assigneeKey(query.assigneeId)]),
    ...(query.label === undefined ? [] : [labelKey(query.label)]),
    ...(query.priority === undefined ? [] : [priorityKey(query.priority)]),
  ];
  const filter: Filter<CaseDocument> = {
    inboxKeys: keys.length === 0 ? ANY_CASE : keys.length === 1 ? keys[0]! : { $all: keys },
    status: { $in: [...query.statuses] },
  };
  if (query.deadlineBefore !== undefined) filter.deadlineOrder = { $lt: query.deadlineBefore };
  // Checked on the records the sort's index yields (absent: no reply yet, so it is waiting).
  if (query.awaitingReply) filter.awaitingReply = { $ne: false };
  if (query.receivedFrom !== undefined || query.receivedTo !== undefined) {
    filter.receivedOn = {
      ...(query.receivedFrom === undefined ? {} : { $gte: query.receivedFrom }),
      ...(query.receivedTo === undefined ? {} : { $lte: query.receivedTo }),
    };
  }
  return filter;
}

/** Every month from `from` to `to` (YYYY-MM), both included. */
function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  const [year, month] = from.split('-').map(Number) as [number, number];
  for (let index = year * 12 + month - 1; ; index++) {
    const next = `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
    if (next > to) return months;
    months.push(next);
  }
}

function toRecord(document: CaseDocument): CaseRecord {
  const {
    _id,
    priorityRank: _rank,
    deadlineOrder: _order,
    inboxKeys: _keys,
    revision,
    ...rest
  } = document;
  return { caseId: _id, ...rest, revision: revision ?? 0 };
}
