/**
 * Staff in integration tests: a cookie-keeping HTTP client (supertest's agent would not send a
 * Secure cookie over plain http) and helpers that invite, enrol and sign in real accounts through
 * the real routes, as the dashboard does.
 */
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import type { AccountsService } from '../../server/features/accounts';
import { generateTotpCode } from '../../server/features/sign-in';
import type { TestApp } from './test-app';

export const STAFF_PASSWORD = 'correct horse battery staple 2026';

export class StaffClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  /**
   * The key release token the last sign-in or re-authentication answer gave this client, sent
   * in X-Key-Release as the dashboard tab that holds it does. A copy of the cookie alone has none.
   */
  keyReleaseToken: string | undefined;

  constructor(
    private readonly app: Express,
    readonly origin: string,
  ) {}

  async get(path: string): Promise<Response> {
    return this.remember(await request(this.app).get(path).set(this.headers(false)));
  }

  async post(
    path: string,
    body: object = {},
    options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    return this.remember(
      await request(this.app)
        .post(path)
        .set({ ...this.headers(options.csrf ?? true), ...options.headers })
        .send(body),
    );
  }

  async patch(path: string, body: object): Promise<Response> {
    return this.remember(await request(this.app).patch(path).set(this.headers(true)).send(body));
  }

  async put(path: string, body: object, options: { csrf?: boolean } = {}): Promise<Response> {
    return this.remember(
      await request(this.app)
        .put(path)
        .set(this.headers(options.csrf ?? true))
        .send(body),
    );
  }

  headers(withCsrf: boolean): Record<string, string> {
    const headers: Record<string, string> = {
      Origin: this.origin,
      'Sec-Fetch-Site': 'same-origin',
      'Content-Type': 'application/json',
    };
    if (this.cookies.size > 0) {
      headers['Cookie'] = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (withCsrf && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    if (this.keyReleaseToken) headers['X-Key-Release'] = this.keyReleaseToken;
    return headers;
  }

  get sessionCookie(): string | undefined {
    return this.cookies.get('__Host-amanat_session');
  }

  private remember(response: Response): Response {
    const setCookies = response.headers['set-cookie'] as unknown as string[] | undefined;
    for (const line of setCookies ?? []) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = response.body as
      | {
          csrfToken?: string;
          keyReleaseToken?: string;
          session?: { csrfToken?: string; keyReleaseToken?: string };
        }
      | undefined;
    const csrf = body?.csrfToken ?? body?.session?.csrfToken;
    if (csrf) this.csrfToken = csrf;
    const keyRelease = body?.keyReleaseToken ?? body?.session?.keyReleaseToken;
    if (keyRelease) this.keyReleaseToken = keyRelease;
    return response;
  }
}

export function accountsOf(t: TestApp): AccountsService {
  return t.services.accounts;
}

/** What the admin CLI does: an account in "invited" state and its single-use token. */
export async function inviteStaff(
  t: TestApp,
  username: string,
  role = 'caseworker',
): Promise<string> {
  return (await accountsOf(t).invite(username, role)).token;
}

export interface EnrolledStaff {
  readonly client: StaffClient;
  readonly username: string;
  readonly password: string;
  readonly totpSecret: string;
  readonly recoveryCodes: string[];
}

/** The login form: username and password, from a browser that has no session yet. */
export async function postPassword(
  client: StaffClient,
  username: string,
  password: string,
): Promise<Response> {
  return await client.post('/api/auth/login', { username, password }, { csrf: false });
}

/** Accepts an invitation from `client`, a browser that has no session yet (so no CSRF token). */
export async function acceptInvite(
  client: StaffClient,
  token: string | undefined,
  password = STAFF_PASSWORD,
): Promise<Response> {
  return await client.post('/api/auth/invites/accept', { token, password }, { csrf: false });
}

/** Invite → accept with a password → set up TOTP → signed in with a full session. */
export async function enrolStaff(
  t: TestApp,
  username: string,
  role = 'caseworker',
  password = STAFF_PASSWORD,
): Promise<EnrolledStaff> {
  const token = await inviteStaff(t, username, role);
  const client = new StaffClient(t.app, t.config.publicOrigin);
  const accepted = await acceptInvite(client, token, password);
  if (accepted.status !== 201) throw new Error(`invite: ${accepted.status} ${accepted.text}`);
  const setup = await client.post('/api/auth/factors/totp/setup');
  if (setup.status !== 200) throw new Error(`totp setup: ${setup.status} ${setup.text}`);
  const totpSecret = (setup.body as { secret: string }).secret;
  const confirmed = await client.post('/api/auth/factors/totp/confirm', {
    code: generateTotpCode(totpSecret, t.clock.now()),
  });
  if (confirmed.status !== 200)
    throw new Error(`totp confirm: ${confirmed.status} ${confirmed.text}`);
  return {
    client,
    username,
    password,
    totpSecret,
    recoveryCodes: (confirmed.body as { recoveryCodes: string[] }).recoveryCodes,
  };
}

/** A fresh browser signing in with password and TOTP. Moves the clock one TOTP step first. */
export async function signInStaff(t: TestApp, staff: EnrolledStaff): Promise<StaffClient> {
  const client = new StaffClient(t.app, t.config.publicOrigin);
  const login = await postPassword(client, staff.username, staff.password);
  if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text}`);
  t.clock.advance(30_000);
  const factor = await client.post('/api/auth/second-factor/totp', {
    code: generateTotpCode(staff.totpSecret, t.clock.now()),
  });
  if (factor.status !== 200) throw new Error(`second factor: ${factor.status} ${factor.text}`);
  return client;
}

/** Re-authenticates a signed-in client (sensitive actions). Moves the clock one TOTP step. */
export async function reauthenticate(
  t: TestApp,
  client: StaffClient,
  staff: EnrolledStaff,
): Promise<void> {
  t.clock.advance(30_000);
  const response = await client.post('/api/auth/reauth', {
    password: staff.password,
    code: generateTotpCode(staff.totpSecret, t.clock.now()),
  });
  if (response.status !== 200) throw new Error(`reauth: ${response.status} ${response.text}`);
}

/** The upload a caseworker's browser makes of its new key pair (PUT /api/me/key). */
export async function uploadOwnKey(
  client: StaffClient,
  key: { readonly armoredPublicKey: string; readonly protectedSecretKey: string },
): Promise<Response> {
  return await client.put('/api/me/key', {
    armoredPublicKey: key.armoredPublicKey,
    protectedSecretKey: key.protectedSecretKey,
  });
}
