/**
 * Delivering ciphertext that is already made (a report, a follow-up, an attachment part) until
 * the server has it. The request body is built once and kept in this page's memory only — never
 * in storage — and every retry sends exactly the same bytes: the API is idempotent by the
 * client-made id inside (submissionId, messageId, attachment part index), so a retry whose
 * predecessor did reach the server is answered as before and nothing is stored twice.
 *
 * Network failures, 5xx (503 from a database outage included), 408 and 429 are temporary: wait
 * (Retry-After if the server gave one, else 2, 4, 8… seconds, at most 30) and send again, for as
 * long as the page is open. Any other 4xx, and 507 (no room for files), is final: retrying soon
 * cannot change the answer.
 */

/** Why delivery is waiting, in the reporter's terms. */
export type WaitReason = 'offline' | 'unavailable' | 'busy';

export interface WaitNotice {
  readonly reason: WaitReason;
  /** Whole seconds until the next attempt. */
  readonly seconds: number;
  /** Failed attempts so far. */
  readonly failures: number;
  /** Ends the wait now (the reporter's "try now" button). */
  readonly tryNow: () => void;
}

export type Delivered<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | { readonly ok: false; readonly status: number; readonly code: string };

export interface DeliveryEvents {
  /** Before every attempt, the first included. */
  onAttempt?(failures: number): void;
  /** After a temporary failure: the next attempt is due in `notice.seconds`. */
  onWait(notice: WaitNotice): void;
}

/** The longest wait between two attempts, whatever Retry-After says. */
export const MAX_WAIT_SECONDS = 30;

/**
 * Sends with `send()` until the server gives a final answer: 2xx (`ok: true`, JSON body) or a
 * permanent refusal (`ok: false` with the API's error code). Never gives up on temporary
 * failures; the caller keeps the page telling the reporter what is happening.
 */
export async function deliver<T>(
  send: () => Promise<Response>,
  events: DeliveryEvents,
): Promise<Delivered<T>> {
  for (let failures = 0; ; failures++) {
    events.onAttempt?.(failures);
    const outcome = await attempt<T>(send);
    if (outcome.kind === 'final') return outcome.result;
    const seconds = waitSeconds(outcome.retryAfter, failures + 1);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, seconds * 1000);
      events.onWait({
        reason: outcome.reason,
        seconds,
        failures: failures + 1,
        tryNow: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

type AttemptOutcome<T> =
  | { readonly kind: 'final'; readonly result: Delivered<T> }
  | { readonly kind: 'temporary'; readonly reason: WaitReason; readonly retryAfter: string | null };

async function attempt<T>(send: () => Promise<Response>): Promise<AttemptOutcome<T>> {
  let response: Response;
  try {
    response = await send();
  } catch {
    return { kind: 'temporary', reason: 'offline', retryAfter: null };
  }
  const retryAfter = response.headers.get('Retry-After');
  if (response.ok) {
    let text: string;
    try {
      text = await response.text();
    } catch {
      // The answer broke off on the way: its fate is unknown, and a retry will tell.
      return { kind: 'temporary', reason: 'offline', retryAfter: null };
    }
    return {
      kind: 'final',
      result: { ok: true, status: response.status, body: parseJson(text) as T },
    };
  }
  if (response.status === 429) return { kind: 'temporary', reason: 'busy', retryAfter };
  // 507: the server is out of room; trying again in seconds cannot help, so it is final.
  if ((response.status >= 500 && response.status !== 507) || response.status === 408) {
    return { kind: 'temporary', reason: 'unavailable', retryAfter };
  }
  const parsed = (await response.json().catch(() => ({}))) as { error?: { code?: unknown } };
  const code = typeof parsed.error?.code === 'string' ? parsed.error.code : 'unknown';
  return { kind: 'final', result: { ok: false, status: response.status, code } };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Retry-After (seconds or an HTTP date) if given, else 2^failures; always 1–30 seconds. */
export function waitSeconds(retryAfter: string | null, failures: number, now = Date.now()): number {
  let seconds = Math.min(2 ** failures, MAX_WAIT_SECONDS);
  if (retryAfter !== null && /^\s*\d+\s*$/.test(retryAfter)) {
    seconds = Number(retryAfter);
  } else if (retryAfter !== null && !Number.isNaN(Date.parse(retryAfter))) {
    seconds = Math.ceil((Date.parse(retryAfter) - now) / 1000);
  }
  return Math.min(Math.max(seconds, 1), MAX_WAIT_SECONDS);
}

/** A JSON POST as the reporter's API expects it: same origin, no credentials, no cache. */
export function postJsonRequest(path: string, body: unknown): () => Promise<Response> {
  // Serialised once: every attempt sends the very same bytes.
  const json = JSON.stringify(body);
  return () =>
    fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: json,
      credentials: 'omit',
      cache: 'no-store',
    });
}
