import { collectionSchema, modelOn } from '../../platform/db';

/** A registered security key (WebAuthn). Public material only. */
export interface WebauthnCredentialDocument {
  _id: string; // credential id, base64url
  accountId: string;
  publicKey: Buffer; // COSE public key
  counter: number;
  transports: string[];
  name: string;
  addedOn: string; // YYYY-MM-DD
}

const webauthnCredentialSchema = collectionSchema<WebauthnCredentialDocument>(
  'webauthn_credentials',
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    publicKey: { type: Buffer, required: true },
    counter: { type: Number, required: true },
    transports: { type: [String], required: true },
    name: { type: String, required: true, maxlength: 60 },
    addedOn: { type: String, required: true },
  },
);
webauthnCredentialSchema.index({ accountId: 1 });

export const webauthnCredentialModel = modelOn<WebauthnCredentialDocument>(
  'WebauthnCredential',
  webauthnCredentialSchema,
);

/** One unused recovery code, stored as SHA-256 of its 80 random bits. */
export interface RecoveryCodeDocument {
  _id: string; // sha256(normalised code) hex
  accountId: string;
}

const recoveryCodeSchema = collectionSchema<RecoveryCodeDocument>('recovery_codes', {
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
});
recoveryCodeSchema.index({ accountId: 1 });

export const recoveryCodeModel = modelOn<RecoveryCodeDocument>('RecoveryCode', recoveryCodeSchema);

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
  _id: { type: String, required: true },
  key: { type: String, required: true },
  seq: { type: Number, required: true },
  cycleStart: { type: Number, required: true },
  at: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
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
  _id: { type: String, required: true },
  accountId: { type: String, required: true },
  expiresAt: { type: Date, required: true },
});
trustedDeviceSchema.index({ accountId: 1 });

export const trustedDeviceModel = modelOn<TrustedDeviceDocument>(
  'TrustedDevice',
  trustedDeviceSchema,
);
