import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { alertDeliveryModel, type AlertDeliveryDocument } from './alert-delivery.model';

export type AlertDelivery = AlertDeliveryDocument;

export class AlertDeliveriesRepository extends repositoryOver(alertDeliveryModel) {
  /** False when this delivery exists already (the window was fanned out before). */
  async insert(delivery: AlertDelivery): Promise<boolean> {
    return await this.insertUnique(delivery);
  }

  async listDue(now: Date, limit: number): Promise<AlertDelivery[]> {
    return await this.collection()
      .find({ state: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .toArray();
  }

  /** Sent: nothing of it is kept. */
  async remove(id: string): Promise<void> {
    await this.deleteDurably({ _id: id });
  }

  async recordFailure(
    id: string,
    failure: Pick<AlertDelivery, 'attempts' | 'nextAttemptAt' | 'lastError' | 'state'>,
  ): Promise<void> {
    await this.collection().updateOne(
      { _id: id },
      { $set: { ...failure, failing: true } },
      { writeConcern: DURABLE_WRITE },
    );
  }

  async listFailing(): Promise<AlertDelivery[]> {
    return await this.collection().find({ failing: true }).toArray();
  }
}
