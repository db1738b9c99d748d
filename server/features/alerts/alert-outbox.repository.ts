import type { AlertCount } from '../../../contract/api/alerts';
import { dropIndexesIfPresent, repositoryOver } from '../../platform/db';
import { alertOutboxModel, type AlertOutboxDocument } from './alert-outbox.model';

export type CountedEvent = AlertOutboxDocument;

export class AlertOutboxRepository extends repositoryOver(alertOutboxModel) {
  /** The declared index, without the one of the earlier one-document-per-window outbox. */
  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await dropIndexesIfPresent(this.collection(), ['window_1']);
  }

  /** Stores one counted event; its random id never meets another's. */
  async add(event: CountedEvent): Promise<void> {
    if (!(await this.insertUnique(event))) throw new Error('alert outbox: id taken');
  }

  /** The counted events of every window that ended by `end`, oldest window first. */
  async listEndedBy(end: number): Promise<CountedEvent[]> {
    return await this.collection()
      .find({ windowEnd: { $lte: end } })
      .sort({ windowEnd: 1 })
      .toArray();
  }

  /** Once fanned out, the events counted in it leave the outbox (those named, no other). */
  async remove(ids: readonly string[]): Promise<void> {
    await this.deleteDurably({ _id: { $in: [...ids] } });
  }
}

/** The counts of `kind`s in a set of counted events. */
export function sumCounts(events: readonly CountedEvent[]): Partial<Record<AlertCount, number>> {
  const counts: Partial<Record<AlertCount, number>> = {};
  for (const event of events) counts[event.kind] = (counts[event.kind] ?? 0) + event.count;
  return counts;
}
