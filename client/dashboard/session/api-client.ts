/**
 * The dashboard's only door to the staff API (docs/http-api.md): same origin, the session
 * cookie (`credentials: 'same-origin'`), JSON in and out, nothing cached. Every POST/PUT/DELETE
 * carries the CSRF token of the current session view. A `403 reauth_required` asks the person to
 * re-authenticate and retries the call once; a `401 session_expired` hands control back to sign-in.
 * Never logs or stores anything.
 */

export type ApiOutcome<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | {
      readonly ok: false;
      readonly status: number;
      /** The server's `error.code`, or `network` when no answer came. */
      readonly code: string;
      /** From `Retry-After` (seconds), when the server sent one. */
      readonly retryAfterSeconds?: number;
    };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How the answer body is read: JSON (the default) or raw bytes (ciphertext, an export). */
type BodyKind = 'json' | 'bytes';

/**
 * Extra request headers of one call, read again for every try: a retry after the
 * re-authentication dialog sends what that re-authentication issued.
 */
export type HeadersOfTry = () => Readonly<Record<string, string>>;

/**
 * What a 403 asks for: a re-authentication of any kind (reauth_required), or one with the app or
 * a security key, because a recovery code does not prove enough for the change (reauth_factor_required).
 */
export type ReauthNeed = 'any' | 'factor';

export interface StaffApiHooks {
  /** Shows the re-authentication dialog; resolves true once `/api/auth/reauth` succeeded. */
  reauthenticate(need: ReauthNeed): Promise<boolean>;
  /** The session is gone (401 session_expired): show sign-in. */
  sessionExpired(): void;
}

/** Re-authentication routes themselves must never trigger another re-authentication. */
const NO_REAUTH_RETRY = new Set(['/api/auth/reauth', '/api/auth/reauth/webauthn/options']);

export class StaffApiClient {
  #csrfToken: string | null = null;
  #hooks: StaffApiHooks | null = null;

  /** Connects the dialogs; until then a reauth_required answer is returned as it is. */
  connect(hooks: StaffApiHooks): void {
    this.#hooks = hooks;
  }

  /** Adopts the CSRF token of the latest session view (it changes with every new session id). */
  useCsrfToken(token: string | null | undefined): void {
    this.#csrfToken = typeof token === 'string' && token !== '' ? token : null;
  }

  get hasCsrfToken(): boolean {
    return this.#csrfToken !== null;
  }

  async get<T>(path: string, headers?: HeadersOfTry): Promise<ApiOutcome<T>> {
    return await this.call<T>('GET', path, undefined, 'json', headers);
  }

  async post<T>(path: string, body: unknown = {}): Promise<ApiOutcome<T>> {
    return await this.call<T>('POST', path, body);
  }

  async put<T>(path: string, body: unknown): Promise<ApiOutcome<T>> {
    return await this.call<T>('PUT', path, body);
  }

  async patch<T>(path: string, body: unknown): Promise<ApiOutcome<T>> {
    return await this.call<T>('PATCH', path, body);
  }

  /**
   * GET of a binary answer (an encrypted attachment part, a case export): the bytes as sent,
   * never parsed. Same session, re-authentication and expiry handling as every other call.
   */
  async getBytes(path: string): Promise<ApiOutcome<Uint8Array>> {
    return await this.call<Uint8Array>('GET', path, undefined, 'bytes');
  }

  async call<T>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    kind: BodyKind = 'json',
    extraHeaders: HeadersOfTry = () => ({}),
  ): Promise<ApiOutcome<T>> {
    const first = await this.send<T>(method, path, body, kind, extraHeaders());
    if (first.ok) return first;
    if (first.status === 401 && first.code === 'session_expired') {
      this.#csrfToken = null;
      this.#hooks?.sessionExpired();
      return first;
    }
    const need = reauthNeedOf(first);
    if (need === null || NO_REAUTH_RETRY.has(path)) return first;
    const retry = async (asked: ReauthNeed): Promise<ApiOutcome<T> | null> =>
      await this.retryAfterReauth(asked, () =>
        this.send<T>(method, path, body, kind, extraHeaders()),
      );
    const second = await retry(need);
    // A recovery code proves enough to add a factor, not to remove one: ask once more, for the
    // app or a key. Otherwise one retry only: a second refusal is shown, not looped on.
    if (need === 'any' && second !== null && reauthNeedOf(second) === 'factor') {
      return (await retry('factor')) ?? second;
    }
    return second ?? first;
  }

  /** The dialog, then one retry of the call; null when there is no dialog or it was cancelled. */
  private async retryAfterReauth<T>(
    need: ReauthNeed,
    send: () => Promise<ApiOutcome<T>>,
  ): Promise<ApiOutcome<T> | null> {
    if (!this.#hooks || !(await this.#hooks.reauthenticate(need))) return null;
    const answer = await send();
    if (!answer.ok && answer.status === 401 && answer.code === 'session_expired') {
      this.#csrfToken = null;
      this.#hooks.sessionExpired();
    }
    return answer;
  }

  private async send<T>(
    method: HttpMethod,
    path: string,
    body: unknown,
    kind: BodyKind,
    extraHeaders: Readonly<Record<string, string>>,
  ): Promise<ApiOutcome<T>> {
    const headers: Record<string, string> = {
      ...extraHeaders,
      Accept: kind === 'bytes' ? 'application/octet-stream, application/json' : 'application/json',
    };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      // Security: the CSRF token travels in a header only, never in a URL or body.
      if (this.#csrfToken !== null) headers['X-CSRF-Token'] = this.#csrfToken;
    }
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        ...(method === 'GET' ? {} : { body: JSON.stringify(body ?? {}) }),
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'error',
        referrerPolicy: 'no-referrer',
      });
    } catch {
      return { ok: false, status: 0, code: 'network' };
    }
    if (kind === 'bytes' && response.ok) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch {
        return { ok: false, status: 0, code: 'network' };
      }
      return { ok: true, status: response.status, body: bytes as T };
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    const retryAfter = Number(response.headers.get('Retry-After'));
    return {
      ok: false,
      status: response.status,
      code: errorCodeOf(parsed),
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
}

function errorCodeOf(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = body.error;
    if (typeof error === 'object' && error !== null && 'code' in error) {
      const code = error.code;
      if (typeof code === 'string') return code;
    }
  }
  return 'unknown';
}

function reauthNeedOf<T>(outcome: ApiOutcome<T>): ReauthNeed | null {
  if (outcome.ok || outcome.status !== 403) return null;
  if (outcome.code === 'reauth_required') return 'any';
  return outcome.code === 'reauth_factor_required' ? 'factor' : null;
}
