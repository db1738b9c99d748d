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

/**
 * One value of this tab: in sessionStorage, or in memory only where storage is refused (then a
 * reload forgets it).
 */
class TabValue {
  #inMemory: string | null = null;

  constructor(private readonly key: string) {}

  read(): string | null {
    try {
      return storage()?.getItem(this.key) ?? this.#inMemory;
    } catch {
      return this.#inMemory;
    }
  }

  write(value: string): void {
    this.#inMemory = value;
    try {
      storage()?.setItem(this.key, value);
    } catch {
      // Storage refused or full: the value is kept in memory for this page.
    }
  }

  forget(): void {
    this.#inMemory = null;
    try {
      storage()?.removeItem(this.key);
    } catch {
      // Nothing stored.
    }
  }
}

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

const releaseToken = new TabValue('amanat.keyRelease');

/** Keeps the token an answer carried (read with the contract's schema), replacing any other. */
export function rememberKeyReleaseToken(token: string): void {
  releaseToken.write(token);
}

/** The token this tab holds, or null. */
export function keyReleaseToken(): string | null {
  return releaseToken.read();
}

/** Forgets the token (sign-out, session ended). */
export function forgetKeyReleaseToken(): void {
  releaseToken.forget();
}

/**
 * This sign-in's mark: a random value made when a session becomes fully signed in, kept in
 * sessionStorage next to the key release token and forgotten with it. The shell puts it in the
 * state of every history entry it writes and follows an entry (Back, Forward, the address at
 * sign-in) only when it carries this mark or none (a fresh load or bookmark). Security: the
 * entries an earlier person left in this tab carry their mark, so the next person signing in
 * here is never taken to the earlier person's case or inbox filters.
 */
const mark = new TabValue('amanat.signInMark');

/** The mark of the sign-in in this tab, made on first use after sign-in. */
export function signInMark(): string {
  const stored = mark.read();
  if (stored !== null) return stored;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const made = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  mark.write(made);
  return made;
}

/** Forgets the mark (sign-out, session ended): entries written before it are followed no more. */
export function forgetSignInMark(): void {
  mark.forget();
}
