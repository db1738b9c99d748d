import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';

/**
 * One linking key version retired by an offboarding: its own document, inserted once (unique
 * _id), never updated. The key's document is rewritten whole by every share on FerretDB v1 (a
 * conditional update there is read-then-write), so a flag inside it could be put back to "live"
 * by a share that read it before the offboarding; nothing writes this one back.
 */
export interface LinkingKeyRetirementDocument {
  _id: number; // the key version
}

const linkingKeyRetirementSchema = collectionSchema<LinkingKeyRetirementDocument>(
  'linking_key_retirements',
  { _id: required(Number) },
);

export const linkingKeyRetirementModel = modelOn<LinkingKeyRetirementDocument>(
  'LinkingKeyRetirement',
  linkingKeyRetirementSchema,
);
