import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, required } from '../../platform/schema-fields';
import type { AlertCount } from '../../../contract/api/alerts';

export const ALERT_CHANNELS = ['email', 'webhook'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/**
 * One alert to one staff member on one channel: the counts of one batch window that concern them.
 * Made by the notifier when it fans a window out, deleted once sent. While it fails it stays,
 * with its attempts and a stable error code, for the admin page; one that keeps failing past
 * NOTIFIER_GIVE_UP_HOURS is given up but stays visible until `expiresAt`.
 */
export interface AlertDeliveryDocument {
  /** `<window>:<account id>:<channel>`: fanning the same window out again makes no second one. */
  _id: string;
  accountId: string;
  channel: AlertChannel;
  counts: Partial<Record<AlertCount, number>>;
  state: 'pending' | 'given_up';
  attempts: number;
  /** When it may be tried (again). */
  nextAttemptAt: Date;
  /** When it was made: retries stop NOTIFIER_GIVE_UP_HOURS after. */
  createdAt: Date;
  /** Set at the first failure: what the admin page lists. */
  failing: boolean;
  lastError: string | null;
  expiresAt: Date;
}

const alertDeliverySchema = collectionSchema<AlertDeliveryDocument>(
  'alert_deliveries',
  {
    _id: required(String),
    accountId: required(String),
    channel: { ...required(String), enum: ALERT_CHANNELS },
    counts: required(Object),
    state: { ...required(String), enum: ['pending', 'given_up'] },
    attempts: required(Number),
    nextAttemptAt: required(Date),
    createdAt: required(Date),
    failing: required(Boolean),
    lastError: nullable(String),
    expiresAt: required(Date),
  },
  { minimize: false },
);
// The notifier sends the pending deliveries that are due, the earliest first.
alertDeliverySchema.index({ state: 1, nextAttemptAt: 1 });
// The admin page lists the failing ones.
alertDeliverySchema.index({ failing: 1 });

export const alertDeliveryModel = modelOn<AlertDeliveryDocument>(
  'AlertDelivery',
  alertDeliverySchema,
);
