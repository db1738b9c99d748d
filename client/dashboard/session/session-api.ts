/**
 * The sign-in, second-factor, invitation and account routes of the staff API
 * (docs/staff-api.md), typed. Each returns the client's outcome; session views are checked for
 * shape before the dashboard relies on them, and their CSRF token is adopted at once.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { ApiOutcome, StaffApiClient } from './api-client';

export const STAGES = ['none', 'second-factor', 'enrol-factor', 'full'] as const;
export type Stage = (typeof STAGES)[number];
export const ROLES = ['admin', 'caseworker', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
}

export interface SessionFactors {
  readonly totp: boolean;
  readonly webauthn: number;
  readonly recoveryCodesLeft: number;
}

export interface SessionView {
  readonly stage: Stage;
  readonly csrfToken: string | null;
  readonly user: SessionUser | null;
  readonly factors: SessionFactors | null;
  readonly idleTimeoutSeconds: number;
}

export interface FactorEnrolled {
  readonly session: SessionView;
  /** Only when this was the account's first factor: shown once, never stored. */
  readonly recoveryCodes: readonly string[] | null;
}

export interface TotpSetup {
  readonly secret: string;
  readonly otpauthUri: string;
}

const DEFAULT_IDLE_SECONDS = 900;

/** Reads a session view defensively: a malformed one is treated as "no session". */
export function readSessionView(body: unknown): SessionView {
  const record = isRecord(body) ? body : {};
  const stage = STAGES.find((candidate) => candidate === record['stage']) ?? 'none';
  const user = isRecord(record['user']) ? record['user'] : null;
  const role = ROLES.find((candidate) => candidate === user?.['role']);
  const factors = isRecord(record['factors']) ? record['factors'] : null;
  const idle = record['idleTimeoutSeconds'];
  return {
    stage,
    csrfToken: typeof record['csrfToken'] === 'string' ? record['csrfToken'] : null,
    user:
      user && typeof user['id'] === 'string' && typeof user['username'] === 'string' && role
        ? { id: user['id'], username: user['username'], role }
        : null,
    factors: factors
      ? {
          totp: factors['totp'] === true,
          webauthn: typeof factors['webauthn'] === 'number' ? factors['webauthn'] : 0,
          recoveryCodesLeft:
            typeof factors['recoveryCodesLeft'] === 'number' ? factors['recoveryCodesLeft'] : 0,
        }
      : null,
    idleTimeoutSeconds:
      typeof idle === 'number' && Number.isFinite(idle) && idle > 0 ? idle : DEFAULT_IDLE_SECONDS,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Outcome<T> = Promise<ApiOutcome<T>>;

/** The session routes, bound to one client. */
export class SessionApi {
  constructor(private readonly client: StaffApiClient) {}

  private async sessionCall(outcome: Promise<ApiOutcome<unknown>>): Outcome<SessionView> {
    const result = await outcome;
    if (!result.ok) return result;
    const session = readSessionView(result.body);
    this.client.useCsrfToken(session.csrfToken);
    return { ok: true, status: result.status, body: session };
  }

  private async enrolledCall(outcome: Promise<ApiOutcome<unknown>>): Outcome<FactorEnrolled> {
    const result = await outcome;
    if (!result.ok) return result;
    const body = isRecord(result.body) ? result.body : {};
    const session = readSessionView(body['session']);
    this.client.useCsrfToken(session.csrfToken);
    const codes = body['recoveryCodes'];
    return {
      ok: true,
      status: result.status,
      body: {
        session,
        recoveryCodes:
          Array.isArray(codes) && codes.every((code) => typeof code === 'string') ? codes : null,
      },
    };
  }

  async current(): Outcome<SessionView> {
    return await this.sessionCall(this.client.get('/api/auth/session'));
  }

  async login(username: string, password: string): Outcome<SessionView> {
    return await this.sessionCall(this.client.post('/api/auth/login', { username, password }));
  }

  async acceptInvite(token: string, password: string): Outcome<SessionView> {
    return await this.sessionCall(
      this.client.post('/api/auth/invites/accept', { token, password }),
    );
  }

  async verifyTotp(code: string): Outcome<SessionView> {
    return await this.sessionCall(this.client.post('/api/auth/second-factor/totp', { code }));
  }

  async verifyRecoveryCode(code: string): Outcome<SessionView> {
    return await this.sessionCall(this.client.post('/api/auth/second-factor/recovery', { code }));
  }

  async webauthnSignInOptions(): Outcome<PublicKeyCredentialRequestOptionsJSON> {
    return await this.client.post('/api/auth/second-factor/webauthn/options');
  }

  async verifyWebauthn(response: AuthenticationResponseJSON): Outcome<SessionView> {
    return await this.sessionCall(
      this.client.post('/api/auth/second-factor/webauthn', { response }),
    );
  }

  async setUpTotp(): Outcome<TotpSetup> {
    return await this.client.post('/api/auth/factors/totp/setup');
  }

  async confirmTotp(code: string): Outcome<FactorEnrolled> {
    return await this.enrolledCall(this.client.post('/api/auth/factors/totp/confirm', { code }));
  }

  async webauthnRegistrationOptions(): Outcome<PublicKeyCredentialCreationOptionsJSON> {
    return await this.client.post('/api/auth/factors/webauthn/options');
  }

  async registerWebauthn(
    response: RegistrationResponseJSON,
    name: string,
  ): Outcome<FactorEnrolled> {
    return await this.enrolledCall(
      this.client.post('/api/auth/factors/webauthn', { response, name }),
    );
  }

  async reauthOptions(): Outcome<PublicKeyCredentialRequestOptionsJSON> {
    return await this.client.post('/api/auth/reauth/webauthn/options');
  }

  async reauthWithCode(password: string, code: string): Outcome<unknown> {
    return await this.client.post('/api/auth/reauth', { password, code });
  }

  async reauthWithWebauthn(
    password: string,
    webauthn: AuthenticationResponseJSON,
  ): Outcome<unknown> {
    return await this.client.post('/api/auth/reauth', { password, webauthn });
  }

  async changePassword(currentPassword: string, newPassword: string): Outcome<unknown> {
    return await this.client.post('/api/auth/password', { currentPassword, newPassword });
  }

  async logout(): Outcome<unknown> {
    const result = await this.client.post('/api/auth/logout');
    this.client.useCsrfToken(null);
    return result;
  }
}
