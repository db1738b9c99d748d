import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { alertSettingsModel, type AlertSettingsDocument } from './alert-settings.model';

export type StoredAlertSettings = AlertSettingsDocument;

export class AlertSettingsRepository extends repositoryOver(alertSettingsModel) {
  async findByAccount(accountId: string): Promise<StoredAlertSettings | null> {
    return await this.collection().findOne({ _id: accountId });
  }

  async save(settings: StoredAlertSettings): Promise<void> {
    const { _id, ...fields } = settings;
    await this.collection().updateOne(
      { _id },
      { $set: fields },
      { upsert: true, writeConcern: DURABLE_WRITE },
    );
  }

  /** Offboarding: where a disabled account's alerts went is kept no longer. */
  async removeForAccount(accountId: string): Promise<void> {
    await this.deleteDurably({ _id: accountId });
  }

  /** Every staff member's settings: one small document each, read whole only at start. */
  async listAll(): Promise<StoredAlertSettings[]> {
    return await this.collection().find({}).toArray();
  }

  /** The sealed addresses replaced, unless the settings changed since `before` was read. */
  async replaceSealed(
    before: StoredAlertSettings,
    sealed: Pick<StoredAlertSettings, 'emailSealed' | 'webhookUrlSealed'>,
  ): Promise<void> {
    await this.collection().updateOne(
      {
        _id: before._id,
        emailSealed: before.emailSealed,
        webhookUrlSealed: before.webhookUrlSealed,
      },
      { $set: sealed },
      { writeConcern: DURABLE_WRITE },
    );
  }

  /** Whether anyone has alerts on (one indexed look-up; the app counts nothing otherwise). */
  async anyActive(): Promise<boolean> {
    return (await this.collection().findOne({ active: true }, { projection: { _id: 1 } })) !== null;
  }

  async listActive(): Promise<StoredAlertSettings[]> {
    return await this.collection().find({ active: true }).toArray();
  }
}
