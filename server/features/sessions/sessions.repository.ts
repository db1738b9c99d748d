import { randomBytes } from 'node:crypto';
import type { Collection } from 'mongodb';
import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { sessionModel, type SessionDocument } from './session.model';

export type StoredSession = Readonly<SessionDocument>;

/** The two WebAuthn ceremonies, each with its own challenge (session.model.ts). */
export type WebauthnCeremony = 'registration' | 'authentication';

export const CHALLENGE_FIELDS = {
  registration: 'registrationChallenge',
  authentication: 'authenticationChallenge',
} as const satisfies Record<WebauthnCeremony, keyof SessionDocument>;

/** One wrong second-factor code given in a session; it expires with the session (expiry.ts). */
interface SecondFactorFailureDocument {
  _id: string; // random: a failure is counted by inserting it, never by incrementing
  sessionId: string;
  expiresAt: Date;
}

export class SessionsRepository extends repositoryOver(sessionModel) {
  private readonly failures: Collection<SecondFactorFailureDocument>;

  constructor(connection: Connection) {
    super(connection);
    this.failures = connection.collection<SecondFactorFailureDocument>('second_factor_failures');
  }

  /** Expired sessions and failures go by expiry.ts (TTL index, or its sweep). */
  override async ensureIndexes(): Promise<void> {
    await super.ensureIndexes();
    await this.failures.createIndex({ sessionId: 1 });
  }

  async insert(session: SessionDocument): Promise<void> {
    await this.model.create([session]);
  }

  async findById(id: string): Promise<StoredSession | null> {
    return await this.model.findById(id).lean<SessionDocument>().exec();
  }

  async update(
    id: string,
    changes: Partial<Omit<SessionDocument, '_id' | 'accountId' | 'createdAt'>>,
  ): Promise<void> {
    await this.model.updateOne({ _id: id }, { $set: changes }).exec();
  }

  /**
   * Counts a failed second-factor try; returns the session's failures so far, this one included
   * (null if the session is gone). Each failure is its own document, counted after it is
   * inserted: concurrent wrong codes each count (FerretDB v1 loses concurrent `$inc`s).
   */
  async countSecondFactorFailure(id: string): Promise<number | null> {
    const session = await this.model
      .findById(id, { absoluteExpiresAt: 1 })
      .lean<Pick<SessionDocument, 'absoluteExpiresAt'>>()
      .exec();
    if (!session) return null;
    await this.failures.insertOne({
      _id: randomBytes(16).toString('base64url'),
      sessionId: id,
      expiresAt: session.absoluteExpiresAt,
    });
    return await this.failures.countDocuments({ sessionId: id });
  }

  /** Takes the WebAuthn challenge stored for one ceremony so it can be answered only once. */
  async takeWebauthnChallenge(id: string, ceremony: WebauthnCeremony): Promise<string | null> {
    const field = CHALLENGE_FIELDS[ceremony];
    const before = await this.model
      .findOneAndUpdate(
        { _id: id, [field]: trusted({ $ne: null }) },
        { $set: { [field]: null } },
        { returnDocument: 'before' },
      )
      .lean<SessionDocument>()
      .exec();
    return before?.[field] ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }, { writeConcern: DURABLE_WRITE }).exec();
  }

  async countForAccount(accountId: string): Promise<number> {
    return await this.model.countDocuments({ accountId }).exec();
  }

  async deleteOthersForAccount(accountId: string, keepId: string): Promise<number> {
    const result = await this.model
      .deleteMany({ accountId, _id: trusted({ $ne: keepId }) }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.deletedCount;
  }

  async deleteAllForAccount(accountId: string): Promise<number> {
    const result = await this.model
      .deleteMany({ accountId }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.deletedCount;
  }
}
