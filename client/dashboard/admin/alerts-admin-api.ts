/**
 * The admin routes of alerts (contract/api/alerts.ts): the webhook allow-list and the deliveries
 * that are failing. Changing the allow-list needs a recent re-authentication, which the API
 * client asks for and retries once (api-client.ts).
 */
import * as z from 'zod/mini';
import { alertFailureSchema, webhookHostsSchema } from '../../../contract/api/alerts';
import type { ApiOutcome, StaffApiClient } from '../session/api-client';
import { anyValue, readableItems, readAs, shaped } from '../session/answer-reading';

export type WebhookHost = z.output<typeof webhookHostsSchema>['hosts'][number];
export type AlertFailure = z.output<typeof alertFailureSchema>;

const readHosts = (body: unknown): WebhookHost[] | null =>
  readAs(webhookHostsSchema, body)?.hosts ?? null;

export class AlertsAdminApi {
  constructor(private readonly client: StaffApiClient) {}

  async webhookHosts(): Promise<ApiOutcome<WebhookHost[]>> {
    return shaped(await this.client.get('/api/admin/alerts/webhook-hosts'), readHosts);
  }

  async saveWebhookHosts(hosts: readonly WebhookHost[]): Promise<ApiOutcome<WebhookHost[]>> {
    return shaped(await this.client.put('/api/admin/alerts/webhook-hosts', { hosts }), readHosts);
  }

  /** One malformed failure is left out rather than hiding the others. */
  async failures(): Promise<ApiOutcome<AlertFailure[]>> {
    const result = await this.client.get('/api/admin/alerts/failures');
    if (!result.ok) return result;
    const list = readAs(z.object({ failures: anyValue }), result.body)?.failures;
    return { ok: true, status: result.status, body: readableItems(alertFailureSchema, list) };
  }
}
