import type { Collection } from 'mongodb';
import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';
import { caseModel, type CaseDocument } from './case.model';
import { CASE_PRIORITIES } from './triage-codes';

export type CaseRecord = Readonly<Omit<CaseDocument, '_id' | 'priorityRank'>> & {
  readonly caseId: string;
};

export interface CodedCaseCount {
  month: string;
  category: string;
  country: string;
  outcome: string | null; // null while the case is open
  count: number;
}

export type CaseChanges = Partial<Omit<CaseDocument, '_id' | 'receivedOn' | 'priorityRank'>>;

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

  async update(caseId: string, changes: CaseChanges): Promise<void> {
    const set: Record<string, unknown> = { ...changes };
    if (changes.priority) set['priorityRank'] = CASE_PRIORITIES.indexOf(changes.priority);
    await this.model
      .updateOne({ _id: caseId }, { $set: set }, { writeConcern: DURABLE_WRITE })
      .exec();
  }

  /** Every triage record (small documents; the inbox filters them in memory: case-snapshot.ts). */
  async listAll(): Promise<CaseRecord[]> {
    const documents = await this.model.find({}).lean<CaseDocument[]>().exec();
    return documents.map(toRecord);
  }

  /**
   * Statistics: coded cases (category, country and month all set) counted per combination of
   * codes, for incident months in [fromMonth, toMonth]. Grouped in the database: a million
   * cases come back as a few thousand rows.
   */
  async countCodedCases(fromMonth: string, toMonth: string): Promise<CodedCaseCount[]> {
    const rows = await this.model
      .aggregate<{ _id: { m: string; c: string; h: string; o: string | null }; n: number }>([
        {
          $match: {
            incidentMonth: { $gte: fromMonth, $lte: toMonth },
            incidentCategory: { $ne: null },
            hostCountry: { $ne: null },
          },
        },
        {
          $group: {
            _id: { m: '$incidentMonth', c: '$incidentCategory', h: '$hostCountry', o: '$outcome' },
            n: { $sum: 1 },
          },
        },
      ])
      .exec();
    return rows.map(({ _id, n }) => ({
      month: _id.m,
      category: _id.c,
      country: _id.h,
      outcome: _id.o ?? null,
      count: n,
    }));
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
  const { _id, priorityRank: _rank, ...rest } = document;
  return { caseId: _id, ...rest };
}
