import { trusted, type Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { DURABLE_WRITE, bytesOf, isNotImplementedError } from '../../platform/db';
import type { SingleUseMarks } from '../../platform/single-use';
import {
  loginAttemptsModel,
  recoveryCodeModel,
  trustedDeviceModel,
  webauthnCredentialModel,
  type LoginAttemptsDocument,
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
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(
    connection: Connection,
    private readonly marks: SingleUseMarks,
  ) {
    this.credentials = webauthnCredentialModel(connection);
    this.recoveryCodes = recoveryCodeModel(connection);
    this.attempts = loginAttemptsModel(connection);
    this.devices = trustedDeviceModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.credentials.createIndexes();
    await this.recoveryCodes.createIndexes();
    await this.devices.createIndexes();
    try {
      await this.attempts.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
      await this.devices.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    } catch (error) {
      if (!isNotImplementedError(error)) throw error;
      // FerretDB v1 has no TTL indexes; expired entries are also ignored when read.
      this.sweepTimer ??= setInterval(() => {
        const now = new Date();
        this.attempts.deleteMany({ expiresAt: trusted({ $lt: now }) }).catch(() => {});
        this.devices.deleteMany({ expiresAt: trusted({ $lt: now }) }).catch(() => {});
      }, 60_000);
      this.sweepTimer.unref();
    }
  }

  close(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
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

  async findAttempts(key: string): Promise<LoginAttemptsDocument | null> {
    return await this.attempts.findById(key).lean<LoginAttemptsDocument>().exec();
  }

  /**
   * Counts an attempt only if nobody else counted one since `seenAttempts` was read (optimistic
   * concurrency): parallel guesses cannot slip through the same open slot.
   */
  async countAttempt(
    key: string,
    seen: Pick<LoginAttemptsDocument, 'epoch' | 'attempts'> | null,
    now: Date,
    keepUntil: Date,
  ): Promise<boolean> {
    if (seen === null) {
      try {
        await this.attempts.create([
          {
            _id: key,
            epoch: randomBytes(12).toString('base64url'),
            attempts: 1,
            lastAttemptAt: now,
            expiresAt: keepUntil,
          },
        ]);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    }
    // Security: the slot insert is the atomic part; two racing attempts claim the same slot.
    if (
      !(await this.marks.claim(`throttle:${key}:${seen.epoch}:${seen.attempts + 1}`, keepUntil))
    ) {
      return false;
    }
    await this.attempts
      .updateOne(
        { _id: key, epoch: seen.epoch },
        { $set: { attempts: seen.attempts + 1, lastAttemptAt: now, expiresAt: keepUntil } },
      )
      .exec();
    return true;
  }

  async clearAttempts(key: string): Promise<void> {
    await this.attempts.deleteOne({ _id: key }).exec();
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
