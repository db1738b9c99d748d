/**
 * Single-use claims (a TOTP step, an invite, a recovery code, a WebAuthn challenge) rest on
 * inserting a unique _id: the second insert of the same id fails, atomically, on MongoDB and on
 * FerretDB alike. A conditional update (`updateOne({used: false}, …)`) is not enough: FerretDB
 * v1 reads then writes, and two racing requests were both seen to succeed.
 * Marks expire with what they guard (expiry.ts); an expired mark not yet deleted still refuses a
 * claim, which is harmless: what it guarded has expired too.
 */
import type { Collection, Connection } from 'mongoose';
import { DURABLE_WRITE } from './db';
import { isDuplicateKeyError } from './db-errors';

interface MarkDocument {
  _id: string;
  expiresAt: Date;
}

export class SingleUseMarks {
  private readonly collection: Collection<MarkDocument>;

  constructor(connection: Connection) {
    this.collection = connection.collection<MarkDocument>('single_use_marks');
  }

  /**
   * True for the first claim of `id`, false for every later one. Keep the mark at least as long
   * as the thing it guards stays valid (`expiresAt`).
   */
  async claim(id: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: id, expiresAt }, { writeConcern: DURABLE_WRITE });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
