import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';
import type { AlertCount } from '../../../contract/api/alerts';

/**
 * The outbox the notifier reads: one document per counted event (a report's case opened, a
 * follow-up recorded, an operational check's finding), under a random id, holding its kind, how
 * many, and the batch window it fell in; nothing else. Counting is an insert, never an update:
 * FerretDB v1 runs `$inc` as read-then-write, so two counts added to one document at the same
 * moment could lose one (decision 0080). No case id, no recipient, no content, no time finer than
 * the window (ALERT_BATCH_MINUTES): a database reader learns how many reports and follow-ups came
 * in each of the last few windows, until the notifier has fanned the window out and deleted its
 * documents (or their `expiresAt` passes, when no notifier runs).
 */
export interface AlertOutboxDocument {
  /** Random: it says nothing, and no two counts ever meet on one document. */
  _id: string;
  kind: AlertCount;
  /** How many: 1 for a report or a follow-up, the number found for the deadlines check. */
  count: number;
  /** The window's start, in ms since the epoch. */
  window: number;
  /**
   * The window's end, as the counting instance saw it: the notifier fans out by it (plus a
   * grace), whatever its own ALERT_BATCH_MINUTES says.
   */
  windowEnd: number;
  expiresAt: Date;
}

const alertOutboxSchema = collectionSchema<AlertOutboxDocument>('alert_outbox', {
  _id: required(String),
  kind: required(String),
  count: required(Number),
  window: required(Number),
  windowEnd: required(Number),
  expiresAt: required(Date),
});
// The notifier reads the counts of the windows that closed (a grace period ago).
alertOutboxSchema.index({ windowEnd: 1 });

export const alertOutboxModel = modelOn<AlertOutboxDocument>('AlertOutbox', alertOutboxSchema);
