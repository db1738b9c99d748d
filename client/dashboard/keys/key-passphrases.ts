/** Checks for a new key passphrase before any crypto runs (client/crypto enforces the length too). */
import type { DashboardTranslate } from '../i18n';

/** The same minimum as client/crypto's MIN_KEY_PASSPHRASE_LENGTH, without loading openpgp first. */
export const KEY_PASSPHRASE_MIN_LENGTH = 12;

/** A message if the two entries are unusable, else null. */
export function checkKeyPassphrase(
  t: DashboardTranslate,
  passphrase: string,
  repeated: string,
): string | null {
  if ([...passphrase].length < KEY_PASSPHRASE_MIN_LENGTH) return t('error.passphrase_too_short');
  if (passphrase !== repeated) return t('keys.passphraseMismatch');
  return null;
}

/** Loads client/crypto (and openpgp) only when a key operation needs it. */
export async function loadCrypto(): Promise<typeof import('../../crypto/index.js')> {
  return await import('../../crypto/index.js');
}
