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

/**
 * Retries network failures and 5xx with the same body: the API is idempotent by submissionId,
 * so a retry never creates a second report. 4xx answers are final.
 */
export async function postJsonWithRetries<T>(
  path: string,
  body: unknown,
  attempts = 4,
): Promise<ApiResult<T>> {
  let result = await postJson<T>(path, body);
  for (
    let attempt = 1;
    attempt < attempts && !result.ok && (result.status === 0 || result.status >= 500);
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** attempt));
    result = await postJson<T>(path, body);
  }
  return result;
}
