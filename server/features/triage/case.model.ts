import { Schema, type Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';
import {
  CASE_OUTCOMES,
  CASE_PRIORITIES,
  CASE_STATUSES,
  INCIDENT_CATEGORIES,
  type CaseOutcome,
  type CasePriority,
  type CaseStatus,
  type IncidentCategory,
} from './triage-codes';

/**
 * The plaintext triage record of a case, apart from its ciphertext: small documents, so the inbox
 * filters and sorts without reading report bytes (FerretDB v1 scans whole documents).
 */
export interface CaseDocument {
  _id: string; // case id
  receivedOn: string; // YYYY-MM-DD
  status: CaseStatus;
  outcome: CaseOutcome | null;
  priority: CasePriority;
  priorityRank: number; // index in CASE_PRIORITIES, for sorting
  deadline: string | null; // YYYY-MM-DD, e.g. a hearing or deportation date
  assigneeId: string | null;
  labels: string[];
  incidentCategory: IncidentCategory | null;
  hostCountry: string | null;
  incidentMonth: string | null; // YYYY-MM
  legalHold: boolean;
  closedOn: string | null; // YYYY-MM-DD; retention counts from here
  /**
   * Triage changes applied so far (absent on records from before it was kept: 0). A change is
   * applied only to the revision it was audited against, so each audit entry names one change.
   */
  revision?: number;
}

const caseSchema = new Schema<CaseDocument>(
  {
    _id: { type: String, required: true },
    receivedOn: { type: String, required: true },
    status: { type: String, required: true, enum: CASE_STATUSES },
    outcome: { type: String, default: null, enum: [...CASE_OUTCOMES, null] },
    priority: { type: String, required: true, enum: CASE_PRIORITIES },
    priorityRank: { type: Number, required: true },
    deadline: { type: String, default: null },
    assigneeId: { type: String, default: null },
    labels: { type: [String], required: true },
    incidentCategory: { type: String, default: null, enum: [...INCIDENT_CATEGORIES, null] },
    hostCountry: { type: String, default: null },
    incidentMonth: { type: String, default: null },
    legalHold: { type: Boolean, required: true },
    closedOn: { type: String, default: null },
    revision: { type: Number, required: false },
  },
  { collection: 'cases', versionKey: false, strict: 'throw', writeConcern: DURABLE_WRITE },
);
caseSchema.index({ status: 1, priorityRank: 1, receivedOn: 1 });
// Statistics read coded cases by incident month (MongoDB; FerretDB v1 scans anyway).
caseSchema.index({ incidentMonth: 1 });

export function caseModel(connection: Connection) {
  return connection.model<CaseDocument>('Case', caseSchema, undefined, { overwriteModels: true });
}
