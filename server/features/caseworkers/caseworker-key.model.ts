import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, required } from '../../platform/schema-fields';

/** pending: uploaded from a browser, not yet vetted; active: vetted, goes into the next directory. */
export type CaseworkerKeyStatus = 'pending' | 'active' | 'removed';

/** A vetted caseworker's public key. Public material only; the label is an alias, not a name. */
export interface CaseworkerKeyDocument {
  _id: string; // lower-case hex fingerprint
  label: string;
  armoredPublicKey: string;
  encryptionKeyIds: string[];
  status: CaseworkerKeyStatus;
  addedOn: string; // YYYY-MM-DD
  /** The staff account that holds this key; null for keys an admin imported with the CLI. */
  ownerId: string | null;
  /**
   * The secret key, protected with the caseworker's key passphrase (iterated S2K), which never
   * reaches the server. Stored so the caseworker can unlock it in any browser they sign in from.
   */
  protectedSecretKey: string | null;
}

const caseworkerKeySchema = collectionSchema<CaseworkerKeyDocument>('caseworker_keys', {
  _id: required(String),
  label: { ...required(String), maxlength: 100 },
  armoredPublicKey: required(String),
  encryptionKeyIds: required([String]),
  status: { ...required(String), enum: ['pending', 'active', 'removed'] },
  addedOn: required(String),
  ownerId: nullable(String),
  protectedSecretKey: nullable(String),
});
// A caseworker's own keys, and their current (pending or active) one.
caseworkerKeySchema.index({ ownerId: 1, status: 1 });
// The keys of one status (the directory's active keys), in fingerprint order.
caseworkerKeySchema.index({ status: 1, _id: 1 });

export const caseworkerKeyModel = modelOn<CaseworkerKeyDocument>(
  'CaseworkerKey',
  caseworkerKeySchema,
);
