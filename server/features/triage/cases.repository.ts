import type { Collection } from 'mongodb';
import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';
import { caseModel, type CaseDocument } from './case.model';
import { CASE_PRIORITIES } from './triage-codes';

export type CaseRecord = Readonly<Omit<CaseDocument, '_id' | 'priorityRank' | 'revision'>> & {
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
  Omit<CaseDocument, '_id' | 'receivedOn' | 'priorityRank' | 'revision'>
>;

export class CasesRepository {
  private readonly model;

  constructor(connection: Connection) {
    this.model = caseModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Creates the triage record of a new case once; a retried submission changes nothing. */
  async ensure(caseId: string, receivedOn: string): Promise<void> {
    // A plain insert, not an upsert: mongoose drops null and empty fields from $setOnInsert.
    const collection = this.model.collection as unknown as Collection<CaseDocument>;
    try {
      await collection.insertOne(
        {
          _id: caseId,
          receivedOn,
          status: 'new',
          outcome: null,
          priority: 'normal',
          priorityRank: CASE_PRIORITIES.indexOf('normal'),
          deadline: null,
          assigneeId: null,
          labels: [],
          incidentCategory: null,
          hostCountry: null,
          incidentMonth: null,
          legalHold: false,
          closedOn: null,
          revision: 0,
        },
        { writeConcern: DURABLE_WRITE },
      );
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
    }
  }

  async findById(caseId: string): Promise<CaseRecord | null> {
    const document = await this.model.findById(caseId).lean<CaseDocument>().exec();
    return document ? toRecord(document) : null;
  }

  /**
   * Applies `changes` only if the record is still at `revision`, and moves it to the next one;
   * false when another change came first. MongoDB decides a race atomically; FerretDB v1 reads
   * then writes, so two racing changes may both apply there (each audited, the last one wins).
   */
  async updateAtRevision(caseId: string, revision: number, changes: CaseChanges): Promise<boolean> {
    const set: Record<string, unknown> = { ...changes, revision: revision + 1 };
    if (changes.priority) set['priorityRank'] = CASE_PRIORITIES.indexOf(changes.priority);
    const atRevision =
      revision === 0 ? { $or: [{ revision: 0 }, { revision: { $exists: false } }] } : { revision };
    const collection = this.model.collection as unknown as Collection<CaseDocument>;
    const result = await collection.updateOne(
      { _id: caseId, ...atRevision },
      { $set: set },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  /** Every triage record (small documents; the inbox filters them in memory: case-snapshot.ts). */
  async listAll(): Promise<CaseRecord[]> {
    const documents = await this.model.find({}).lean<CaseDocument[]>().exec();
    return documents.map(toRecord);
  }

  /**
   * Statistics: coded cases (category, country and month all set) counted per combination of
   * codes, for incident months in [fromMonth, toMonth]. Counted here, from a projected cursor,
   * not with $group: FerretDB v1 runs a $group on a compound key ~30 times slower than a plain
   * scan (measured by scripts/bench/stats.ts); MongoDB streams the four fields just as fast.
   */
  async countCodedCases(fromMonth: string, toMonth: string): Promise<CodedCaseCount[]> {
    const collection = this.model.collection as unknown as Collection<CaseDocument>;
    const cursor = collection.find(
      {
        incidentMonth: { $gte: fromMonth, $lte: toMonth },
        incidentCategory: { $ne: null },
        hostCountry: { $ne: null },
      },
      {
        projection: { _id: 0, incidentMonth: 1, incidentCategory: 1, hostCountry: 1, outcome: 1 },
        batchSize: 10_000,
      },
    );
    const counts = new Map<string, CodedCaseCount>();
    for await (const document of cursor) {
      const { incidentMonth, incidentCategory, hostCountry, outcome } = document;
      if (!incidentMonth || !incidentCategory || !hostCountry) continue;
      const key = `${incidentMonth}|${incidentCategory}|${hostCountry}|${outcome ?? ''}`;
      const entry = counts.get(key);
      if (entry) entry.count += 1;
      else {
        counts.set(key, {
          month: incidentMonth,
          category: incidentCategory,
          country: hostCountry,
          outcome: outcome ?? null,
          count: 1,
        });
      }
    }
    return [...counts.values()];
  }

  /** Retention: closed cases, closed on or before `closedOnOrBefore`, not on legal hold. */
  async listExpired(closedOnOrBefore: string): Promise<string[]> {
    const documents = await this.model
      .find(
        {
          status: 'closed',
          legalHold: false,
          closedOn: trusted({ $ne: null, $lte: closedOnOrBefore }),
        },
        { _id: 1 },
      )
      .lean<Pick<CaseDocument, '_id'>[]>()
      .exec();
    return documents.map((document) => document._id);
  }

  async delete(caseId: string): Promise<void> {
    await this.model.deleteOne({ _id: caseId }, { writeConcern: DURABLE_WRITE }).exec();
  }
}

function toRecord(document: CaseDocument): CaseRecord {
  const { _id, priorityRank: _rank, revision, ...rest } = document;
  return { caseId: _id, ...rest, revision: revision ?? 0 };
}
