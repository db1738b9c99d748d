import { dropIndexesIfPresent, repositoryOver } from '../../platform/db';
import {
  auditEntryModel,
  OBSOLETE_AUDIT_INDEXES,
  type AuditEntryDocument,
} from './audit-entry.model';
import { copyFields } from '../../platform/copy-fields';

export interface AuditEntry {
  readonly seq: number;
  readonly at: Date;
  readonly actor: string;
  readonly event: string;
  readonly details: Readonly<Record<string, string>>;
  readonly previousHash: string;
  readonly hash: string;
  /** The hashed identity of an action that may be retried (audit-log.service.ts), if any. */
  readonly key?: string;
}

export class AuditLogRepository extends repositoryOver(auditEntryModel) {
  /** The declared indexes (audit-entry.model.ts), without those earlier versions declared. */
  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await dropIndexesIfPresent(this.collection(), OBSOLETE_AUDIT_INDEXES);
  }

  async findLast(): Promise<AuditEntry | null> {
    const document = await this.collection().find({}).sort({ _id: -1 }).limit(1).next();
    return document ? toEntry(document) : null;
  }

  async findByKey(key: string): Promise<AuditEntry | null> {
    const document = await this.collection().findOne({ key });
    return document ? toEntry(document) : null;
  }

  /**
   * 'taken' when another writer appended this sequence number, or an entry with this key, first
   * (the caller tells the two apart with findByKey).
   */
  async insert(entry: AuditEntry): Promise<'inserted' | 'taken'> {
    const inserted = await this.insertUnique({
      _id: entry.seq,
      at: entry.at,
      actor: entry.actor,
      event: entry.event,
      details: { ...entry.details },
      previousHash: entry.previousHash,
      hash: entry.hash,
      ...(entry.key === undefined ? {} : { key: entry.key }),
    });
    return inserted ? 'inserted' : 'taken';
  }

  /** Entries about one case (`details.case` is its case reference), oldest first. */
  async listForCase(caseRef: string): Promise<AuditEntry[]> {
    const documents = await this.collection()
      .find({ 'details.case': caseRef })
      .sort({ _id: 1 })
      .toArray();
    return documents.map(toEntry);
  }

  /** Every entry from sequence number `fromSeq` on (all of them by default), in order, streamed. */
  async *listInOrder(fromSeq = 1): AsyncGenerator<AuditEntry> {
    for await (const document of this.collection()
      .find({ _id: { $gte: fromSeq } })
      .sort({ _id: 1 }))
      yield toEntry(document);
  }
}

function toEntry(document: AuditEntryDocument): AuditEntry {
  return {
    seq: document._id,
    ...copyFields(document, ['at', 'actor', 'event', 'details', 'previousHash', 'hash']),
    ...(document.key === undefined ? {} : { key: document.key }),
  };
}
