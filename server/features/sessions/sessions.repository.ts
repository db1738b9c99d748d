import { trusted, type Connection } from 'mongoose';
import { DURABLE_WRITE, isNotImplementedError } from '../../platform/db';
import { sessionModel, type SessionDocument } from './session.model';

export type StoredSession = Readonly<SessionDocument>;

export class SessionsRepository {
  private readonly model;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(connection: Connection) {
    this.model = sessionModel(connection);
  }

  /** TTL index where the server has one; FerretDB v1 has none, so expired sessions are swept. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
    try {
      await this.model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    } catch (error) {
      if (!isNotImplementedError(error)) throw error;
      await this.model.collection.createIndex({ expiresAt: 1 });
      this.sweepTimer ??= setInterval(() => {
        this.model.deleteMany({ expiresAt: trusted({ $lt: new Date() }) }).catch(() => {});
      }, 60_000);
      this.sweepTimer.unref();
    }
  }

  close(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
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

  /** Counts a failed second-factor try; returns the new count (null if the session is gone). */
  async countSecondFactorFailure(id: string): Promise<number | null> {
    const updated = await this.model
      .findOneAndUpdate(
        { _id: id },
        { $inc: { secondFactorFailures: 1 } },
        { returnDocument: 'after' },
      )
      .lean<SessionDocument>()
      .exec();
    return updated?.secondFactorFailures ?? null;
  }

  /** Takes the stored WebAuthn challenge so it can be answered only once. */
  async takeWebauthnChallenge(id: string): Promise<string | null> {
    const before = await this.model
      .findOneAndUpdate(
        { _id: id, webauthnChallenge: trusted({ $ne: null }) },
        { $set: { webauthnChallenge: null } },
        { returnDocument: 'before' },
      )
      .lean<SessionDocument>()
      .exec();
    return before?.webauthnChallenge ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }, { writeConcern: DURABLE_WRITE }).exec();
  }

  async countForAccount(accountId: string): Promise<number> {
    return await this.model.countDocuments({ accountId }).exec();
  }

  async deleteAllForAccount(accountId: string): Promise<number> {
    const result = await this.model
      .deleteMany({ accountId }, { writeConcern: DURABLE_WRITE })
      .exec();
    return result.deletedCount;
  }
}
