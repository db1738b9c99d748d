/**
 * Fetches and verifies the signed recipient directory before anything can be encrypted. The
 * crypto module (and with it OpenPGP.js) is loaded only now, so the first page load stays small.
 */
import type { VerifiedDirectory } from '../crypto';

export type DirectoryCheck =
  | { readonly ok: true; readonly directory: VerifiedDirectory }
  | { readonly ok: false; readonly reason: DirectoryFailure };

const VERIFICATION_FAILURES = [
  'directory_signature_invalid',
  'directory_wrong_organisation',
  'directory_expired',
  'directory_outdated',
  'directory_malformed',
  'recipient_key_invalid',
] as const;

export type DirectoryFailure = 'network' | (typeof VERIFICATION_FAILURES)[number];

function isVerificationFailure(code: unknown): code is DirectoryFailure {
  return (VERIFICATION_FAILURES as readonly unknown[]).includes(code);
}

/** What the server answers (503) when its own directory is too old or expired: same message. */
const SERVER_REFUSALS: readonly unknown[] = ['directory_expired', 'directory_outdated'];

/**
 * `minimumVersion` is built into the page (DIRECTORY_MIN_VERSION at build time): an older
 * directory is refused even when a compromised server or database serves it as current.
 */
export async function checkRecipientDirectory(
  pinnedFingerprint: string,
  minimumVersion: number,
): Promise<DirectoryCheck> {
  let served: { directory?: unknown; organisationKey?: unknown };
  try {
    // No credentials, no cache: the directory must come fresh from our own origin.
    const response = await fetch('/api/recipients', { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return { ok: false, reason: await serverRefusalOf(response) };
    served = (await response.json()) as typeof served;
  } catch {
    return { ok: false, reason: 'network' };
  }
  if (typeof served.directory !== 'string' || typeof served.organisationKey !== 'string') {
    return { ok: false, reason: 'directory_malformed' };
  }
  // Loaded on demand: OpenPGP.js is fetched only once the page is up. A chunk that fails its
  // integrity check (or does not arrive) is refused by the browser: fail closed.
  let crypto: typeof import('../crypto/index.js');
  try {
    crypto = await import('../crypto/index.js');
  } catch {
    return { ok: false, reason: 'network' };
  }
  try {
    const directory = await crypto.verifyRecipientDirectory(
      served.directory,
      served.organisationKey,
      pinnedFingerprint,
      new Date(),
      minimumVersion,
    );
    return { ok: true, directory };
  } catch (error) {
    // Fail closed: any doubt about the keys stops the page from encrypting.
    return {
      ok: false,
      reason:
        error instanceof crypto.CryptoError && isVerificationFailure(error.code)
          ? error.code
          : 'directory_malformed',
    };
  }
}

/** The server's own refusal of an outdated or expired directory gets its message; else 'network'. */
async function serverRefusalOf(response: Response): Promise<DirectoryFailure> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    const code = body.error?.code;
    return SERVER_REFUSALS.includes(code) && isVerificationFailure(code) ? code : 'network';
  } catch {
    return 'network';
  }
}
