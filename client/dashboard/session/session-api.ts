/**
 * The sign-in, second-factor, invitation and account routes of the staff API
 * (docs/http-api.md), typed. Each returns the client's outcome; session views are checked for
 * shape before the dashboard relies on them, and their CSRF token is adopted at once. A key
 * release token in a sign-in or re-authentication answer is kept for this tab at once too
 * (key-release.ts), never in the session view.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import * as z from 'zod/mini';
import {
  factorEnrolledSchema,
  reauthenticatedSchema,
  sessionViewSchema,
} from '../../../contract/api/sign-in';
import type { SessionStage, StaffRole } from '../../../contract/vocabulary';
import type { ApiOutcome, StaffApiClient } from './api-client';
import { anyValue, readAs, withFallbacks } from './answer-reading';
import { keyReleaseHeaders } from './own-factors-api';
import { rememberKeyReleaseToken } from './key-release';

export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly role: StaffRole;
}

export interface SessionFactors {
  readonly totp: boolean;
  readonly webauthn: number;
  readonly recoveryCodesLeft: number;
}

export interface SessionView {
  readonly stage: SessionStage;
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

const sessionShape = z.omit(sessionViewSchema, { keyReleaseToken: true }).def.shape;
/** Each part of the view on its own: a malformed part is missing, never half-trusted. */
const sessionViewReading = withFallbacks(
  z.object({
    ...sessionShape,
    csrfToken: z.nullable(z.string()),
    user: z.nullable(sessionShape.user.def.innerType),
    factors: z.nullable(
      withFallbacks(sessionShape.factors.def.innerType, {
        totp: false,
        webauthn: 0,
        recoveryCodesLeft: 0,
      }),
    ),
  }),
  {
    stage: 'none',
    csrfToken: null,
    user: null,
    factors: null,
    idleTimeoutSeconds: DEFAULT_IDLE_SECONDS,
  },
);

/** Reads a session view defensively: a malformed one is treated as "no session". */
export function readSessionView(body: unknown): SessionView {
  return readAs(sessionViewReading, body) ?? readAs(sessionViewReading, {})!;
}

const enrolledReading = z.object({
  session: anyValue,
  /** Only with the account's first factor: shown once, never stored. */
  recoveryCodes: z.catch(
    z.nullable(factorEnrolledSchema.def.shape.recoveryCodes.def.innerType),
    null,
  ),
});

/** The key release token of a sign-in, enrolment or re-authentication answer, if it has one. */
const keyReleaseReading = z.object(reauthenticatedSchema.def.shape);

function keepKeyReleaseToken(body: unknown): void {
  const read = readAs(keyReleaseReading, body);
  if (read) rememberKeyReleaseToken(read.keyReleaseToken);
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
    keepKeyReleaseToken(result.body);
    return { ok: true, status: result.status, body: session };
  }

  private async reauthCall(outcome: Promise<ApiOutcome<unknown>>): Outcome<unknown> {
    const result = await outcome;
    if (result.ok) keepKeyReleaseToken(result.body);
    return result;
  }

  private async enrolledCall(outcome: Promise<ApiOutcome<unknown>>): Outcome<FactorEnrolled> {
    const result = await outcome;
    if (!result.ok) return result;
    const body = readAs(enrolledReading, result.body) ?? {
      session: undefined,
      recoveryCodes: null,
    };
    const session = readSessionView(body.session);
    this.client.useCsrfToken(session.csrfToken);
    keepKeyReleaseToken(body.session);
    return {
      ok: true,
      status: result.status,
      body: { session, recoveryCodes: body.recoveryCodes },
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

  // Enrolment. A signed-in person adding a factor sends this tab's key release token with it
  // (own-factors-api.ts); at first enrolment the tab has none, and none is needed.

  async setUpTotp(): Outcome<TotpSetup> {
    return await this.enrolmentCall('/api/auth/factors/totp/setup', {});
  }

  async confirmTotp(code: string): Outcome<FactorEnrolled> {
    return await this.enrolledCall(this.enrolmentCall('/api/auth/factors/totp/confirm', { code }));
  }

  async webauthnRegistrationOptions(): Outcome<PublicKeyCredentialCreationOptionsJSON> {
    return await this.enrolmentCall('/api/auth/factors/webauthn/options', {});
  }

  async registerWebauthn(
    response: RegistrationResponseJSON,
    name: string,
  ): Outcome<FactorEnrolled> {
    return await this.enrolledCall(
      this.enrolmentCall('/api/auth/factors/webauthn', { response, name }),
    );
  }

  private async enrolmentCall<T>(path: string, body: unknown): Outcome<T> {
    return await this.client.call<T>('POST', path, body, 'json', keyReleaseHeaders);
  }

  async reauthOptions(): Outcome<PublicKeyCredentialRequestOptionsJSON> {
    return await this.client.post('/api/auth/reauth/webauthn/options');
  }

  async reauthWithCode(password: string, code: string): Outcome<unknown> {
    return await this.reauthCall(this.client.post('/api/auth/reauth', { password, code }));
  }

  async reauthWithWebauthn(
    password: string,
    webauthn: AuthenticationResponseJSON,
  ): Outcome<unknown> {
    return await this.reauthCall(this.client.post('/api/auth/reauth', { password, webauthn }));
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
