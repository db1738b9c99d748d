import type { AlertChannel } from './alert-delivery.model';

/** The purpose the alert addresses are sealed under (FACTOR_ENCRYPTION_KEY, platform/sealed-secrets.ts). */
export const ALERT_ADDRESS_SEAL = 'alert-address';

/**
 * What a sealed address is bound to: its account and its channel, so a sealed e-mail address
 * copied into the webhook field (or another account's) does not open, and the notifier never
 * posts to an address that was meant for mail.
 */
export function addressSealContext(accountId: string, channel: AlertChannel): string {
  return `${accountId}:${channel}`;
}
