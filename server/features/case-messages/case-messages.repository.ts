import { randomBytes } from 'node:crypto';
import { bytesOf, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import { caseMessageModel, type CaseMessageDocument } from './case-message.model';

export interface CaseMessage {
  readonly id: string;
  readonly seq: number;
  readonly author: 'reporter' | 'caseworker';
  /** A caseworker note: never shown to the reporter. */
  readonly internal: boolean;
  readonly message: Uint8Array;
  readonly recipientKeyIds: readonly string[];
  readonly sentOn: string;
}

export class CaseMessagesRepository extends repositoryOver(caseMessageModel) {
  /** Appends to the thread; the unique (caseId, seq) index settles concurrent appends. */
  /**
   * Appends to the thread. `messageKey`, when given, makes the append idempotent: a second append
   * with the same key returns the stored message ('replayed') instead of adding another.
   */
  async append(
    caseId: string,
    message: Omit<CaseMessage, 'seq' | 'id'>,
    messageKey?: string,
  ): Promise<{ stored: CaseMessage; replayed: boolean }> {
    const collection = this.collection();
    const id = messageKey ?? randomBytes(16).toString('hex');
    for (let attempt = 0; ; attempt++) {
      const seq = (await collection.countDocuments({ caseId })) + 1;
      try {
        await collection.insertOne(
          {
            _id: id,
            caseId,
            seq,
            author: message.author,
            internal: message.internal,
            message: Buffer.from(message.message),
            recipientKeyIds: [...message.recipientKeyIds],
            sentOn: message.sentOn,
          },
          { writeConcern: DURABLE_WRITE },
        );
        return { stored: { ...message, id, seq }, replayed: false };
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= 5) throw error;
        // Either the same message again (a retry) or a concurrent append took our seq.
        const earlier = await collection.findOne({ _id: id });
        if (earlier) return { stored: toCaseMessage(earlier), replayed: true };
      }
    }
  }

  async listThread(caseId: string): Promise<CaseMessage[]> {
    return (await this.findInOrder({ caseId }, { seq: 1 })).map(toCaseMessage);
  }

  /** Who wrote each message of the case and whether it is a note, in order; no bytes read. */
  async listThreadRefs(
    caseId: string,
  ): Promise<{ seq: number; author: 'reporter' | 'caseworker'; internal: boolean }[]> {
    const documents = await this.collection()
      .find({ caseId }, { projection: { seq: 1, author: 1, internal: 1 }, sort: { seq: 1 } })
      .toArray();
    return documents.map((document) => ({
      seq: document.seq,
      author: document.author,
      internal: document.internal ?? false,
    }));
  }

  /** The `seq` of the case's latest message; 0 when the thread is empty. */
  async latestSeq(caseId: string): Promise<number> {
    const latest = await this.collection().findOne(
      { caseId },
      { sort: { seq: -1 }, projection: { seq: 1 } },
    );
    return latest?.seq ?? 0;
  }

  async findById(id: string): Promise<(CaseMessage & { readonly caseId: string }) | null> {
    const document = await this.collection().findOne({ _id: id });
    return document ? { ...toCaseMessage(document), caseId: document.caseId } : null;
  }

  /** Retention: the whole thread of a case goes with it. */
  async deleteAllOfCase(caseId: string): Promise<number> {
    return await this.deleteDurably({ caseId });
  }
}

function toCaseMessage(document: CaseMessageDocument): CaseMessage {
  return {
    id: document._id,
    seq: document.seq,
    author: document.author,
    internal: document.internal ?? false,
    message: bytesOf(document.message),
    recipientKeyIds: document.recipientKeyIds,
    sentOn: document.sentOn,
  };
}
