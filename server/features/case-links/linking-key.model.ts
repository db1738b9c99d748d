import { collectionSchema, modelOn } from '../../platform/db';
import { optional, required } from '../../platform/schema-fields';

/**
 * The organisation's current linking key, wrapped: one document. `message` is a statement signed
 * by a caseworker's directory key and encrypted to the directory's caseworkers
 * (client/crypto/linking-keys.ts); the server can verify neither, and dashboards verify both
 * before every use. A rotation replaces the document: the old key's wrapping is not kept.
 * While a rotation writes the cases, the successor's wrapping waits in `pending` and the key
 * stays retired; the successor becomes current only once every case is re-keyed.
 */
export interface LinkingKeyDocument {
  _id: 'current';
  version: number;
  message: Buffer;
  /** Set when a caseworker is offboarded: the next dashboard must rotate before linking again. */
  retired: boolean;
  /** The successor's wrapping while a rotation re-keys the cases, and its version. */
  pending?: Buffer;
  pendingVersion?: number;
}

const linkingKeySchema = collectionSchema<LinkingKeyDocument>('linking_keys', {
  _id: required(String),
  version: required(Number),
  message: required(Buffer),
  retired: required(Boolean),
  pending: optional(Buffer),
  pendingVersion: optional(Number),
});

export const linkingKeyModel = modelOn<LinkingKeyDocument>('LinkingKey', linkingKeySchema);
