import { collectionSchema, modelOn } from '../../platform/db';
import type { AlertCount } from '../../../contract/api/alerts';

/**
 * The outbox the notifier reads: one document per batch window, holding how many of each kind
 * happened in it, and nothing else. No case id, no recipient, no content, no time finer than the
 * window (ALERT_BATCH_MINUTES): a database reader learns how many reports and follow-ups came in
 * each of the last few windows, until the notifier has fanned the window out and deleted it
 * (or its `expiresAt` passes, when no notifier runs).
 */
export interface AlertOutboxDocument {
  /** The window's start, in ms since the epoch, as a string. */
  _id: string;
  /** The same start, as a number, for the range read of closed windows. */
  window: number;
  counts: Partial<Record<AlertCount, number>>;
  expiresAt: Date;
}

const alertOutboxSchema = collectionSchema<AlertOutboxDocument>(
  'alert_outbox',
  {
    _id: { type: String, required: true },
    window: { type: Number, required: true },
    counts: { type: Object, required: true },
    expiresAt: { type: Date, required: true },
  },
  { minimize: false },
);
// The notifier reads the windows that have closed.
alertOutboxSchema.index({ window: 1 });

export const alertOutboxModel = modelOn<AlertOutboxDocument>('AlertOutbox', alertOutboxSchema);
