import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE, bytesOf } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import type { SingleUseMarks } from '../../platform/single-use';
import {
  loginAttemptModel,
  recoveryCodeModel,
  trustedDeviceModel,
  webauthnCredentialModel,
  type LoginAttemptDocument,
  type TrustedDeviceDocument,
  type WebauthnCredentialDocument,
} from './factors.model';

export interface WebauthnCredential {
  readonly id: string;
  readonly accountId: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly name: string;
  readonly addedOn: string;
}

/** Second-factor material and login bookkeeping; one repository for the sign-in feature. */
export class FactorsRepository {
  private readonly credentials;
  private readonly recoveryCodes;
  private readonly attempts;
  private readonly devices;

  constructor(
    connection: Connection,
    private readonly marks: SingleUseMarks,
  ) {
    this.credentials = webauthnCredentialModel(connection);
    this.recoveryCodes = recoveryCodeModel(connection);
    this.attempts = loginAttemptModel(connection);
    this.devices = trustedDeviceModel(connection);
  }

  /** Expired attempts and devices go by expiry.ts (TTL index, or its sweep). */
  async ensureIndexes(): Promise<void> {
    await this.credentials.createIndexes();
    await this.recoveryCodes.createIndexes();
    await this.attempts.createIndexes();
    await this.devices.createIndexes();
  }

  // --- WebAuthn credentials

  async insertCredential(credential: WebauthnCredential): Promise<void> {
    await this.credentials.create([
      {
        _id: credential.id,
        accountId: credential.accountId,
        publicKey: Buffer.from(credential.publicKey),
        counter: credential.counter,
        transports: [...credential.transports],
        name: credential.name,
        addedOn: credential.addedOn,
      },
    ]);
  }

  async listCredentials(accountId: string): Promise<WebauthnCredential[]> {
    const documents = await this.credentials
      .find({ accountId })
      .lean<WebauthnCredentialDocument[]>()
      .exec();
    return documents.map((document) => ({
      id: document._id,
      accountId: document.accountId,
      publicKey: bytesOf(document.publicKey),
      counter: document.counter,
      transports: document.transports,
      name: document.name,
      addedOn: document.addedOn,
    }));
  }

  /** Moves the signature counter forward only (a cloned authenticator would repeat one). */
  async advanceCounter(credentialId: string, from: number, to: number): Promise<boolean> {
    const result = await this.credentials
      .updateOne({ _id: credentialId, counter: from }, { $set: { counter: to } })
      .exec();
    return result.modifiedCount === 1;
  }

  /** Removes one of the account's security keys; false when it has no such key. */
  async deleteCredential(accountId: string, credentialId: string): Promise<boolean> {
    const result = await this.credentials
      .deleteOne({ _id: credentialId, accountId }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.deletedCount === 1;
  }

  /**
   * Claims the removal of one factor from the set of factors named by `factorSetKey`: true for
   * the first claim of that set only, so two removals that saw the same set cannot both go on.
   */
  async claimRemoval(accountId: string, factorSetKey: string, expiresAt: Date): Promise<boolean> {
    return await this.marks.claim(`factor-removal:${accountId}:${factorSetKey}`, expiresAt);
  }

  // --- recovery codes

  async replaceRecoveryCodes(accountId: string, codeHashes: readonly string[]): Promise<void> {
    await this.recoveryCodes.deleteMany({ accountId }, { writeConcern: DURABLE_WRITE }).exec();
    await this.recoveryCodes.insertMany(codeHashes.map((hash) => ({ _id: hash, accountId })));
  }

  /** Whether the code is one of this account's, not used yet. */
  async hasRecoveryCode(accountId: string, codeHash: string): Promise<boolean> {
    return (await this.recoveryCodes.exists({ _id: codeHash, accountId }).exec()) !== null;
  }

  /** Deletes the code if it is one of this account's: true means it was valid and is now used. */
  async useRecoveryCode(accountId: string, codeHash: string): Promise<boolean> {
    const exists = await this.recoveryCodes.exists({ _id: codeHash, accountId }).exec();
    if (!exists) return false;
    const tenYears = new Date(Date.now() + 10 * 365 * 86_400_000);
    if (!(await this.marks.claim(`recovery:${codeHash}`, tenYears))) return false;
    const result = await this.recoveryCodes
      .deleteOne({ _id: codeHash, accountId }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.deletedCount === 1;
  }

  async countRecoveryCodes(accountId: string): Promise<number> {
    return await this.recoveryCodes.countDocuments({ accountId }).exec();
  }

  /** Removes every second factor of an account (admin reset, offboarding). */
  async deleteAllFactors(accountId: string): Promise<void> {
    await this.credentials.deleteMany({ accountId }, { writeConcern: DURABLE_WRITE }).exec();
    await this.recoveryCodes.deleteMany({ accountId }, { writeConcern: DURABLE_WRITE }).exec();
    await this.devices.deleteMany({ accountId }, { writeConcern: DURABLE_WRITE }).exec();
  }

  // --- login attempts and trusted devices

  /** The key's latest attempt, expired or not: the next attempt takes the number after it. */
  async findLatestAttempt(key: string): Promise<LoginAttemptDocument | null> {
    return await this.attempts
      .findOne({ key })
      .sort({ seq: -1 })
      .lean<LoginAttemptDocument>()
      .exec();
  }

  /**
   * Counts an attempt under its number; false when a racing attempt took that number first
   * (the insert is the atomic part: parallel guesses cannot slip through the same open slot).
   */
  async insertAttempt(attempt: LoginAttemptDocument): Promise<boolean> {
    try {
      await this.attempts.create([attempt]);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async clearAttempts(key: string): Promise<void> {
    await this.attempts.deleteMany({ key }).exec();
  }

  async insertTrustedDevice(device: TrustedDeviceDocument): Promise<void> {
    await this.devices.create([device]);
  }

  async findTrustedDevice(tokenHash: string, now: Date): Promise<TrustedDeviceDocument | null> {
    return await this.devices
      .findOne({ _id: tokenHash, expiresAt: trusted({ $gt: now }) })
      .lean<TrustedDeviceDocument>()
      .exec();
  }
}
