import { Schema, type Connection } from 'mongoose';

export type CaseworkerKeyStatus = 'active' | 'removed';

/** A vetted caseworker's public key. Public material only; the label is an alias, not a name. */
export interface CaseworkerKeyDocument {
  _id: string; // lower-case hex fingerprint
  label: string;
  armoredPublicKey: string;
  encryptionKeyIds: string[];
  status: CaseworkerKeyStatus;
  addedOn: string; // YYYY-MM-DD
}

const caseworkerKeySchema = new Schema<CaseworkerKeyDocument>(
  {
    _id: { type: String, required: true },
    label: { type: String, required: true, maxlength: 100 },
    armoredPublicKey: { type: String, required: true },
    encryptionKeyIds: { type: [String], required: true },
    status: { type: String, required: true, enum: ['active', 'removed'] },
    addedOn: { type: String, required: true },
  },
  { collection: 'caseworker_keys', versionKey: false, strict: 'throw' },
);

export function caseworkerKeyModel(connection: Connection) {
  // overwriteModels: several apps (tests, CLI) may register the model on one connection.
  return connection.model<CaseworkerKeyDocument>('CaseworkerKey', caseworkerKeySchema, undefined, {
    overwriteModels: true,
  });
}
