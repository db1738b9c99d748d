/**
 * Fetches and verifies the signed recipient directory before anything can be encrypted. The
 * crypto module (and with it OpenPGP.js) is loaded only now, so the first page load stays small.
 */
import type { VerifiedDirectory } from '../crypto';

export type DirectoryCheck =
  | { readonly ok: true; readonly directory: VerifiedDirectory }
  | { readonly ok: false; readonly reason: DirectoryFailure };

export type DirectoryFailure =
  | 'network'
  | 'directory_signature_invalid'
  | 'directory_wrong_organisation'
  | 'directory_expired'
  | 'directory_malformed'
  | 'recipient_key_invalid';

export async function checkRecipientDirectory(pinnedFingerprint: string): Promise<DirectoryCheck> {
  let served: { directory?: unknown; organisationKey?: unknown };
  try {
    // No credentials, no cache: the directory must come fresh from our own origin.
    const response = await fetch('/api/recipients', { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return { ok: false, reason: 'network' };
    served = (await response.json()) as typeof served;
  } catch {
    return { ok: false, reason: 'network' };
  }
  if (typeof served.directory !== 'string' || typeof served.organisationKey !== 'string') {
    return { ok: false, reason: 'directory_malformed' };
  }
  // Loaded on demand: OpenPGP.js is fetched only once the page is up.
  const crypto = await import('../crypto/index.js');
  try {
    const directory = await crypto.verifyRecipientDirectory(
      served.directory,
      served.organisationKey,
      pinnedFingerprint,
    );
    return { ok: true, directory };
  } catch (error) {
    // Fail closed: any doubt about the keys stops the page from encrypting.
    if (
      error instanceof crypto.CryptoError &&
      error.code !== 'wrong_passphrase' &&
      error.code !== 'decryption_failed' &&
      error.code !== 'plaintext_too_large'
    ) {
      return { ok: false, reason: error.code };
    }
    return { ok: false, reason: 'directory_malformed' };
  }
}
