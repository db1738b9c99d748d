/**
 * This tab's key release token (server/features/sessions staff-guards requireKeyRelease): the
 * sign-in and re-authentication answers give it to the tab that proved password and factor, and
 * GET /api/me/key/secret releases the protected secret key only with it and the session cookie.
 * It lives in sessionStorage, the one thing the dashboard stores: it survives a reload of this
 * tab (the caseworker is not asked again), and it is not in the cookie jar, another tab or a
 * copied cookie, which must re-authenticate. It is worth nothing without the session it was
 * issued to, and it is removed on sign-out. Where storage is refused (a hardened browser), it is
 * kept in memory only: a reload then asks again. The reporter page never stores anything.
 */

const STORAGE_KEY = 'amanat.keyRelease';

let inMemory: string | null = null;

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Keeps the token an answer carried (read with the contract's schema), replacing any other. */
export function rememberKeyReleaseToken(token: string): void {
  inMemory = token;
  try {
    storage()?.setItem(STORAGE_KEY, token);
  } catch {
    // Storage refused or full: the token is kept in memory for this page.
  }
}

/** The token this tab holds, or null. */
export function keyReleaseToken(): string | null {
  try {
    return storage()?.getItem(STORAGE_KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}

/** Forgets the token (sign-out, session ended). */
export function forgetKeyReleaseToken(): void {
  inMemory = null;
  try {
    storage()?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored.
  }
}
