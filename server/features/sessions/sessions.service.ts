/**
 * Staff sessions: random 256-bit tokens, stored hashed in MongoDB so every instance shares them;
 * a new token at every change of privilege (login, second factor, invite acceptance) so a token
 * planted before login is worthless after it; idle and absolute limits checked on every request.
 * Every proof of password and factor (completing sign-in, re-authenticating) also issues a key
 * release token for the tab that gave it (staff-guards requireKeyRelease), stored hashed too.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SingleUseMarks } from '../../platform/single-use';
import type { ReauthProof, SessionStage } from './session.model';
import {
  CHALLENGE_FIELDS,
  type SessionsRepository,
  type StoredSession,
  type WebauthnCeremony,
} from './sessions.repository';

export interface SessionLimits {
  readonly idleMinutes: number;
  readonly absoluteHours: number;
  /** Re-authentication is good for sensitive actions during this long. */
  readonly reauthMinutes: number;
}

/** Password accepted, factor not yet given: this stage lasts 5 minutes at most. */
const SECOND_FACTOR_STAGE_MS = 5 * 60_000;
/** lastSeenAt is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 30_000;
/** Key release tokens kept per session: one per tab that proved itself, the oldest dropped. */
export const MAX_KEY_RELEASE_TOKENS = 8;

export interface ActiveSession {
  readonly id: string;
  readonly accountId: string;
  readonly stage: SessionStage;
  readonly csrfToken: string;
  readonly reauthenticatedAt: Date | null;
  /** The kind of factor the last re-authentication used (session.model ReauthProof). */
  readonly reauthProof: ReauthProof | null;
  /** SHA-256 (hex) of the key release tokens this session issued, newest last. */
  readonly keyReleaseTokenHashes: readonly string[];
  readonly pendingTotpSealed: string | null;
}

