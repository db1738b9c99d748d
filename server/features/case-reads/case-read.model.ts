import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';

/**
 * How far one caseworker has read one case: the `seq` of the last thread message the dashboard
 * showed them (0: the report alone). Nothing else: no time (a time of opening would bound when
 * the reporter's follow-up arrived), no content. The inbox compares it with the case record's
 * latest follow-up to mark what is new for this caseworker.
 */
export interface CaseReadDocument {
  /** `<case id>:<account id>`: FerretDB v1 reads a single `_id` through its index (engine.ts). */
  _id: string;
  caseId: string;
  caseworkerId: string;
  seenSeq: number;
}

const caseReadSchema = collectionSchema<CaseReadDocument>('case_reads', {
  _id: required(String),
  caseId: required(String),
  caseworkerId: required(String),
  seenSeq: required(Number),
});
// One mark per caseworker and case is the `_id` itself; retention deletes a case's marks by caseId.
caseReadSchema.index({ caseId: 1 });
// Offboarding and disabling an account delete that caseworker's marks.
caseReadSchema.index({ caseworkerId: 1 });

export const caseReadModel = modelOn<CaseReadDocument>('CaseRead', caseReadSchema);

export function caseReadIdOf(caseId: string, caseworkerId: string): string {
  return `${caseId}:${caseworkerId}`;
}
