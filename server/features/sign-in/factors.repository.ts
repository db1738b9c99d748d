import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE, bytesOf } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import type { SingleUseMarks } from '../../platform/single-use';
import {
  factorChangeModel,
  loginAttemptModel,
  recoveryCodeModel,
  recoveryGenerationModel,
  trustedDeviceModel,
  webauthnCredentialModel,
  type FactorChangeDocument,
  type LoginAttemptDocument,
  type RecoveryCodeDocument,
  type RecoveryGenerationDocument,
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
  /** When it was registered under a recovery-code proof (absent: not, or stored before). */
  readonly addedUnderRecoveryAt?: Date | null;
}

/** Second-factor material and login bookkeeping; one repository for the sign-in feature. */
export class FactorsRepository {
  private readonly credentials;
  private readonly recoveryCodes;
  private readonly attempts;
  private readonly devices;
  private readonly changes;
  private readonly generations;

  constructor(
    connection: Connection,
    private readonly marks: SingleUseMarks,
  ) {
    this.credentials = webauthnCredentialModel(connection);
    this.recoveryCodes = recoveryCodeModel(connection);
    this.attempts = loginAttemptModel(connection);
    this.devices = trustedDeviceModel(connection);
    this.changes = factorChangeModel(connection);
    this.generations = recoveryGenerationModel(connection);
  }

  /** Expired attempts and devices go by expiry.ts (TTL index, or its sweep). */
  async ensureIndexes(): Promise<void> {
    await this.credentials.createIndexes();
    await this.recoveryCodes.createIndexes();
    await this.attempts.createIndexes();
    await this.devices.createIndexes();
    await this.changes.createIndexes();
    await this.generations.createIndexes();
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
        addedUnderRecoveryAt: credential.addedUnderRecoveryAt ?? null,
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
      addedUnderRecoveryAt: document.addedUnderRecoveryAt ?? null,
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

  // --- changes of the factor set (factor_changes, factors.model.ts)

  /**
   * Claims the next change of the account's factors: its version, or null when a change that read
   * the same latest version claimed it first. `removes` names the factor a removal takes away.
   */
  async claimChange(
    accountId: string,
    removes: string | null,
    expiresAt: Date,
  ): Promise<number | null> {
    const latest = await this.changes
      .findOne({ accountId }, { version: 1 })
      .sort({ version: -1 })
      .lean<Pick<FactorChangeDocument, 'version'>>()
      .exec();
    // Never below the newest recovery codes, even once the change that made them has expired.
    const version = Math.max(latest?.version ?? 0, await this.newestGeneration(accountId)) + 1;
    try {
      await this.changes.create([
        { _id: `${accountId}:${version}`, accountId, version, removes, expiresAt },
      ]);
      return version;
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }

  /**
   * The factors taken away by the account's removals up to `version`, under way or done, that
   * have not expired: a removal that claimed before `version` may not have deleted its factor yet.
   */
  async removalsUpTo(accountId: string, version: number, now: Date): Promise<Set<string>> {
    const changes = await this.changes
      .find({ accountId, version: trusted({ $lte: version }) })
      .lean<FactorChangeDocument[]>()
      .exec();
    return new Set(
      changes
        .filter((change) => change.expiresAt > now)
        .flatMap((change) => (change.removes === null ? [] : [change.removes])),
    );
  }

  /** A claimed removal that was refused takes nothing away (only its claimer writes it). */
  async cancelRemoval(accountId: string, version: number): Promise<void> {
    await this.changes
      .updateOne({ _id: `${accountId}:${version}` }, { $set: { removes: null } })
      .exec();
  }

  // --- recovery codes

  /**
   * Makes `codeHashes` the account's only valid recovery codes: false, with nothing changed, when
   * another change of the account's factors claimed the same version, or a later set of codes was
   * committed meanwhile (storeRecoveryCodes).
   */
  async replaceRecoveryCodes(
    accountId: string,
    codeHashes: readonly string[],
    expiresAt: Date,
  ): Promise<boolean> {
    const generation = await this.claimChange(accountId, null, expiresAt);
    if (generation === null) return false;
    return await this.storeRecoveryCodes(accountId, generation, codeHashes);
  }

  /**
   * Stores `codeHashes` as the generation of the change `generation` claimed (claimChange), then
   * commits it, then deletes the older sets; false, its own set deleted, when a later generation
   * was committed meanwhile. Only a committed generation is valid, so a failure part way (some
   * codes stored, or all of them but no commit) leaves the old set valid.
   */
  async storeRecoveryCodes(
    accountId: string,
    generation: number,
    codeHashes: readonly string[],
  ): Promise<boolean> {
    await this.recoveryCodes.insertMany(
      codeHashes.map((hash) => ({ _id: hash, accountId, generation })),
    );
    if ((await this.newestGeneration(accountId)) > generation) {
      await this.recoveryCodes
        .deleteMany({ accountId, generation }, { writeConcern: DURABLE_WRITE })
        .exec();
      return false;
    }
    await this.generations.create([{ _id: `${accountId}:${generation}`, accountId, generation }]);
    await this.recoveryCodes
      .deleteMany(
        {
          accountId,
          $or: [
            { generation: trusted({ $lt: generation }) },
            { generation: trusted({ $exists: false }) },
          ],
        },
        { writeConcern: DURABLE_WRITE },
      )
      .exec();
    return true;
  }

  /** Whether the code is one of this account's current set, not used yet. */
  async hasRecoveryCode(accountId: string, codeHash: string): Promise<boolean> {
    const code = await this.recoveryCodes
      .findOne({ _id: codeHash, accountId })
      .lean<RecoveryCodeDocument>()
      .exec();
    return code !== null && (code.generation ?? 0) === (await this.newestGeneration(accountId));
  }

  /** Deletes the code if it is one of this account's current set: true means it was valid and is now used. */
  async useRecoveryCode(accountId: string, codeHash: string): Promise<boolean> {
    if (!(await this.hasRecoveryCode(accountId, codeHash))) return false;
    const tenYears = new Date(Date.now() + 10 * 365 * 86_400_000);
    if (!(await this.marks.claim(`recovery:${codeHash}`, tenYears))) return false;
    const result = await this.recoveryCodes
      .deleteOne({ _id: codeHash, accountId }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.deletedCount === 1;
  }

  async countRecoveryCodes(accountId: string): Promise<number> {
    const generation = await this.newestGeneration(accountId);
    return await this.recoveryCodes
      .countDocuments({
        accountId,
        generation: generation === 0 ? trusted({ $exists: false }) : generation,
      })
      .exec();
  }

  /**
   * The account's newest committed generation of recovery codes; 0 (codes stored without a
   * generation, before generations existed) when none was committed.
   */
  private async newestGeneration(accountId: string): Promise<number> {
    const newest = await this.generations
      .findOne({ accountId }, { generation: 1 })
      .sort({ generation: -1 })
      .lean<Pick<RecoveryGenerationDocument, 'generation'>>()
      .exec();
    return newest?.generation ?? 0;
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
