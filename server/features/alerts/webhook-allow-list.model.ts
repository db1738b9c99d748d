import { collectionSchema, modelOn } from '../../platform/db';
import { required } from '../../platform/schema-fields';

/** One allowed webhook host (a DNS name or an IP address, lower case). */
export interface WebhookHost {
  readonly host: string;
  /** It may resolve to a private, loopback or link-local address (a bridge on the same network). */
  readonly allowPrivate: boolean;
}

/**
 * The admin-managed allow-list of webhook hosts, as one document: the notifier requests no
 * address outside it, so a staff member (or someone with their session) cannot aim the only
 * process allowed out at an internal service or an arbitrary host.
 */
export interface WebhookAllowListDocument {
  _id: 'webhook-hosts';
  hosts: WebhookHost[];
}

const webhookAllowListSchema = collectionSchema<WebhookAllowListDocument>('alert_webhook_hosts', {
  _id: required(String),
  hosts: { type: [{ host: String, allowPrivate: Boolean, _id: false }], required: true },
});

export const webhookAllowListModel = modelOn<WebhookAllowListDocument>(
  'WebhookAllowList',
  webhookAllowListSchema,
);
