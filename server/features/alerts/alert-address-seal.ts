import { SecretSealer } from '../../platform/sealed-secrets';
import type { AlertChannel } from './alert-delivery.model';

/**
 * Seals staff members' alert addresses under ALERT_ADDRESS_KEY, a key of their own: the notifier,
 * the one process with a route out, opens them and holds no other secret of the app's (not
 * FACTOR_ENCRYPTION_KEY, which seals TOTP seeds). Each channel has its own derived key, and each
 * sealed value is bound to its account and channel, so a sealed e-mail address copied into the
 * webhook field (or into another account's) does not open: the notifier never posts to an
 * address that was meant for mail.
 */
export class AlertAddressSealer {
  private readonly sealers: Readonly<Record<AlertChannel, SecretSealer>>;

  constructor(alertAddressKey: Buffer) {
    this.sealers = {
      email: new SecretSealer(alertAddressKey, 'alert-address/email'),
      webhook: new SecretSealer(alertAddressKey, 'alert-address/webhook'),
    };
  }

  seal(accountId: string, channel: AlertChannel, address: string): string {
    return this.sealers[channel].seal(address, `${accountId}:${channel}`);
  }

  /** Throws if the value was changed, or sealed for another account, channel or key. */
  open(accountId: string, channel: AlertChannel, sealed: string): string {
    return this.sealers[channel].open(sealed, `${accountId}:${channel}`);
  }
}

/**
 * Opens an address sealed as earlier versions did, under FACTOR_ENCRYPTION_KEY: only the app
 * does, at start, to seal it again under ALERT_ADDRESS_KEY (AlertSettingsService).
 */
export function earlierAddressOpener(
  factorEncryptionKey: Buffer,
): (accountId: string, channel: AlertChannel, sealed: string) => string {
  const sealer = new SecretSealer(factorEncryptionKey, 'alert-address');
  return (accountId, channel, sealed) => sealer.open(sealed, `${accountId}:${channel}`);
}
