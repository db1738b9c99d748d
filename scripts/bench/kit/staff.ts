/**
 * A signed-in caseworker: invited as the admin CLI does (in the database), then enrolled and
 * signed in through the real HTTP routes as the dashboard does: accept the invite with a
 * password → set up and confirm TOTP → a fresh sign-in: password → TOTP second factor → full
 * session. Given several instances of the app, each step goes to the next one, so the session is
 * known to be shared through the database rather than held by one process.
 */
import type { AccountsService } from '../../../server/features/accounts';
import { generateTotpCode } from '../../../server/features/sign-in';
import { buildCoreServices } from '../../../server/services';
import { amanatTarget, appEnv, RAISED_LIMITS, type Target } from './app';
import { dashboardSite, ownVettedKey } from './dashboard';
import type { DatabaseOptions } from './database';
import { setUpOrganisation } from './organisation';
import type { Kit } from './run';

/** The login password (not a key passphrase); protects nothing beyond this run. */
const BENCH_PASSWORD = 'bench-only login password, protects nothing 2026';
const TOTP_STEP_MS = 30_000;

/** A fetch client with one cookie jar for any number of instances of the same app. */
export class StaffClient {
  private readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  /** A request whose answer is read in full (for timing): status and bytes. */
  async fetch(method: 'GET' | 'POST' | 'PATCH', path: string, body?: object, baseUrl?: string) {
    const response = await fetch(`${baseUrl ?? this.baseUrl}${path}`, {
      method,
      headers: {
        'Sec-Fetch-Site': 'same-origin',
        ...(this.cookies.size > 0 ? { Cookie: this.cookieHeader() } : {}),
        ...(body && this.csrfToken ? { 'X-CSRF-Token': this.csrfToken } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : null,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  }

  /** A sign-in step: its JSON answer, whose CSRF token is kept; throws unless answered 2xx. */
  async post(path: string, body: object, baseUrl?: string): Promise<unknown> {
    const answer = await this.fetch('POST', path, body, baseUrl);
    const text = answer.body.toString('utf8');
    if (answer.status >= 300) throw new Error(`POST ${path}: HTTP ${answer.status} ${text}`);
    const json = (text ? JSON.parse(text) : null) as {
      csrfToken?: string;
      session?: { csrfToken?: string };
    } | null;
    this.csrfToken = json?.csrfToken ?? json?.session?.csrfToken ?? this.csrfToken;
    return json;
  }

  /** The Cookie header a signed-in caseworker's browser sends. */
  cookieHeader(): string {
    return this.cookieList()
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  /** The cookies, as name and value (to hand a browser the session). */
  cookieList(): [string, string][] {
    return [...this.cookies];
  }
}

export interface SignedInCaseworker {
  readonly accountId: string;
  readonly username: string;
  /** Signed in, talking to the first instance. */
  readonly client: StaffClient;
  /** What the sign-in gave this "tab" to have its key released (kit/dashboard.ts). */
  readonly keyReleaseToken: string;
}

/**
 * Enrols `username` and signs in afresh, the steps alternating over `baseUrls`. The second
 * sign-in uses the next TOTP step's code (the server accepts one step either side, each once).
 */
async function signInCaseworker(
  accounts: AccountsService,
  baseUrls: readonly string[],
  username: string,
): Promise<SignedInCaseworker> {
  const url = (step: number): string => baseUrls[step % baseUrls.length]!;
  const invite = await accounts.invite(username, 'caseworker');
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
    keyReleaseToken?: string;
  };
  if (session.stage !== 'full' || !session.user?.id || !session.keyReleaseToken) {
    throw new Error(`sign-in did not reach a full session: ${JSON.stringify(session)}`);
  }
  const { keyReleaseToken } = session;
  return { accountId: session.user.id, username, client, keyReleaseToken };
}

export interface StaffedAppOptions {
  readonly database?: DatabaseOptions;
  /** An instance of the server per label, started one after the other (each creates indexes). */
  readonly instances?: readonly string[];
  /** Invited accounts (never enrolled) that cases can be assigned to, as on a real team. */
  readonly colleagues?: number;
  /** The per-address limits at the most config allows (RAISED_LIMITS). */
  readonly raiseLimits?: boolean;
  /**
   * The dashboard served at /staff/ (one instance only: its port is chosen first) and the
   * caseworker's own key vetted into the directory (kit/dashboard.ts).
   */
  readonly dashboard?: boolean;
}

/**
 * The staff benches' set-up: the bench's database, a BENCH ONLY organisation with one caseworker
 * key, the real server (no retention sweep while measuring; the instances share secrets as a
 * deployment's do), invited colleagues, and a caseworker enrolled and signed in through it.
 */
export async function staffedApp(kit: Kit, o: StaffedAppOptions = {}) {
  const database = await kit.database(o.database);
  kit.log('generating BENCH ONLY keys and publishing a signed recipient directory');
  const organisation = await setUpOrganisation(database.connection);
  if (o.dashboard && (o.instances?.length ?? 1) > 1) throw new Error('dashboard: one instance');
  const site = o.dashboard
    ? await dashboardSite(kit, organisation.organisation.fingerprint)
    : undefined;
  const env = appEnv(database.uri, organisation.organisation.fingerprint, {
    ...{ PUBLIC_ORIGIN: 'http://localhost:8080', RETENTION_SWEEP_MINUTES: '0' },
    ...(o.raiseLimits ? RAISED_LIMITS : {}),
    ...site?.env,
  });
  const targets: Target[] = [];
  for (const label of o.instances ?? ['amanat'])
    targets.push(await kit.start(amanatTarget(env, label)));
  const accounts = buildCoreServices({ connection: database.connection }).accounts;
  const colleagues: string[] = [];
  for (let i = 1; i <= (o.colleagues ?? 0); i++)
    colleagues.push((await accounts.invite(`bench.colleague${i}`, 'caseworker')).account.id);
  const urls = targets.map((target) => target.url);
  const caseworker = await signInCaseworker(accounts, urls, 'bench.caseworker');
  kit.log(`caseworker signed in (password + TOTP, over ${targets.length} instance(s))`);
  const own =
    site &&
    (await ownVettedKey(database.connection, organisation.organisation, caseworker, urls[0]!));
  return {
    ...{ ...database, ...organisation, ...own, targets, app: targets[0]!, colleagues, caseworker },
    siteUrl: site?.url,
  };
}
