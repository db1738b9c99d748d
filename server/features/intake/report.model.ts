import { collectionSchema, modelOn } from '../../platform/db';
import { optional, required } from '../../platform/schema-fields';

/**
 * A stored report: ciphertext plus the plaintext that SECURITY.md allows. No timestamps (mongoose
 * `timestamps` off, and `_id` is random rather than an ObjectId, which embeds the creation time).
 */
export interface ReportDocument {
  _id: string; // case id: derived from the random submissionId (intake.service deriveCaseId)
  submissionId: string;
  requestDigest: string; // SHA-256 of the submission, to recognise an identical retry
  message: Buffer; // the exact OpenPGP packet bytes received
  recipientKeyIds: string[];
  directoryVersion: number;
  replyKey: string;
  replyKeyIds: string[]; // encryption key ids of the reply key: replies must name one
  replySecretKey?: string; // passphrase-protected (receipt-derived); the server cannot unlock it
  receiptVerifierHash: string;
  receivedOn: string; // YYYY-MM-DD only
  /**
   * False from the insert until the case record exists (a report and its case are two writes):
   * the repair finds reports an app left without a case by this flag (intake.service.ts).
   * Absent on reports stored before the flag existed: opened.
   */
  caseOpened?: boolean;
}

const reportSchema = collectionSchema<ReportDocument>('reports', {
  _id: required(String),
  submissionId: required(String),
  requestDigest: required(String),
  message: required(Buffer),
  recipientKeyIds: required([String]),
  directoryVersion: required(Number),
  replyKey: required(String),
  replyKeyIds: required([String]),
  replySecretKey: optional(String),
  receiptVerifierHash: required(String),
  receivedOn: required(String),
  caseOpened: optional(Boolean),
});
// Idempotency rests on unique indexes, not transactions: FerretDB v1 has no multi-document transactions.
reportSchema.index({ submissionId: 1 }, { unique: true });
reportSchema.index({ receiptVerifierHash: 1 }, { unique: true });
// Offboarding: the reports that name a departing caseworker's keys.
reportSchema.index({ recipientKeyIds: 1, _id: 1 });
reportSchema.index({ caseOpened: 1 });

export const reportModel = modelOn<ReportDocument>('Report', reportSchema);
