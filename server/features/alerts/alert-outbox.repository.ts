import type { AlertCount } from '../../../contract/api/alerts';
import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { alertOutboxModel, type AlertOutboxDocument } from './alert-outbox.model';

export interface OutboxWindow {
  readonly id: string;
  readonly window: number;
  readonly counts: Partial<Record<AlertCount, number>>;
}

export class AlertOutboxRepository extends repositoryOver(alertOutboxModel) {
  /** Adds `by` to the window's count of `kind`, creating the window's document if needed. */
  async add(kind: AlertCount, window: number, by: number, expiresAt: Date): Promise<void> {
    await this.collection().updateOne(
      { _id: String(window) },
      { $inc: { [`counts.${kind}`]: by }, $setOnInsert: { window, expiresAt } },
      { upsert: true, writeConcern: DURABLE_WRITE },
    );
  }

  /** Windows that started before `before` (closed ones), oldest first. */
  async listStartedBefore(before: number): Promise<OutboxWindow[]> {
    const documents = await this.collection()
      .find({ window: { $lt: before } })
      .sort({ window: 1 })
      .toArray();
    return documents.map((document: AlertOutboxDocument) => ({
      id: document._id,
      window: document.window,
      counts: document.counts,
    }));
  }

  /** Once fanned out, a window's counts are gone from the outbox. */
  async remove(id: string): Promise<void> {
    await this.deleteDurably({ _id: id });
  }
}
