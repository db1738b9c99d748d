import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, required } from '../../platform/schema-fields';

export type SessionStage = 'second-factor' | 'enrol-factor' | 'full';

/**
 * The kind of factor the session's last proof of password and factor used. A recovery code only
 * stands in for a factor: whoever proved with one may add a factor, never strip the owner's.
 * 'enrolment': the step up that enrolled the account's first factor.
 */
export type ReauthProof = 'totp' | 'webauthn' | 'recovery' | 'enrolment';

/**
 * A staff session, shared by every app instance. The browser holds only the random token; this
 * document is stored under its SHA-256, so a database reader cannot replay a session.
 */
export interface SessionDocument {
  _id: string; // sha256(token) hex
  accountId: string;
  stage: SessionStage;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  absoluteExpiresAt: Date;
  /** When the idle or absolute limit ends it, whichever comes first (TTL index or sweep). */
  expiresAt: Date;
  reauthenticatedAt: Date | null;
  /** Which kind of factor that re-authentication used: null before any, absent on older sessions. */
  reauthProof?: ReauthProof | null;
  /**
   * SHA-256 (hex) of the key release tokens issued to this session, newest last (at most
   * MAX_KEY_RELEASE_TOKENS): one with every sign-in and re-authentication, held only by the tab
   * that proved password and factor. The protected secret key is released only with one of
   * them, so the session cookie alone (stolen, or another tab) does not carry the key off.
   * Absent on sessions stored before tokens existed: none.
   */
  keyReleaseTokenHashes: string[];
  secondFactorFailures: number;
  /** A TOTP seed being enrolled, sealed, until the first code confirms it. */
  pendingTotpSealed: string | null;
  /**
   * The WebAuthn challenges last issued to this session (base64url), one per ceremony, so that
   * starting one (a sign-in or re-authentication, which a copied cookie can start) neither voids
   * nor answers the other (a security key registration under way).
   */
  registrationChallenge: string | null;
  authenticationChallenge: string | null;
}

const sessionSchema = collectionSchema<SessionDocument>('staff_sessions', {
  _id: required(String),
  accountId: required(String),
  stage: { ...required(String), enum: ['second-factor', 'enrol-factor', 'full'] },
  csrfToken: required(String),
  createdAt: required(Date),
  lastSeenAt: required(Date),
  absoluteExpiresAt: required(Date),
  expiresAt: required(Date),
  reauthenticatedAt: nullable(Date),
  reauthProof: { ...nullable(String), enum: ['totp', 'webauthn', 'recovery', 'enrolment', null] },
  keyReleaseTokenHashes: { type: [String], default: [] },
  secondFactorFailures: { ...required(Number), default: 0 },
  pendingTotpSealed: nullable(String),
  registrationChallenge: nullable(String),
  authenticationChallenge: nullable(String),
});
sessionSchema.index({ accountId: 1 });

export const sessionModel = modelOn<SessionDocument>('StaffSession', sessionSchema);
