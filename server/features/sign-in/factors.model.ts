import { collectionSchema, modelOn } from '../../platform/db';
import { nullable, optional, required } from '../../platform/schema-fields';

/** A registered security key (WebAuthn). Public material only. */
export interface WebauthnCredentialDocument {
  _id: string; // credential id, base64url
  accountId: string;
  publicKey: Buffer; // COSE public key
  counter: number;
  transports: string[];
  name: string;
  addedOn: string; // YYYY-MM-DD
  /** When it was registered by a session proven with a recovery code (sign-in.service); else null. */
  addedUnderRecoveryAt?: Date | null;
}

const webauthnCredentialSchema = collectionSchema<WebauthnCredentialDocument>(
  'webauthn_credentials',
  {
    _id: required(String),
    accountId: required(String),
    publicKey: required(Buffer),
    counter: required(Number),
    transports: required([String]),
    name: { ...required(String), maxlength: 60 },
    addedOn: required(String),
    addedUnderRecoveryAt: nullable(Date),
  },
);
webauthnCredentialSchema.index({ accountId: 1 });

export const webauthnCredentialModel = modelOn<WebauthnCredentialDocument>(
  'WebauthnCredential',
  webauthnCredentialSchema,
);

/**
 * One unused recovery code, stored as SHA-256 of its 80 random bits. Only the codes of the
 * account's newest committed generation are valid: a renewal inserts its set under the change it
 * claimed (FactorChangeDocument), commits the generation once every code is stored
 * (RecoveryGenerationDocument), and only then deletes the older sets, so two renewals never leave
 * two sets and a renewal that fails part way leaves the old set valid.
 */
export interface RecoveryCodeDocument {
  _id: string; // sha256(normalised code) hex
  accountId: string;
  /** The version of the factor change that made the set; absent on codes stored before: 0. */
  generation?: number;
}

const recoveryCodeSchema = collectionSchema<RecoveryCodeDocument>('recovery_codes', {
  _id: required(String),
  accountId: required(String),
  generation: optional(Number),
});
recoveryCodeSchema.index({ accountId: 1, generation: -1 });

export const recoveryCodeModel = modelOn<RecoveryCodeDocument>('RecoveryCode', recoveryCodeSchema);

/**
 * A generation of an account's recovery codes whose every code is stored: written after the set,
 * before the older sets are deleted. Never expires, so the newest committed generation only grows.
 */
export interface RecoveryGenerationDocument {
  _id: string; // `${accountId}:${generation}`
  accountId: string;
  generation: number;
}

const recoveryGenerationSchema = collectionSchema<RecoveryGenerationDocument>(
  'recovery_code_generations',
  { _id: required(String), accountId: required(String), generation: required(Number) },
);
recoveryGenerationSchema.index({ accountId: 1, generation: -1 });

export const recoveryGenerationModel = modelOn<RecoveryGenerationDocument>(
  'RecoveryGeneration',
  recoveryGenerationSchema,
);

/**
 * One change of an account's second factors (a removal or a new set of recovery codes), numbered
 * per account. A change is claimed by inserting the number after the latest one: two changes that
 * read the same latest number want the same id and only one gets it (conditional updates are not
 * atomic on FerretDB v1, and it has no multi-document transactions). Each claim was inserted after
 * every lower one, so a change reading the claims after its own sees every earlier change, even
 * one still under way.
 */
export interface FactorChangeDocument {
  _id: string; // `${accountId}:${version}`
  accountId: string;
  version: number;
  /** The factor a removal takes away (factorIdentity), null for a renewal or a refused removal. */
  removes: string | null;
  /** Long after any request ends: a removal under way is counted as done until then. */
  expiresAt: Date;
}

const factorChangeSchema = collectionSchema<FactorChangeDocument>('factor_changes', {
  _id: required(String),
  accountId: required(String),
  version: required(Number),
  removes: nullable(String),
  expiresAt: required(Date),
});
factorChangeSchema.index({ accountId: 1, version: -1 });

export const factorChangeModel = modelOn<FactorChangeDocument>('FactorChange', factorChangeSchema);

/**
 * One sign-in attempt counted against a key: an account, a device (device cookie) or a client
 * address (keyed hash). See login-throttle.ts. Attempts are numbered per key (`seq`), and an
 * attempt is counted by inserting the next number: two racing attempts that read the same state
 * want the same id, and only one gets it.
 */
export interface LoginAttemptDocument {
  _id: string; // `${key}:${seq}`
  key: string;
  seq: number;
  /** The seq of the first attempt of the counting cycle this one belongs to. */
  cycleStart: number;
  at: Date;
  /** A day after the attempt: a cycle ends when its last attempt expires (expiry.ts). */
  expiresAt: Date;
}

const loginAttemptSchema = collectionSchema<LoginAttemptDocument>('login_attempts', {
  _id: required(String),
  key: required(String),
  seq: required(Number),
  cycleStart: required(Number),
  at: required(Date),
  expiresAt: required(Date),
});
loginAttemptSchema.index({ key: 1, seq: -1 });

export const loginAttemptModel = modelOn<LoginAttemptDocument>('LoginAttempt', loginAttemptSchema);

/** A browser that completed a sign-in for an account: its failed logins are counted apart. */
export interface TrustedDeviceDocument {
  _id: string; // sha256(device token) hex
  accountId: string;
  expiresAt: Date;
}

const trustedDeviceSchema = collectionSchema<TrustedDeviceDocument>('trusted_devices', {
  _id: required(String),
  accountId: required(String),
  expiresAt: required(Date),
});
trustedDeviceSchema.index({ accountId: 1 });

export const trustedDeviceModel = modelOn<TrustedDeviceDocument>(
  'TrustedDevice',
  trustedDeviceSchema,
);
