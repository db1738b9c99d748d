import { Schema } from 'mongoose';
import { collectionSchema, modelOn } from '../../platform/db';
import { optional, required } from '../../platform/schema-fields';

/**
 * One audit entry. Append-only and hash-chained: each entry commits to the previous one's hash,
 * so changing or removing an entry breaks every later link. Staff actions only; never reporter
 * data (no case content, no reporter address, no receipt).
 */
export interface AuditEntryDocument {
  _id: number; // sequence, from 1; unique, so two writers cannot fork the chain
  at: Date;
  actor: string;
  event: string;
  details: Record<string, string>;
  previousHash: string;
  hash: string;
  /**
   * For an action that may be retried (a reply, a share): SHA-256 of the action's identity,
   * unique, so the same action appended again writes nothing. Absent on other entries.
   */
  key?: string;
}

const auditEntrySchema = collectionSchema<AuditEntryDocument>(
  'audit_log',
  {
    _id: required(Number),
    at: required(Date),
    actor: required(String),
    event: required(String),
    details: required(Schema.Types.Mixed),
    previousHash: required(String),
    hash: required(String),
    key: optional(String),
  },
  { minimize: false },
);

// A case's history: its entries by case reference, in sequence order.
auditEntrySchema.index({ 'details.case': 1, _id: 1 });
// An action appended again (a retry) is found by its key; the unique index is what makes a keyed
// append happen once: two instances appending the same action race on it, and only one insert
// can win (FerretDB v1 too). Sparse: most entries have no key.
auditEntrySchema.index({ key: 1 }, { unique: true, sparse: true });

/** Indexes earlier versions declared and nothing uses any more (dropped at start). */
export const OBSOLETE_AUDIT_INDEXES = ['details.case_1'];

export const auditEntryModel = modelOn<AuditEntryDocument>('AuditEntry', auditEntrySchema);
