import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';

/**
 * One message in a case's thread after the report: a reporter follow-up, a caseworker reply, or
 * an internal note (`internal`: caseworkers only, never shown to the reporter).
 * Ciphertext only; `seq` orders the thread without storing a time finer than the day.
 */
export interface CaseMessageDocument {
  _id: string; // 128 random bits, hex
  caseId: string;
  seq: number;
  author: 'reporter' | 'caseworker';
  internal?: boolean; // a caseworker note; absent on older documents
  message: Buffer; // exact OpenPGP packet bytes
  recipientKeyIds: string[];
  sentOn: string; // YYYY-MM-DD
}

const caseMessageSchema = collectionSchema<CaseMessageDocument>('case_messages', {
  _id: required(String),
  caseId: required(String),
  seq: required(Number),
  author: { ...required(String), enum: ['reporter', 'caseworker'] },
  internal: { type: Boolean, default: false },
  message: required(Buffer),
  recipientKeyIds: required([String]),
  sentOn: required(String),
});
// A case's thread in order; the unique pair settles two appends racing for one seq.
caseMessageSchema.index({ caseId: 1, seq: 1 }, { unique: true });
// Offboarding: the messages that name a departing caseworker's keys.
caseMessageSchema.index({ recipientKeyIds: 1, _id: 1 });

export const caseMessageModel = modelOn<CaseMessageDocument>('CaseMessage', caseMessageSchema);
