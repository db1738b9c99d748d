import { repositoryOver } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import { statsPartnerModel, type StatsPartnerDocument } from './stats-partner.model';

export interface StatsPartner {
  readonly id: string;
  readonly name: string;
  readonly key: string;
  readonly createdOn: string;
}

export class StatsPartnersRepository extends repositoryOver(statsPartnerModel) {
  /** 'taken' when a partner with the same folded name exists (unique index on `key`). */
  async insert(partner: StatsPartner): Promise<'inserted' | 'taken'> {
    try {
      await this.model.create([
        { _id: partner.id, name: partner.name, key: partner.key, createdOn: partner.createdOn },
      ]);
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'taken';
      throw error;
    }
  }

  async findById(id: string): Promise<StatsPartner | null> {
    const document = await this.model.findById(id).lean<StatsPartnerDocument>().exec();
    return document ? toPartner(document) : null;
  }

  /** Every partner, by name: a handful, read whole. */
  async listAll(): Promise<StatsPartner[]> {
    const documents = await this.model.find({}).lean<StatsPartnerDocument[]>().exec();
    return documents
      .map(toPartner)
      .sort((a, b) => a.key.localeCompare(b.key) || a.id.localeCompare(b.id));
  }
}

function toPartner({ _id, name, key, createdOn }: StatsPartnerDocument): StatsPartner {
  return { id: _id, name, key, createdOn };
}
