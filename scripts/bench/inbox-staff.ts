/**
 * BENCH-ONLY staff for `npm run bench:inbox`: a cookie-keeping fetch client and the enrolment and
 * sign-in of one caseworker through the real HTTP routes (docs/staff-api.md), as the dashboard
 * does: invite (as the admin CLI does, straight in the database) → accept with a password → set up
 * and confirm TOTP → then a fresh sign-in: password → TOTP second factor → full session.
 */
import type { Connection } from 'mongoose';
import { AccountsRepository, AccountsService } from '../../server/features/accounts';
import { generateTotpCode } from '../../server/features/sign-in';
import { SingleUseMarks } from '../../server/platform/single-use';

/** The login password (not the key passphrase); protects nothing beyond this run. */
const BENCH_PASSWORD = 'bench-only login password, protects nothing 2026';
const TOTP_STEP_MS = 30_000;

export class StaffHttpClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** A GET whose body is read in full; status and bytes, for timing. */
  async get(path: string): Promise<{ status: number; body: Buffer }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers(false) });
    const body = Buffer.from(await response.arrayBuffer());
    this.remember(response, undefined);
    return { status: response.status, body };
  }

  async post(path: string, body: object = {}): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...this.headers(true), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    this.remember(response, json);
    return { status: response.status, json };
  }

  private headers(withCsrf: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' };
    if (this.cookies.size > 0) {
      headers['Cookie'] = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (withCsrf && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    return headers;
  }

  private remember(response: Response, json: unknown): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const body = json as { csrfToken?: string; session?: { csrfToken?: string } } | null;
    const csrf = body?.csrfToken ?? body?.session?.csrfToken;
    if (csrf) this.csrfToken = csrf;
  }
}

function accountsService(connection: Connection): AccountsService {
  return new AccountsService(
    new AccountsRepository(connection),
    new SingleUseMarks(connection),
    () => new Date(),
  );
}

/** Invited accounts (never enrolled) that cases can be assigned to, as on a real team. */
export async function inviteColleagues(connection: Connection, count: number): Promise<string[]> {
  const accounts = accountsService(connection);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await accounts.invite(`bench.colleague${i + 1}`, 'caseworker')).account.id);
  }
  return ids;
}

function expectStatus(step: string, got: { status: number; json: unknown }, want: number): void {
  if (got.status !== want) {
    throw new Error(`${step}: HTTP ${got.status} ${JSON.stringify(got.json)}`);
  }
}

export interface SignedInCaseworker {
  readonly accountId: string;
  readonly username: string;
  readonly client: StaffHttpClient;
}

/**
 * Enrols `username` as a caseworker and signs in afresh with password + TOTP. The second sign-in
 * uses the code of the next TOTP step (the server accepts one step either side, each step once).
 */
export async function enrolAndSignIn(
  connection: Connection,
  baseUrl: string,
  username: string,
): Promise<SignedInCaseworker> {
  const invite = await accountsService(connection).invite(username, 'caseworker');

  const enrolment = new StaffHttpClient(baseUrl);
  expectStatus(
    'accept invite',
    await enrolment.post('/api/auth/invites/accept', {
      token: invite.token,
      password: BENCH_PASSWORD,
    }),
    201,
  );
  const setup = await enrolment.post('/api/auth/factors/totp/setup');
  expectStatus('totp setup', setup, 200);
  const secret = (setup.json as { secret: string }).secret;
  const confirmed = await enrolment.post('/api/auth/factors/totp/confirm', {
    code: generateTotpCode(secret, new Date()),
  });
  expectStatus('totp confirm', confirmed, 200);

  const client = new StaffHttpClient(baseUrl);
  expectStatus(
    'login',
    await client.post('/api/auth/login', { username, password: BENCH_PASSWORD }),
    200,
  );
  const factor = await client.post('/api/auth/second-factor/totp', {
    code: generateTotpCode(secret, new Date(Date.now() + TOTP_STEP_MS)),
  });
  expectStatus('second factor', factor, 200);
  const session = factor.json as { stage?: string; user?: { id?: string } };
  if (session.stage !== 'full' || !session.user?.id) {
    throw new Error(`sign-in did not reach a full session: ${JSON.stringify(session)}`);
  }
  return { accountId: session.user.id, username, client };
}