/** A session just started or stepped up; the caller sets `token` as the cookie. */
export interface StartedSession {
  readonly token: string;
  readonly session: ActiveSession;
  /**
   * Only when the step up proved password and factor: the key release token for the tab that
   * did, sent to it once in the answer and never again (it is stored hashed).
   */
  readonly keyReleaseToken: string | null;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class SessionsService {
  constructor(
    private readonly repository: SessionsRepository,
    private readonly marks: SingleUseMarks,
    private readonly limits: SessionLimits,
    private readonly clock: () => Date,
  ) {}

  get idleTimeoutSeconds(): number {
    return this.limits.idleMinutes * 60;
  }

  /** Starts a session; the caller sets the returned token as the cookie. */
  async start(accountId: string, stage: SessionStage): Promise<StartedSession> {
    const now = this.clock();
    const token = randomBytes(32).toString('base64url');
    const absoluteExpiresAt = new Date(
      now.getTime() +
        (stage === 'second-factor'
          ? SECOND_FACTOR_STAGE_MS
          : this.limits.absoluteHours * 3_600_000),
    );
    const document = {
      _id: hashSessionToken(token),
      accountId,
      stage,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt,
      expiresAt: this.expiryOf(now, absoluteExpiresAt),
      reauthenticatedAt: null,
      reauthProof: null,
      keyReleaseTokenHashes: [],
      secondFactorFailures: 0,
      pendingTotpSealed: null,
      registrationChallenge: null,
      authenticationChallenge: null,
    };
    await this.repository.insert(document);
    return { token, session: toActiveSession(document), keyReleaseToken: null };
  }

  /**
   * Replaces a session by a fresh one at a new stage (new token, new CSRF token); the old token
   * stops working at once. `reauthProof`: the step up itself counts as a re-authentication with
   * that kind of factor, and issues a key release token for the tab that made it.
   */
  async elevate(
    session: ActiveSession,
    stage: SessionStage,
    options: { reauthProof?: ReauthProof } = {},
  ): Promise<StartedSession> {
    await this.repository.delete(session.id);
    const started = await this.start(session.accountId, stage);
    const reauthProof = options.reauthProof;
    if (!reauthProof) return started;
    const at = this.clock();
    const keyReleaseToken = randomBytes(32).toString('base64url');
    const keyReleaseTokenHashes = [hashSessionToken(keyReleaseToken)];
    await this.repository.update(started.session.id, {
      reauthenticatedAt: at,
      reauthProof,
      keyReleaseTokenHashes,
    });
    return {
      token: started.token,
      session: { ...started.session, reauthenticatedAt: at, reauthProof, keyReleaseTokenHashes },
      keyReleaseToken,
    };
  }

  /** The live session for a cookie token, or null (unknown, idle too long, past its end). */
  async resolve(token: string | undefined): Promise<ActiveSession | null> {
    if (!token || token.length > 100) return null;
    const id = hashSessionToken(token);
    const stored = await this.repository.findById(id);
    if (!stored) return null;
    const now = this.clock();
    if (this.isExpired(stored, now)) {
      await this.repository.delete(id);
      return null;
    }
    if (now.getTime() - stored.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await this.repository.update(id, {
        lastSeenAt: now,
        expiresAt: this.expiryOf(now, stored.absoluteExpiresAt),
      });
    }
    return toActiveSession(stored);
  }

  /**
   * Records a fresh proof of password and factor, and returns a new key release token for the
   * tab that gave it; the session keeps the newest MAX_KEY_RELEASE_TOKENS (other tabs' tokens
   * stay good, so one tab's re-authentication does not log another out of its key).
   */
  async markReauthenticated(session: ActiveSession, proof: ReauthProof): Promise<string> {
    const keyReleaseToken = randomBytes(32).toString('base64url');
    await this.repository.update(session.id, {
      reauthenticatedAt: this.clock(),
      reauthProof: proof,
      keyReleaseTokenHashes: [
        ...session.keyReleaseTokenHashes,
        hashSessionToken(keyReleaseToken),
      ].slice(-MAX_KEY_RELEASE_TOKENS),
    });
    return keyReleaseToken;
  }

  /**
   * The stored hash of `sent` when it is a key release token this session issued, else null
   * (missing, unknown, another session's).
   */
  keyReleaseTokenHashOf(session: ActiveSession, sent: string | undefined): string | null {
    if (!sent || sent.length > 100) return null;
    const hash = Buffer.from(hashSessionToken(sent));
    const found = session.keyReleaseTokenHashes.find((stored) => {
      const candidate = Buffer.from(stored);
      return candidate.length === hash.length && timingSafeEqual(candidate, hash);
    });
    return found ?? null;
  }

  isRecentlyReauthenticated(session: ActiveSession): boolean {
    return (
      session.reauthenticatedAt !== null &&
      this.clock().getTime() - session.reauthenticatedAt.getTime() <
        this.limits.reauthMinutes * 60_000
    );
  }

  async setPendingTotp(session: ActiveSession, sealed: string | null): Promise<void> {
    await this.repository.update(session.id, { pendingTotpSealed: sealed });
  }

  async setWebauthnChallenge(
    session: ActiveSession,
    ceremony: WebauthnCeremony,
    challenge: string,
  ): Promise<void> {
    await this.repository.update(session.id, { [CHALLENGE_FIELDS[ceremony]]: challenge });
  }

  /** The challenge last issued to this session for `ceremony`, usable for one answer only. */
  async takeWebauthnChallenge(
    session: ActiveSession,
    ceremony: WebauthnCeremony,
  ): Promise<string | null> {
    const challenge = await this.repository.takeWebauthnChallenge(session.id, ceremony);
    if (!challenge) return null;
    const keepUntil = new Date(this.clock().getTime() + 10 * 60_000);
    return (await this.marks.claim(`webauthn:${challenge}`, keepUntil)) ? challenge : null;
  }

  async countSecondFactorFailure(session: ActiveSession): Promise<number> {
    return (await this.repository.countSecondFactorFailure(session.id)) ?? Number.MAX_SAFE_INTEGER;
  }

  async end(session: ActiveSession): Promise<void> {
    await this.repository.delete(session.id);
  }

  /** How many sessions an account has open (what endAllFor would end now). */
  async countFor(accountId: string): Promise<number> {
    return await this.repository.countForAccount(accountId);
  }

  /**
   * Ends every session of `session`'s account but `session` itself (a factor removed or replaced,
   * new recovery codes: whoever was signed in with the old factor is signed out).
   */
  async endOthersOf(session: ActiveSession): Promise<number> {
    return await this.repository.deleteOthersForAccount(session.accountId, session.id);
  }

  /** Ends every session of an account (password change, offboarding, factor reset). */
  async endAllFor(accountId: string): Promise<number> {
    return await this.repository.deleteAllForAccount(accountId);
  }

  private isExpired(stored: StoredSession, now: Date): boolean {
    return (
      now >= stored.absoluteExpiresAt ||
      now.getTime() - stored.lastSeenAt.getTime() >= this.limits.idleMinutes * 60_000
    );
  }

  private expiryOf(lastSeen: Date, absoluteExpiresAt: Date): Date {
    const idleEnd = lastSeen.getTime() + this.limits.idleMinutes * 60_000;
    return new Date(Math.min(idleEnd, absoluteExpiresAt.getTime()));
  }
}

function toActiveSession(stored: StoredSession): ActiveSession {
  return {
    id: stored._id,
    accountId: stored.accountId,
    stage: stored.stage,
    csrfToken: stored.csrfToken,
    reauthenticatedAt: stored.reauthenticatedAt,
    reauthProof: stored.reauthProof ?? null,
    // Sessions stored before the field existed have none: the key needs a re-authentication.
    keyReleaseTokenHashes: stored.keyReleaseTokenHashes ?? [],
    pendingTotpSealed: stored.pendingTotpSealed,
  };
}
