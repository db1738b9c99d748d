import { trusted, type Connection } from 'mongoose';
import { dropIndexesIfPresent, DURABLE_WRITE } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import {
  accountModel,
  inviteModel,
  type AccountDocument,
  type AccountStatus,
  OBSOLETE_INVITE_INDEXES,
  type InviteDocument,
  type StaffRole,
} from './account.model';
import { copyFields } from '../../platform/copy-fields';

export interface Account {
  readonly id: string;
  readonly username: string;
  readonly role: StaffRole;
  readonly status: AccountStatus;
  readonly passwordHash: string | null;
  readonly totpSecretSealed: string | null;
  /** When the app was set up under a recovery-code proof (absent: not, or stored before). */
  readonly totpAddedUnderRecoveryAt?: Date | null;
  readonly totpLastUsedStep: number;
  readonly createdOn: string;
}

export class AccountsRepository {
  private readonly accounts;
  private readonly invites;

  constructor(connection: Connection) {
    this.accounts = accountModel(connection);
    this.invites = inviteModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.accounts.createIndexes();
    await this.invites.createIndexes();
    await dropIndexesIfPresent(this.invites.collection, OBSOLETE_INVITE_INDEXES);
  }

  /** 'taken' when the username exists (unique index), so two admins cannot invite the same name. */
  async insert(account: Account): Promise<'inserted' | 'taken'> {
    try {
      await this.accounts.create([
        {
          _id: account.id,
          username: account.username,
          role: account.role,
          status: account.status,
          passwordHash: account.passwordHash,
          totpSecretSealed: account.totpSecretSealed,
          totpLastUsedStep: account.totpLastUsedStep,
          createdOn: account.createdOn,
        },
      ]);
      return 'inserted';
    } catch (error) {
      if (isDuplicateKeyError(error)) return 'taken';
      throw error;
    }
  }

  async findById(id: string): Promise<Account | null> {
    const document = await this.accounts.findById(id).lean<AccountDocument>().exec();
    return document ? toAccount(document) : null;
  }

  async findByUsername(username: string): Promise<Account | null> {
    const document = await this.accounts.findOne({ username }).lean<AccountDocument>().exec();
    return document ? toAccount(document) : null;
  }

  async listAll(): Promise<Account[]> {
    const documents = await this.accounts
      .find({})
      .sort({ username: 1 })
      .lean<AccountDocument[]>()
      .exec();
    return documents.map(toAccount);
  }

  async update(
    id: string,
    changes: Partial<
      Pick<
        Account,
        | 'status'
        | 'passwordHash'
        | 'totpSecretSealed'
        | 'totpAddedUnderRecoveryAt'
        | 'totpLastUsedStep'
      >
    >,
  ): Promise<boolean> {
    const result = await this.accounts
      .updateOne({ _id: id }, { $set: changes }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.matchedCount === 1;
  }

  /**
   * Removes the authenticator app whose sealed secret is `sealed`, and only that one: a removal
   * that finishes after the app was replaced leaves the new app alone. False when it is not stored.
   */
  async clearTotpSecret(id: string, sealed: string): Promise<boolean> {
    const result = await this.accounts
      .updateOne(
        { _id: id, totpSecretSealed: sealed },
        { $set: { totpSecretSealed: null, totpAddedUnderRecoveryAt: null } },
        { writeConcern: DURABLE_WRITE },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /**
   * Records that a TOTP time step was used, only if no later or equal step was: the conditional
   * update makes each code single-use even when two requests race.
   */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.accounts
      .updateOne(
        { _id: id, totpLastUsedStep: trusted({ $lt: step }) },
        { $set: { totpLastUsedStep: step } },
        { writeConcern: DURABLE_WRITE },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async insertInvite(invite: InviteDocument): Promise<void> {
    await this.invites.create([invite]);
  }

  /** Marks an unused, unexpired invite used; null when there is none (used, expired, unknown). */
  async consumeInvite(tokenHash: string, now: Date): Promise<InviteDocument | null> {
    return await this.invites
      .findOneAndUpdate(
        { _id: tokenHash, usedAt: null, expiresAt: trusted({ $gt: now }) },
        { $set: { usedAt: now } },
        { returnDocument: 'after', writeConcern: DURABLE_WRITE },
      )
      .lean<InviteDocument>()
      .exec();
  }

  /** Every link ever issued for the account (links are never deleted). */
  async countInvites(accountId: string): Promise<number> {
    return await this.invites.countDocuments({ accountId }).exec();
  }

  async findInvite(tokenHash: string): Promise<InviteDocument | null> {
    const invite = await this.invites.findById(tokenHash).lean<InviteDocument>().exec();
    // Invites stored before revocation existed have no revokedAt: never revoked.
    return invite ? { ...invite, revokedAt: invite.revokedAt ?? null } : null;
  }

  /** The account's links that are neither used nor revoked (expired ones included). */
  async listOpenInvites(accountId: string): Promise<InviteDocument[]> {
    const invites = await this.invites
      .find({ accountId, usedAt: null })
      .lean<InviteDocument[]>()
      .exec();
    return invites.filter((invite) => !invite.revokedAt);
  }

  async revokeInvites(tokenHashes: readonly string[], now: Date): Promise<void> {
    if (tokenHashes.length === 0) return;
    await this.invites
      .updateMany(
        { _id: trusted({ $in: [...tokenHashes] }) },
        { $set: { revokedAt: now } },
        { writeConcern: DURABLE_WRITE },
      )
      .exec();
  }
}

function toAccount(document: AccountDocument): Account {
  return {
    id: document._id,
    ...copyFields(document, [
      'username',
      'role',
      'status',
      'passwordHash',
      'totpSecretSealed',
      'totpLastUsedStep',
      'createdOn',
    ]),
    totpAddedUnderRecoveryAt: document.totpAddedUnderRecoveryAt ?? null,
  };
}
