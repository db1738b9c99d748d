import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';

/** One signed recipient directory. Versions only grow; the highest is current. */
export interface DirectoryDocument {
  _id: number; // version
  signedDirectory: string; // armored OpenPGP signed message of the directory JSON
  organisationKey: string; // armored public organisation key
}

const directorySchema = collectionSchema<DirectoryDocument>('recipient_directories', {
  _id: required(Number),
  signedDirectory: required(String),
  organisationKey: required(String),
});

export const directoryModel = modelOn<DirectoryDocument>('RecipientDirectory', directorySchema);
