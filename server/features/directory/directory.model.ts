import { Schema, type Connection } from 'mongoose';

/** One signed recipient directory. Versions only grow; the highest is current. */
export interface DirectoryDocument {
  _id: number; // version
  signedDirectory: string; // armored OpenPGP signed message of the directory JSON
  organisationKey: string; // armored public organisation key
}

const directorySchema = new Schema<DirectoryDocument>(
  {
    _id: { type: Number, required: true },
    signedDirectory: { type: String, required: true },
    organisationKey: { type: String, required: true },
  },
  { collection: 'recipient_directories', versionKey: false, strict: 'throw' },
);

export function directoryModel(connection: Connection) {
  // overwriteModels: several apps (tests, CLI) may register the model on one connection.
  return connection.model<DirectoryDocument>('RecipientDirectory', directorySchema, undefined, {
    overwriteModels: true,
  });
}
