/**
 * BENCH-ONLY caseworker for `npm run bench:load`: enrolled and signed in through the real routes
 * (invite → accept → TOTP set-up and confirm → password → TOTP second factor), each step on the
 * other instance than the one before, so the session the inbox pages then use is known to be
 * shared through the database rather than held by one process.
 */
import type { Connection } from 'mongoose';
import { AccountsRepository, AccountsService } from '../../server/features/accounts';
import { generateTotpCode } from '../../server/features/sign-in';
import { SingleUseMarks } from '../../server/platform/single-use';

/** The login password; protects nothing beyond this run. */
const BENCH_PASSWORD = 'bench-only login password, protects nothing 2026';
const TOTP_STEP_MS = 30_000;

/** A fetch client with one cookie jar for any number of instances of the same app. */
class CookieJarClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  async post(baseUrl: string, path: string, body: object = {}): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { ...this.headers(), 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json: unknown = text ? JSON.parse(text) : null;
    this.remember(response, json);
    return { status: response.status, json };
  }

  /** The Cookie header a signed-in caseworker's browser sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'Sec-Fetch-Site': 'same-origin' };
    if (this.cookies.size > 0) headers['Cookie'] = this.cookieHeader();
    if (this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
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

interface Answer {
  readonly status: number;
  readonly json: unknown;
}

function expectStatus(step: string, got: Answer, want: number): void {
  if (got.status !== want)
    throw new Error(`${step}: HTTP ${got.status} ${JSON.stringify(got.json)}`);
}

export interface SharedSession {
  readonly accountId: string;
  /** Sent as is on every inbox request, to either instance. */
  readonly cookieHeader: string;
}

/**
 * Invites `username` as a caseworker (as the admin CLI does, in the database), then enrols and
 * signs in over HTTP, alternating between `baseUrls`. The second sign-in uses the code of the
 * next TOTP step (the server accepts one step either side, each step once).
 */
export async function signInAcrossInstances(
  connection: Connection,
  baseUrls: readonly [string, string],
  username: string,
): Promise<SharedSession> {
  const [a, b] = baseUrls;
  const accounts = new AccountsService(
    new AccountsRepository(connection),
    new SingleUseMarks(connection),
    () => new Date(),
  );
  const invite = await accounts.invite(username, 'caseworker');

  const enrolment = new CookieJarClient();
  expectStatus(
    'accept invite',
    await enrolment.post(a, '/api/auth/invites/accept', {
      token: invite.token,
      password: BENCH_PASSWORD,
    }),
    201,
  );
  const setup = await enrolment.post(b, '/api/auth/factors/totp/setup');
  expectStatus('totp setup', setup, 200);
  const secret = (setup.json as { secret: string }).secret;
  expectStatus(
    'totp confirm',
    await enrolment.post(a, '/api/auth/factors/totp/confirm', {
      code: generateTotpCode(secret, new Date()),
    }),
    200,
  );

  const client = new CookieJarClient();
  expectStatus(
    'login',
    await client.post(b, '/api/auth/login', { username, password: BENCH_PASSWORD }),
    200,
  );
  const factor = await client.post(a, '/api/auth/second-factor/totp', {
    code: generateTotpCode(secret, new Date(Date.now() + TOTP_STEP_MS)),
  });
  expectStatus('second factor', factor, 200);
  const session = factor.json as { stage?: string; user?: { id?: string } };
  if (session.stage !== 'full' || !session.user?.id) {
    throw new Error(`sign-in did not reach a full session: ${JSON.stringify(session)}`);
  }
  return { accountId: session.user.id, cookieHeader: client.cookieHeader() };
}
