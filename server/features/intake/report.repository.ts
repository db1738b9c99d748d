import { bytesOf, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import { engineOf } from '../../platform/engine';
import { reportModel, type ReportDocument } from './report.model';
import { copyFields } from '../../platform/copy-fields';

export interface StoredReport {
  readonly caseId: string;
  readonly submissionId: string;
  readonly requestDigest: string;
  readonly message: Uint8Array;
  readonly recipientKeyIds: readonly string[];
  readonly directoryVersion: number;
  readonly replyKey: string;
  readonly replyKeyIds: readonly string[];
  readonly replySecretKey?: string | undefined;
  readonly receiptVerifierHash: string;
  readonly receivedOn: string;
}

export type InsertOutcome = 'inserted' | 'duplicate_submission' | 'duplicate_receipt_verifier';

export class ReportRepository extends repositoryOver(reportModel) {
  /** Inserts with a durable write concern; resolves only once the write is majority-acknowledged and journaled. */
  async insert(report: StoredReport): Promise<InsertOutcome> {
    try {
      await this.collection().insertOne(toDocument(report), { writeConcern: DURABLE_WRITE });
      return 'inserted';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const keyPattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern ?? {};
      if ('receiptVerifierHash' in keyPattern) return 'duplicate_receipt_verifier';
      // FerretDB does not always report keyPattern: tell the cases apart by looking.
      const sameSubmission = await this.findByCaseId(report.caseId);
      return sameSubmission ? 'duplicate_submission' : 'duplicate_receipt_verifier';
    }
  }

  /**
   * Reports whose case record may not exist yet (the flag is cleared once it does): stored just
   * now by a request still under way, or left by an app that died between the two writes.
   */
  async listWithoutOpenedCase(limit: number): Promise<{ caseId: string; receivedOn: string }[]> {
    const documents = await this.collection()
      .find({ caseOpened: false }, { projection: { _id: 1, receivedOn: 1 } })
      .limit(limit)
      .toArray();
    return documents.map((document) => ({
      caseId: document._id,
      receivedOn: document.receivedOn,
    }));
  }

  /**
   * The report's case record exists. Not a durable write: should it be lost, the repair opens
   * the case again, which changes nothing.
   */
  async markCaseOpened(caseId: string): Promise<void> {
    await this.collection().updateOne(
      { _id: caseId },
      { $set: { caseOpened: true } },
      { writeConcern: { w: 1 } },
    );
  }

  /** The return path: a reporter presents the verifier derived from their receipt. */
  async findByReceiptVerifierHash(receiptVerifierHash: string): Promise<StoredReport | null> {
    const document = await this.model
      .findOne({ receiptVerifierHash })
      .lean<ReportDocument>()
      .exec();
    return document ? toStoredReport(document) : null;
  }

  async findByCaseId(caseId: string): Promise<StoredReport | null> {
    const document = await this.model.findById(caseId).lean<ReportDocument>().exec();
    return document ? toStoredReport(document) : null;
  }

  /**
   * The messages of these cases' reports (an inbox page): one `_id: { $in }` read, or, where the
   * engine scans for `$in` (FerretDB v1, engine.ts), one read by `_id` each.
   */
  async findMessagesByCaseIds(caseIds: readonly string[]): Promise<Map<string, Uint8Array>> {
    const projection = { projection: { message: 1 } };
    const documents = (await engineOf(this.model.db)).readsIdListsByIndex
      ? await this.collection()
          .find({ _id: { $in: [...caseIds] } }, projection)
          .toArray()
      : (
          await Promise.all(caseIds.map((_id) => this.collection().findOne({ _id }, projection)))
        ).filter((document) => document !== null);
    return new Map(documents.map((document) => [document._id, bytesOf(document.message)]));
  }

  /** Retention: the report, its reply keys and receipt verifier hash go together. */
  async delete(caseId: string): Promise<void> {
    await this.deleteDurably({ _id: caseId });
  }
}

function toDocument(report: StoredReport): ReportDocument {
  return {
    _id: report.caseId,
    submissionId: report.submissionId,
    requestDigest: report.requestDigest,
    message: Buffer.from(
      report.message.buffer,
      report.message.byteOffset,
      report.message.byteLength,
    ),
    recipientKeyIds: [...report.recipientKeyIds],
    directoryVersion: report.directoryVersion,
    replyKey: report.replyKey,
    replyKeyIds: [...report.replyKeyIds],
    ...(report.replySecretKey ? { replySecretKey: report.replySecretKey } : {}),
    receiptVerifierHash: report.receiptVerifierHash,
    receivedOn: report.receivedOn,
    caseOpened: false,
  };
}

function toStoredReport(document: ReportDocument): StoredReport {
  return {
    caseId: document._id,
    ...copyFields(document, ['submissionId', 'requestDigest']),
    message: bytesOf(document.message),
    ...copyFields(document, [
      'recipientKeyIds',
      'directoryVersion',
      'replyKey',
      'replyKeyIds',
      'replySecretKey',
      'receiptVerifierHash',
      'receivedOn',
    ]),
  };
}
