import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, required } from '../../platform/schema-fields';
import type { AlertKind } from '../../../contract/api/alerts';

/**
 * One staff member's alerts: which kinds, and where to. The e-mail address and the webhook URL
 * (which often carries a bridge's token) are sealed like TOTP seeds (platform/sealed-secrets.ts,
 * bound to the account id), so a database dump names no one's address or chat room.
 */
export interface AlertSettingsDocument {
  /** The account id. */
  _id: string;
  kinds: Record<AlertKind, boolean>;
  emailSealed: string | null;
  webhookUrlSealed: string | null;
  /** Some kind is on and some channel set: what the notifier reads. */
  active: boolean;
}

const alertSettingsSchema = collectionSchema<AlertSettingsDocument>('alert_settings', {
  _id: required(String),
  kinds: required(Object),
  emailSealed: nullable(String),
  webhookUrlSealed: nullable(String),
  active: required(Boolean),
});
// The notifier fans each window out to the active settings only.
alertSettingsSchema.index({ active: 1 });

export const alertSettingsModel = modelOn<AlertSettingsDocument>(
  'AlertSettings',
  alertSettingsSchema,
);
