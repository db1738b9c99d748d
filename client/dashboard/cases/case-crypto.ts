/**
 * The dashboard's uses of client/crypto for cases, loaded on demand (OpenPGP.js is fetched only
 * when a key operation needs it). Failures come back as error codes for the i18n layer; a
 * message that does not decrypt is reported as such and never retried with other settings.
 */
import type { UnlockedCaseworkerKey, VerifiedDirectory } from '../../crypto';
import { minimumDirectoryVersion, organisationFingerprint } from '../build-constants';
import { loadCrypto } from '../keys/key-passphrases';
import type { CaseApi } from './case-api';

export type Decrypted =
  | { readonly ok: true; readonly plaintext: Uint8Array }
  | { readonly ok: false; readonly code: string };

function codeOf(error: unknown): string {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? code : 'unknown';
}

/**
 * Decrypts one stored message with the unlocked key, producing at most `maxBytes` of plaintext
 * (plaintext-bounds.ts: this deployment's limit for its kind); `null` (unreadable base64) fails
 * too. A message over the bound fails with 'plaintext_too_large' (maybe a compression bomb).
 */
export async function decryptStored(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | null,
  maxBytes: number,
): Promise<Decrypted> {
  if (message === null) return { ok: false, code: 'decryption_failed' };
  try {
    const crypto = await loadCrypto();
    return {
      ok: true,
      plaintext: await crypto.decryptWithCaseworkerKey(handle, message, maxBytes),
    };
  } catch (error) {
    return { ok: false, code: codeOf(error) };
  }
}

export type DirectoryOutcome =
  | { readonly ok: true; readonly directory: VerifiedDirectory }
  | { readonly ok: false; readonly code: string };

/**
 * The current recipient directory, verified against the organisation fingerprint built into
 * this bundle (never one the server names). Anything doubtful fails closed with its code.
 */
export async function loadVerifiedDirectory(api: CaseApi): Promise<DirectoryOutcome> {
  const served = await api.recipients();
  if (!served.ok) return { ok: false, code: served.code };
  try {
    const crypto = await loadCrypto();
    const directory = await crypto.verifyRecipientDirectory(
      served.body.directory,
      served.body.organisationKey,
      organisationFingerprint(),
      new Date(),
      minimumDirectoryVersion(),
    );
    return { ok: true, directory };
  } catch (error) {
    return { ok: false, code: codeOf(error) };
  }
}

/** Lower-case hex SHA-256 (WebCrypto), to check a reassembled attachment against its manifest. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
