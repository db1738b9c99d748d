export { AlertCounter, FAN_OUT_GRACE_MS, windowOf } from './alert-counter';
export { AlertOutboxRepository, sumCounts, type CountedEvent } from './alert-outbox.repository';
export { AlertSettingsRepository, type StoredAlertSettings } from './alert-settings.repository';
export { AlertDeliveriesRepository, type AlertDelivery } from './alert-deliveries.repository';
export { WebhookAllowListRepository } from './webhook-allow-list.repository';
export type { WebhookHost } from './webhook-allow-list.model';
export { ALERT_CHANNELS, type AlertChannel } from './alert-delivery.model';
export {
  AlertSettingsService,
  allowedKindsOf,
  type AlertFailure,
  type OwnAlertSettings,
} from './alert-settings.service';
export { checkWebhookUrl, normaliseHost, type CheckedWebhookUrl } from './webhook-allow-list';
export { alertsRoutes, type AlertsRoutesDeps } from './alerts.routes';

export { AlertAddressSealer, earlierAddressOpener } from './alert-address-seal';
