import { repositoryOver } from '../../platform/db';
import { directoryModel, type DirectoryDocument } from './directory.model';

export interface StoredDirectory {
  readonly version: number;
  readonly signedDirectory: string;
  readonly organisationKey: string;
}

export class DirectoryRepository extends repositoryOver(directoryModel) {
  async findLatest(): Promise<StoredDirectory | null> {
    const document = await this.model
      .findOne({})
      .sort({ _id: -1 })
      .lean<DirectoryDocument>()
      .exec();
    return document
      ? {
          version: document._id,
          signedDirectory: document.signedDirectory,
          organisationKey: document.organisationKey,
        }
      : null;
  }

  /** Inserts a new version; the unique `_id` makes two concurrent publishers of one version collide. */
  async insert(directory: StoredDirectory): Promise<'inserted' | 'version_taken'> {
    const inserted = await this.insertUnique({
      _id: directory.version,
      signedDirectory: directory.signedDirectory,
      organisationKey: directory.organisationKey,
    });
    return inserted ? 'inserted' : 'version_taken';
  }
}
