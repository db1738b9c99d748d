import { collectionSchema, modelOn } from '../../platform/db';

/** One signed recipient directory. Versions only grow; the highest is current. */
export interface DirectoryDocument {
  _id: number; // version
  signedDirectory: string; // armored OpenPGP signed message of the directory JSON
  organisationKey: string; // armored public organisation key
}

const directorySchema = collectionSchema<DirectoryDocument>('recipient_directories', {
  _id: { type: Number, required: true },
  signedDirectory: { type: String, required: true },
  organisationKey: { type: String, required: true },
});

export const directoryModel = modelOn<DirectoryDocument>('RecipientDirectory', directorySchema);
