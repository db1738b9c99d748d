/**
 * A signed-in caseworker: invited as the admin CLI does (in the database), then enrolled and
 * signed in through the real HTTP routes as the dashboard does: accept the invite with a
 * password → set up and confirm TOTP → a fresh sign-in: password → TOTP second factor → full
 * session.
 * Given several instances of the app, each step goes to the next one, so the session is known to
 * be shared through the database rather than held by one process.
 */
import type { Connection } from 'mongoose';
import type { AccountsService } from '../../../server/features/accounts';
import { generateTotpCode } from '../../../server/features/sign-in';
import { buildCoreServices } from '../../../server/services';

/** The login password (not a key passphrase); protects nothing beyond this run. */
const BENCH_PASSWORD = 'bench-only login password, protects nothing 2026';
const TOTP_STEP_MS = 30_000;

/** A fetch client with one cookie jar for any number of instances of the same app. */
export class StaffClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  /** A GET whose body is read in full (for timing): status and bytes. */
  async get(path: string): Promise<{ status: number; body: Buffer }> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers() });
    const body = Buffer.from(await response.arrayBuffer());
    this.remember(response, undefined);
    return { status: response.status, body };
  }

  /** A JSON write whose answer is read in full (for timing): status and bytes. */
  async send(
    method: 'POST' | 'PATCH',
    path: string,
    body: object,
  ): Promise<{ status: number; body: Buffer }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...this.headers(),
        ...(this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {}),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const answer = Buffer.from(await response.arrayBuffer());
    this.remember(response, undefined);
    return { status: response.status, body: answer };
  }

  async post(path: string, body: object = {}, baseUrl = this.baseUrl): Promise<unknown> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        ...this.headers(),
        ...(this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {}),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    this.remember(response, json);
    if (!response.ok) throw new Error(`POST ${path}: HTTP ${response.status} ${text}`);
    return json;
  }

  /** The Cookie header a signed-in caseworker's browser sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private headers(): Record<string, string> {
    return {
      'Sec-Fetch-Site': 'same-origin',
      ...(this.cookies.size > 0 ? { Cookie: this.cookieHeader() } : {}),
    };
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

function accounts(connection: Connection): AccountsService {
  return buildCoreServices({ connection }).accounts;
}

/** Invited accounts (never enrolled) that cases can be assigned to, as on a real team. */
export async function inviteColleagues(connection: Connection, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(
      (await accounts(connection).invite(`bench.colleague${i + 1}`, 'caseworker')).account.id,
    );
  }
  return ids;
}

export interface SignedInCaseworker {
  readonly accountId: string;
  readonly username: string;
  /** Signed in, talking to the first instance. */
  readonly client: StaffClient;
}

/**
 * Enrols `username` and signs in afresh, the steps alternating over `baseUrls`. The second
 * sign-in uses the next TOTP step's code (the server accepts one step either side, each once).
 */
export async function signInCaseworker(
  connection: Connection,
  baseUrls: readonly string[],
  username: string,
): Promise<SignedInCaseworker> {
  const url = (step: number): string => baseUrls[step % baseUrls.length]!;
  const invite = await accounts(connection).invite(username, 'caseworker');
  const enrolment = new StaffClient(url(0));
  await enrolment.post('/api/auth/invites/accept', {
    token: invite.token,
    password: BENCH_PASSWORD,
  });
  const { secret } = (await enrolment.post('/api/auth/factors/totp/setup', {}, url(1))) as {
    secret: string;
  };
  const code = generateTotpCode(secret, new Date());
  await enrolment.post('/api/auth/factors/totp/confirm', { code }, url(2));

  const client = new StaffClient(url(0));
  await client.post('/api/auth/login', { username, password: BENCH_PASSWORD }, url(3));
  const next = generateTotpCode(secret, new Date(Date.now() + TOTP_STEP_MS));
  const session = (await client.post('/api/auth/second-factor/totp', { code: next }, url(4))) as {
    stage?: string;
    user?: { id?: string };
  };
  if (session.stage !== 'full' || !session.user?.id) {
    throw new Error(`sign-in did not reach a full session: ${JSON.stringify(session)}`);
  }
  return { accountId: session.user.id, username, client };
}
