import type { Collection } from 'mongodb';
import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';
import { caseModel, type CaseDocument } from './case.model';
import { CASE_PRIORITIES, type CaseStatus } from './triage-codes';

export type CaseRecord = Readonly<Omit<CaseDocument, '_id' | 'priorityRank'>> & {
  readonly caseId: string;
};

export interface CaseFilter {
  readonly statuses?: readonly CaseStatus[];
  readonly priority?: string;
  /** An account id, or null for unassigned cases. */
  readonly assigneeId?: string | null;
  readonly label?: string;
  /** Cases with a deadline before this day that are not closed. */
  readonly overdueBefore?: string;
  readonly receivedFrom?: string;
  readonly receivedTo?: string;
}

export type CaseSort = 'urgency' | 'deadline' | 'received';

const SORTS: Record<CaseSort, Record<string, 1 | -1>> = {
  urgency: { priorityRank: 1, deadline: 1, receivedOn: 1, _id: 1 },
  deadline: { deadline: 1, priorityRank: 1, _id: 1 },
  received: { receivedOn: -1, _id: 1 },
};

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

  async list(
    filter: CaseFilter,
    sort: CaseSort,
    page: number,
    pageSize: number,
  ): Promise<{ records: CaseRecord[]; total: number }> {
    const query = toQuery(filter);
    const [documents, total] = await Promise.all([
      this.model
        .find(query)
        .sort(SORTS[sort])
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<CaseDocument[]>()
        .exec(),
      this.model.countDocuments(query).exec(),
    ]);
    return { records: documents.map(toRecord), total };
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

function toQuery(filter: CaseFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.statuses?.length) query['status'] = trusted({ $in: [...filter.statuses] });
  if (filter.priority) query['priority'] = filter.priority;
  if (filter.assigneeId !== undefined) query['assigneeId'] = filter.assigneeId;
  if (filter.label) query['labels'] = filter.label;
  if (filter.overdueBefore) {
    query['deadline'] = trusted({ $ne: null, $lt: filter.overdueBefore });
    if (!filter.statuses?.length) query['status'] = trusted({ $ne: 'closed' });
  }
  if (filter.receivedFrom || filter.receivedTo) {
    query['receivedOn'] = trusted({
      ...(filter.receivedFrom ? { $gte: filter.receivedFrom } : {}),
      ...(filter.receivedTo ? { $lte: filter.receivedTo } : {}),
    });
  }
  return query;
}

function toRecord(document: CaseDocument): CaseRecord {
  const { _id, priorityRank: _rank, ...rest } = document;
  return { caseId: _id, ...rest };
}
