import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { bytesOf, DURABLE_WRITE } from '../../platform/db';
import { reportModel, type ReportDocument } from './report.model';

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

export class ReportRepository {
  private readonly model;

  constructor(connection: Connection) {
    this.model = reportModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Inserts with a durable write concern; resolves only once the write is majority-acknowledged and journaled. */
  async insert(report: StoredReport): Promise<InsertOutcome> {
    try {
      await (this.model.collection as unknown as Collection<ReportDocument>).insertOne(
        toDocument(report),
        { writeConcern: DURABLE_WRITE },
      );
      return 'inserted';
    } catch (error) {
      if ((error as { code?: unknown }).code !== 11000) throw error;
      const keyPattern = (error as { keyPattern?: Record<string, unknown> }).keyPattern ?? {};
      if ('receiptVerifierHash' in keyPattern) return 'duplicate_receipt_verifier';
      // FerretDB does not always report keyPattern: tell the cases apart by looking.
      const sameSubmission = await this.findByCaseId(report.caseId);
      return sameSubmission ? 'duplicate_submission' : 'duplicate_receipt_verifier';
    }
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

  /** Offboarding: case ids of the reports whose message names any of these encryption key ids. */
  async listCaseIdsNamingAnyKey(keyIds: readonly string[]): Promise<string[]> {
    const documents = await this.collection()
      .find({ recipientKeyIds: { $in: [...keyIds] } }, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray();
    return documents.map((document) => document._id);
  }

  /**
   * Offboarding: replaces the message and its recipient key ids, durably, only if the stored bytes
   * are still `expected`. False when they changed (read again and retry) or the report is gone.
   * MongoDB applies the condition atomically; FerretDB v1 reads then writes, so read back after.
   */
  async replaceMessageIfUnchanged(
    caseId: string,
    expected: Uint8Array,
    next: { readonly message: Uint8Array; readonly recipientKeyIds: readonly string[] },
  ): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: caseId, message: Buffer.from(expected) },
      { $set: { message: Buffer.from(next.message), recipientKeyIds: [...next.recipientKeyIds] } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  /** Retention: the report, its reply keys and receipt verifier hash go together. */
  async delete(caseId: string): Promise<void> {
    await this.collection().deleteOne({ _id: caseId }, { writeConcern: DURABLE_WRITE });
  }

  private collection(): Collection<ReportDocument> {
    return this.model.collection as unknown as Collection<ReportDocument>;
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
  };
}

function toStoredReport(document: ReportDocument): StoredReport {
  return {
    caseId: document._id,
    submissionId: document.submissionId,
    requestDigest: document.requestDigest,
    message: bytesOf(document.message),
    recipientKeyIds: document.recipientKeyIds,
    directoryVersion: document.directoryVersion,
    replyKey: document.replyKey,
    replyKeyIds: document.replyKeyIds,
    replySecretKey: document.replySecretKey,
    receiptVerifierHash: document.receiptVerifierHash,
    receivedOn: document.receivedOn,
  };
}
