import { Schema, type Connection } from 'mongoose';
import { DURABLE_WRITE } from '../../platform/db';

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

const webauthnCredentialSchema = new Schema<WebauthnCredentialDocument>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    publicKey: { type: Buffer, required: true },
    counter: { type: Number, required: true },
    transports: { type: [String], required: true },
    name: { type: String, required: true, maxlength: 60 },
    addedOn: { type: String, required: true },
  },
  {
    collection: 'webauthn_credentials',
    versionKey: false,
    strict: 'throw',
    writeConcern: DURABLE_WRITE,
  },
);
webauthnCredentialSchema.index({ accountId: 1 });

export function webauthnCredentialModel(connection: Connection) {
  return connection.model<WebauthnCredentialDocument>(
    'WebauthnCredential',
    webauthnCredentialSchema,
    undefined,
    { overwriteModels: true },
  );
}

/** One unused recovery code, stored as SHA-256 of its 80 random bits. */
export interface RecoveryCodeDocument {
  _id: string; // sha256(normalised code) hex
  accountId: string;
}

const recoveryCodeSchema = new Schema<RecoveryCodeDocument>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
  },
  { collection: 'recovery_codes', versionKey: false, strict: 'throw', writeConcern: DURABLE_WRITE },
);
recoveryCodeSchema.index({ accountId: 1 });

export function recoveryCodeModel(connection: Connection) {
  return connection.model<RecoveryCodeDocument>('RecoveryCode', recoveryCodeSchema, undefined, {
    overwriteModels: true,
  });
}

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

const loginAttemptSchema = new Schema<LoginAttemptDocument>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    seq: { type: Number, required: true },
    cycleStart: { type: Number, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'login_attempts', versionKey: false, strict: 'throw', writeConcern: DURABLE_WRITE },
);
loginAttemptSchema.index({ key: 1, seq: -1 });

export function loginAttemptModel(connection: Connection) {
  return connection.model<LoginAttemptDocument>('LoginAttempt', loginAttemptSchema, undefined, {
    overwriteModels: true,
  });
}

/** A browser that completed a sign-in for an account: its failed logins are counted apart. */
export interface TrustedDeviceDocument {
  _id: string; // sha256(device token) hex
  accountId: string;
  expiresAt: Date;
}

const trustedDeviceSchema = new Schema<TrustedDeviceDocument>(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  {
    collection: 'trusted_devices',
    versionKey: false,
    strict: 'throw',
    writeConcern: DURABLE_WRITE,
  },
);
trustedDeviceSchema.index({ accountId: 1 });

export function trustedDeviceModel(connection: Connection) {
  return connection.model<TrustedDeviceDocument>('TrustedDevice', trustedDeviceSchema, undefined, {
    overwriteModels: true,
  });
}
