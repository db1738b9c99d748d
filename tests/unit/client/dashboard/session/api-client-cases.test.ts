import { StaffApiClient } from '../../../../../client/dashboard/session/api-client';

interface Seen {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

function scriptedFetch(answers: (() => Response)[]): Seen[] {
  const seen: Seen[] = [];
  globalThis.fetch = jest.fn((_input: string, init?: RequestInit) => {
    seen.push({
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const next = answers.shift();
    return next ? Promise.resolve(next()) : Promise.reject(new TypeError('network down'));
  }) as unknown as typeof fetch;
  return seen;
}

const refusal = (status: number, code: string) => () =>
  new Response(JSON.stringify({ error: { code, message: 'x' } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('the staff API client for cases', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  test('when triage changes are sent then PATCH carries the CSRF token and JSON body', async () => {
    const seen = scriptedFetch([() => new Response('{"case":{}}', { status: 200 })]);
    const client = new StaffApiClient();
    client.useCsrfToken('csrf-1');
    const result = await client.patch('/api/cases/x', { priority: 'urgent' });
    expect(result.ok).toBe(true);
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      headers: { 'X-CSRF-Token': 'csrf-1', 'Content-Type': 'application/json' },
      body: '{"priority":"urgent"}',
    });
  });

  test('when bytes are fetched then they come back unparsed', async () => {
    scriptedFetch([() => new Response(new Uint8Array([0xc1, 0, 0xff]), { status: 200 })]);
    const result = await new StaffApiClient().getBytes('/api/cases/x/attachments/y/parts/0');
    expect(result).toEqual({ ok: true, status: 200, body: new Uint8Array([0xc1, 0, 0xff]) });
  });

  test('when an export needs re-authentication then the dialog is asked once and the GET retried', async () => {
    const seen = scriptedFetch([
      refusal(403, 'reauth_required'),
      () => new Response(new Uint8Array([1, 2]), { status: 200 }),
    ]);
    const client = new StaffApiClient();
    const reauthenticate = jest.fn(() => Promise.resolve(true));
    client.connect({ reauthenticate, sessionExpired: jest.fn() });
    const result = await client.getBytes('/api/cases/x/export');
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(seen).toHaveLength(2);
    expect(result).toEqual({ ok: true, status: 200, body: new Uint8Array([1, 2]) });
  });

  test('when a binary GET is refused then the error code is read from the JSON body', async () => {
    scriptedFetch([refusal(404, 'part_not_found')]);
    expect(await new StaffApiClient().getBytes('/x')).toEqual({
      ok: false,
      status: 404,
      code: 'part_not_found',
    });
  });
});
