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

/**
 * This sign-in's mark: a random value made when a session becomes fully signed in, kept in
 * sessionStorage next to the key release token and forgotten with it. The shell puts it in the
 * state of every history entry it writes and follows an entry (Back, Forward, the address at
 * sign-in) only when it carries this mark or none (a fresh load or bookmark). Security: the
 * entries an earlier person left in this tab carry their mark, so the next person signing in
 * here is never taken to the earlier person's case or inbox filters.
 */
const MARK_KEY = 'amanat.signInMark';

let markInMemory: string | null = null;

/** The mark of the sign-in in this tab, made on first use after sign-in. */
export function signInMark(): string {
  const stored = readMark();
  if (stored !== null) return stored;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const mark = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  markInMemory = mark;
  try {
    storage()?.setItem(MARK_KEY, mark);
  } catch {
    // Storage refused: the mark lives in memory for this page; a reload starts a new one.
  }
  return mark;
}

function readMark(): string | null {
  try {
    return storage()?.getItem(MARK_KEY) ?? markInMemory;
  } catch {
    return markInMemory;
  }
}

/** Forgets the mark (sign-out, session ended): entries written before it are followed no more. */
export function forgetSignInMark(): void {
  markInMemory = null;
  try {
    storage()?.removeItem(MARK_KEY);
  } catch {
    // Nothing stored.
  }
}
