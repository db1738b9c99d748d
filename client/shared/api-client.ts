/**
 * The browser's only way to talk to our API: same origin, no credentials, no cache, JSON in and
 * out. Nothing secret passes through here unencrypted: callers send ciphertext and verifiers.
 */
export type ApiResult<T> =
  | { readonly ok: true; readonly status: number; readonly body: T }
  | { readonly ok: false; readonly status: number; readonly code: string };

export async function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, status: 0, code: 'network' };
  }
  const parsed = (await response.json().catch(() => ({}))) as T & { error?: { code?: string } };
  if (response.ok) return { ok: true, status: response.status, body: parsed };
  return { ok: false, status: response.status, code: parsed.error?.code ?? 'unknown' };
}
