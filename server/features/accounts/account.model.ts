import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, required } from '../../platform/schema-fields';

export const STAFF_ROLES = ['admin', 'caseworker', 'analyst'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type AccountStatus = 'invited' | 'active' | 'disabled';

/**
 * A staff account. The username is a pseudonym; no e-mail or real name is needed. Second-factor
 * material lives here (sealed TOTP seed) and in the webauthn_credentials and recovery_codes
 * collections (sign-in feature).
 */
export interface AccountDocument {
  _id: string; // random, 32 hex
  username: string; // lower-case
  role: StaffRole;
  status: AccountStatus;
  passwordHash: string | null; // argon2id PHC string
  totpSecretSealed: string | null; // AES-256-GCM under FACTOR_ENCRYPTION_KEY
  /** When the app was set up by a session proven with a recovery code (sign-in.service); else null. */
  totpAddedUnderRecoveryAt?: Date | null;
  totpLastUsedStep: number; // each TOTP code is accepted once: only later steps pass
  createdOn: string; // YYYY-MM-DD
}

const accountSchema = collectionSchema<AccountDocument>('accounts', {
  _id: required(String),
  username: required(String),
  role: { ...required(String), enum: STAFF_ROLES },
  status: { ...required(String), enum: ['invited', 'active', 'disabled'] },
  passwordHash: nullable(String),
  totpSecretSealed: nullable(String),
  totpAddedUnderRecoveryAt: nullable(Date),
  totpLastUsedStep: { ...required(Number), default: 0 },
  createdOn: required(String),
});
accountSchema.index({ username: 1 }, { unique: true });

export const accountModel = modelOn<AccountDocument>('Account', accountSchema);

/** A single-use invitation; only the SHA-256 of its token is stored. */
export interface InviteDocument {
  _id: string; // sha256(token) hex
  accountId: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** Set when a newer link for the same account replaced this one before it was used. */
  revokedAt: Date | null;
}

const inviteSchema = collectionSchema<InviteDocument>('invites', {
  _id: required(String),
  accountId: required(String),
  expiresAt: required(Date),
  usedAt: nullable(Date),
  revokedAt: nullable(Date),
});
// An account's links: all of them (counted), or those not used yet.
inviteSchema.index({ accountId: 1, usedAt: 1 });

/** Indexes earlier versions declared and nothing uses any more (dropped at start). */
export const OBSOLETE_INVITE_INDEXES = ['accountId_1'];

export const inviteModel = modelOn<InviteDocument>('Invite', inviteSchema);
