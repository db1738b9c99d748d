import { StaffApiClient } from '../../../../../client/dashboard/session/api-client';

interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly credentials: RequestCredentials | undefined;
  readonly body: string | undefined;
}

/** A fetch that answers from a script and records what the page sent. */
function scriptedFetch(answers: (() => Response)[]): { seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  globalThis.fetch = jest.fn((input: string, init?: RequestInit) => {
    seen.push({
      method: init?.method ?? 'GET',
      path: input,
      headers: { ...(init?.headers as Record<string, string>) },
      credentials: init?.credentials,
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const next = answers.shift();
    if (!next) return Promise.reject(new TypeError('network down'));
    return Promise.resolve(next());
  }) as unknown as typeof fetch;
  return { seen };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(status === 204 ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
const refusal = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message: 'server text' } }, headers);

describe('the staff API client', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  test('when it writes then the CSRF token of the session view travels in a header, same-origin only', async () => {
    const { seen } = scriptedFetch([json(200, { ok: 1 }), json(200, {}), json(200, {})]);
    const client = new StaffApiClient();
    client.useCsrfToken('csrf-123');
    await client.get('/api/me/key');
    await client.post('/api/auth/logout');
    await client.put('/api/me/key', { armoredPublicKey: 'x' });
    expect(seen.map((r) => [r.method, r.headers['X-CSRF-Token']])).toEqual([
      ['GET', undefined],
      ['POST', 'csrf-123'],
      ['PUT', 'csrf-123'],
    ]);
    expect(seen.every((r) => r.credentials === 'same-origin')).toBe(true);
    expect(seen[1]!.body).toBe('{}');
    expect(seen[1]!.headers['Content-Type']).toBe('application/json');
  });

  test('when a call answers reauth_required then the dialog is asked once and the call retried once', async () => {
    const { seen } = scriptedFetch([refusal(403, 'reauth_required'), json(201, { key: null })]);
    const client = new StaffApiClient();
    const reauthenticate = jest.fn(() => Promise.resolve(true));
    client.connect({ reauthenticate, sessionExpired: jest.fn() });
    const result = await client.put('/api/me/key', { a: 1 });
    expect(result).toEqual({ ok: true, status: 201, body: { key: null } });
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(seen.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  test('when the retry also answers reauth_required then it is returned, not looped on', async () => {
    scriptedFetch([refusal(403, 'reauth_required'), refusal(403, 'reauth_required')]);
    const client = new StaffApiClient();
    const reauthenticate = jest.fn(() => Promise.resolve(true));
    client.connect({ reauthenticate, sessionExpired: jest.fn() });
    const result = await client.post('/api/admin/invites', {});
    expect(result).toMatchObject({ ok: false, status: 403, code: 'reauth_required' });
    expect(reauthenticate).toHaveBeenCalledTimes(1);
  });

  test('when the person cancels re-authentication then nothing is retried', async () => {
    const { seen } = scriptedFetch([refusal(403, 'reauth_required')]);
    const client = new StaffApiClient();
    client.connect({ reauthenticate: () => Promise.resolve(false), sessionExpired: jest.fn() });
    expect(await client.post('/api/admin/invites', {})).toMatchObject({ code: 'reauth_required' });
    expect(seen).toHaveLength(1);
  });

  test('when the re-authentication route itself is refused then no dialog opens', async () => {
    scriptedFetch([refusal(403, 'reauth_required')]);
    const client = new StaffApiClient();
    const reauthenticate = jest.fn(() => Promise.resolve(true));
    client.connect({ reauthenticate, sessionExpired: jest.fn() });
    await client.post('/api/auth/reauth', { password: 'x', code: '1' });
    expect(reauthenticate).not.toHaveBeenCalled();
  });

  test('when the session has expired then sign-in is shown and the CSRF token forgotten', async () => {
    scriptedFetch([refusal(401, 'session_expired')]);
    const client = new StaffApiClient();
    client.useCsrfToken('csrf-123');
    const sessionExpired = jest.fn();
    client.connect({ reauthenticate: () => Promise.resolve(true), sessionExpired });
    expect(await client.get('/api/me/key')).toMatchObject({ ok: false, code: 'session_expired' });
    expect(sessionExpired).toHaveBeenCalledTimes(1);
    expect(client.hasCsrfToken).toBe(false);
  });

  test('when the server throttles, fails without JSON or cannot be reached then the outcome says so', async () => {
    scriptedFetch([
      refusal(429, 'login_throttled', { 'Retry-After': '120' }),
      () => new Response('<html>proxy error</html>', { status: 502 }),
    ]);
    const client = new StaffApiClient();
    expect(await client.post('/api/auth/login', {})).toEqual({
      ok: false,
      status: 429,
      code: 'login_throttled',
      retryAfterSeconds: 120,
    });
    expect(await client.get('/api/auth/session')).toEqual({
      ok: false,
      status: 502,
      code: 'unknown',
    });
    expect(await client.get('/api/auth/session')).toEqual({
      ok: false,
      status: 0,
      code: 'network',
    });
  });

  test('when an answer is 204 then the body is empty and the call succeeds', async () => {
    scriptedFetch([json(204, null)]);
    const client = new StaffApiClient();
    expect(await client.post('/api/auth/logout')).toEqual({
      ok: true,
      status: 204,
      body: undefined,
    });
  });
});
