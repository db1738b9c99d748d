import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';
import { auditEntryModel, type AuditEntryDocument } from './audit-entry.model';

export interface AuditEntry {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly event: string;
  readonly details: Readonly<Record<string, string>>;
  readonly previousHash: string;
  readonly hash: string;
}

export class AuditLogRepository {
  private readonly collection: Collection<AuditEntryDocument>;

  constructor(connection: Connection) {
    this.collection = auditEntryModel(connection)
      .collection as unknown as Collection<AuditEntryDocument>;
  }

  /** A case's history is looked up by reference (MongoDB uses the index; FerretDB v1 scans). */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ 'details.case': 1 }, { sparse: true });
  }

  async findLast(): Promise<AuditEntry | null> {
    const document = await this.collection.find({}).sort({ _id: -1 }).limit(1).next();
    return document ? toEntry(document) : null;
  }

  /** 'taken' when another writer appended this sequence number first. */
  async insert(entry: AuditEntry): Promise<'inserted' | 'taken'> {
    try {
      await this.collection.insertOne(
        {
          _id: entry.seq,
          at: entry.at,
          actor: entry.actor,
          event: entry.event,
          details: { ...entry.details },
          previousHash: entry.previousHash,
          hash: entry.hash,
        },
        { writeConcern: DURABLE_WRITE },
      );
      return 'inserted';
    } catch (error) {
      if ((error as { code?: unknown }).code === 11000) return 'taken';
      throw error;
    }
  }

  /** Entries about one case (`details.case` is its case reference), oldest first. */
  async listForCase(caseRef: string): Promise<AuditEntry[]> {
    const documents = await this.collection
      .find({ 'details.case': caseRef })
      .sort({ _id: 1 })
      .toArray();
    return documents.map(toEntry);
  }

  /** Every entry in sequence order, streamed. */
  async *listInOrder(): AsyncGenerator<AuditEntry> {
    for await (const document of this.collection.find({}).sort({ _id: 1 })) yield toEntry(document);
  }
}

function toEntry(document: AuditEntryDocument): AuditEntry {
  return {
    seq: document._id,
    at: document.at,
    actor: document.actor,
    event: document.event,
    details: document.details,
    previousHash: document.previousHash,
    hash: document.hash,
  };
}
