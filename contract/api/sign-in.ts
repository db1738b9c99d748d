/**
 * /api/auth/*: password, second factors, invitations, re-authentication (docs/http-api.md).
 * Strict request schemas: every value a bounded string, unknown fields refused.
 */
import * as z from 'zod/mini';
import { BASE64URL_PATTERN, SESSION_STAGES, STAFF_ROLES } from '../vocabulary';
import { daySchema } from './common';

const password = z.string().check(z.minLength(1), z.maxLength(1024));
const code = z.string().check(z.minLength(1), z.maxLength(64));
/** 256 random bits, base64url (server/features/sessions). */
const keyReleaseToken = z.string().check(z.length(43), z.regex(BASE64URL_PATTERN));

/** A WebAuthn response from @simplewebauthn/browser; verified field by field by the library. */
export const webauthnResponseSchema = z.looseObject({
  id: z.string().check(z.maxLength(1024)),
  rawId: z.string().check(z.maxLength(1024)),
  type: z.literal('public-key'),
});

export const loginRequestSchema = z.strictObject({
  username: z.string().check(z.minLength(1), z.maxLength(256)),
  password,
});
export const acceptInviteRequestSchema = z.strictObject({
  token: z.string().check(z.minLength(20), z.maxLength(100)),
  password,
});
/** POST /api/auth/invites/look-up: the link's token in the body (never in a URL, never logged). */
export const inviteLookUpRequestSchema = z.pick(acceptInviteRequestSchema, { token: true });
/** Whom an open invitation link is for: shown on the invitation page before a password is chosen. */
export const invitationAnswerSchema = z.object({ username: z.string() });
export const codeRequestSchema = z.strictObject({ code });
export const webauthnProofRequestSchema = z.strictObject({ response: webauthnResponseSchema });
export const securityKeyRequestSchema = z.strictObject({
  response: webauthnResponseSchema,
  name: z._default(z.string().check(z.maxLength(60)), 'security key'),
});
export const reauthRequestSchema = z.union([
  z.strictObject({ password, code }),
  z.strictObject({ password, webauthn: webauthnResponseSchema }),
]);
export const changePasswordRequestSchema = z.strictObject({
  currentPassword: password,
  newPassword: password,
});
/** Routes that take no input still refuse any field: nothing unexpected is ever ignored. */
export const emptyRequestSchema = z.strictObject({});

/** Where a browser's session stands; stage `none` carries nothing else. */
export const sessionViewSchema = z.object({
  stage: z.enum(SESSION_STAGES),
  /** Sent back in X-CSRF-Token with every state-changing request. */
  csrfToken: z.optional(z.string()),
  user: z.optional(z.object({ id: z.string(), username: z.string(), role: z.enum(STAFF_ROLES) })),
  factors: z.optional(
    z.object({
      totp: z.boolean(),
      webauthn: z.int().check(z.nonnegative()),
      recoveryCodesLeft: z.int().check(z.nonnegative()),
    }),
  ),
  idleTimeoutSeconds: z.number().check(z.positive()),
  /**
   * Only in the answer that completed a sign-in (or an enrolment): the key release token for
   * this tab, as in reauthenticatedSchema. Never in GET /api/auth/session.
   */
  keyReleaseToken: z.optional(keyReleaseToken),
});
export type SessionViewAnswer = z.infer<typeof sessionViewSchema>;

/**
 * POST /api/auth/reauth: the key release token for the tab that re-authenticated. The dashboard
 * keeps it in that tab's sessionStorage and sends it in X-Key-Release with GET
 * /api/me/key/secret; the session cookie alone does not release the key.
 */
export const reauthenticatedSchema = z.object({ keyReleaseToken });

/** A factor confirmed; recovery codes only with the account's first factor, shown once. */
export const factorEnrolledSchema = z.object({
  session: sessionViewSchema,
  recoveryCodes: z.optional(z.array(z.string())),
});

export const totpSetupSchema = z.object({
  secret: z.string(),
  /** For the QR code; carries the secret, so it is shown, never stored or logged. */
  otpauthUri: z.string(),
});

/** WebAuthn options for navigator.credentials (@simplewebauthn's JSON forms). */
export const webauthnOptionsSchema = z.looseObject({ challenge: z.string() });

/**
 * A staff member's own second factors (GET /api/auth/factors). The authenticator app's id is
 * `totp`; a security key's is its credential id (base64url). No secret and no public key: what
 * the account page needs to name a factor and remove it.
 */
export const TOTP_FACTOR_ID = 'totp';
export const FACTOR_ID_PATTERN = /^[A-Za-z0-9_-]{4,1400}$/;
export const factorIdSchema = z.string().check(z.regex(FACTOR_ID_PATTERN));
export const OWN_FACTOR_KINDS = ['totp', 'webauthn'] as const;
export const ownFactorSchema = z.object({
  id: z.string(),
  kind: z.enum(OWN_FACTOR_KINDS),
  /** The name given to a security key; null for the authenticator app. */
  name: z.nullable(z.string()),
  /** The day a security key was added; null for the authenticator app (no date is kept). */
  addedOn: z.nullable(daySchema),
});
export type OwnFactor = z.infer<typeof ownFactorSchema>;
/** The factors, and how many unused recovery codes are left (they are not a factor). */
export const ownFactorsSchema = z.object({
  factors: z.array(ownFactorSchema),
  recoveryCodesLeft: z.int().check(z.nonnegative()),
});
export type OwnFactors = z.infer<typeof ownFactorsSchema>;

/** POST /api/auth/factors/recovery-codes: a new set, shown once; the old set no longer works. */
export const newRecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
