import { collectionSchema, modelOn } from '../../platform/db';
import { optional, required } from '../../platform/schema-fields';

/**
 * One case's link tokens (keyed hashes of the identifiers a caseworker confirmed, under linking
 * key `keyVersion`) and those identifiers, signed and encrypted to the directory's caseworkers for
 * the next rotation. Two cases that hold the same token share an identifier; nothing here says
 * which, to anyone without the linking key.
 */
export interface CaseLinkDocument {
  _id: string; // the case id
  keyVersion: number;
  tokens: string[];
  identifiers: Buffer;
  /**
   * Names the write that stored this (random); a writer claims it before replacing the document,
   * so of two writers who read the same document only one writes. Absent before claims were.
   */
  write?: string;
}

const caseLinkSchema = collectionSchema<CaseLinkDocument>('case_links', {
  _id: required(String),
  keyVersion: required(Number),
  tokens: required([String]),
  identifiers: required(Buffer),
  write: optional(String),
});
// The cases holding any of a case's tokens; and every case of one key version, for rotation.
caseLinkSchema.index({ tokens: 1 });
caseLinkSchema.index({ keyVersion: 1 });

export const caseLinkModel = modelOn<CaseLinkDocument>('CaseLink', caseLinkSchema);
