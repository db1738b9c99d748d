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
 * Failed-login bookkeeping for one key: an account, a device (device cookie) or a client address
 * (keyed hash). See login-throttle.ts.
 */
export interface LoginAttemptsDocument {
  _id: string;
  /** Random per counting cycle: names the single-use slot of each attempt (login-throttle.ts). */
  epoch: string;
  attempts: number;
  lastAttemptAt: Date;
  expiresAt: Date;
}

const loginAttemptsSchema = new Schema<LoginAttemptsDocument>(
  {
    _id: { type: String, required: true },
    epoch: { type: String, required: true },
    attempts: { type: Number, required: true },
    lastAttemptAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'login_attempts', versionKey: false, strict: 'throw', writeConcern: DURABLE_WRITE },
);

export function loginAttemptsModel(connection: Connection) {
  return connection.model<LoginAttemptsDocument>('LoginAttempts', loginAttemptsSchema, undefined, {
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
