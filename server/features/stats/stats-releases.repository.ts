import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { statsReleaseModel, type StatsReleaseDocument } from './stats-release.model';

export type StatsRelease = Readonly<Omit<StatsReleaseDocument, '_id'>> & { readonly id: string };

export class StatsReleasesRepository extends repositoryOver(statsReleaseModel) {
  async insert(release: StatsRelease): Promise<void> {
    const { id, ...rest } = release;
    // A plain insert: the schema's Mixed fields and nulls are kept exactly as given.
    const collection = this.collection();
    await collection.insertOne({ _id: id, ...rest }, { writeConcern: DURABLE_WRITE });
  }

  /** Every release, newest first: a handful per month, read whole. */
  async listAll(): Promise<StatsRelease[]> {
    const documents = await this.model.find({}).lean<StatsReleaseDocument[]>().exec();
    return (
      documents
        // Rows from before the partner registry have no partnerId: they read as null (legacy).
        .map(({ _id, partnerId, ...rest }) => ({ id: _id, partnerId: partnerId ?? null, ...rest }))
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    );
  }
}
