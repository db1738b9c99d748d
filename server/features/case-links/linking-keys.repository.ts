import type { Collection, Connection } from 'mongoose';
import { bytesOf, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { isDuplicateKeyError } from '../../platform/db-errors';
import {
  linkingKeyRetirementModel,
  type LinkingKeyRetirementDocument,
} from './linking-key-retirement.model';
import { linkingKeyModel } from './linking-key.model';

export interface StoredLinkingKey {
  readonly version: number;
  readonly message: Uint8Array;
  readonly retired: boolean;
}

const CURRENT = 'current';

export class LinkingKeysRepository extends repositoryOver(linkingKeyModel) {
  private readonly retirements: Collection<LinkingKeyRetirementDocument>;

  constructor(connection: Connection) {
    super(connection);
    this.retirements = linkingKeyRetirementModel(connection)
      .collection as unknown as Collection<LinkingKeyRetirementDocument>;
  }

  /**
   * The current key; retired when its version has a retirement of its own (or, stored before
   * those, the flag in the key's document): the one answer every reader of "retired" gets.
   */
  async findCurrent(): Promise<StoredLinkingKey | null> {
    const document = await this.collection().findOne({ _id: CURRENT });
    if (document === null) return null;
    return {
      version: document.version,
      message: bytesOf(document.message),
      retired:
        document.retired || (await this.retirements.findOne({ _id: document.version })) !== null,
    };
  }

  /** Stores the first key; false when one is stored already (another dashboard was first). */
  async insertFirst(message: Uint8Array): Promise<boolean> {
    return await this.insertUnique({
      _id: CURRENT,
      version: 1,
      message: Buffer.from(message),
      retired: false,
    });
  }

  /** The current key wrapped again (for colleagues added since), if it is still `version`, live. */
  async replaceWrapping(version: number, message: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: CURRENT, version, retired: false },
      { $set: { message: Buffer.from(message) } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  /**
   * Offboarding: whoever left may hold the key, so it must not make another token. Recorded by
   * a unique insert, which no later write of the key's document can undo. A successor waiting
   * in a rotation may be wrapped for them too (its recipients were checked before their key was
   * removed), so it is retired with it; a rotation that finished meanwhile is read again.
   */
  async retireCurrent(): Promise<void> {
    let retired: number | null = null;
    for (;;) {
      const document = await this.collection().findOne({ _id: CURRENT });
      if (document === null || document.version === retired) return;
      await this.insertRetirement(document.version);
      if (document.pending !== undefined) {
        await this.insertRetirement(document.pendingVersion ?? document.version + 1);
      }
      retired = document.version;
    }
  }

  private async insertRetirement(version: number): Promise<void> {
    try {
      await this.retirements.insertOne({ _id: version }, { writeConcern: DURABLE_WRITE });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /**
   * Rotation, first step: the successor's wrapping waits beside the key `from` (retired: the
   * caller read it so), which stays retired (a rotation cut short and run again replaces it);
   * false when the key is no longer that version.
   */
  async beginRotation(from: number, version: number, message: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: CURRENT, version: from },
      { $set: { pending: Buffer.from(message), pendingVersion: version } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  /**
   * Rotation, last step (every case re-keyed): the waiting wrapping becomes the current key
   * `version`; false when another rotation replaced it or finished first.
   */
  async finishRotation(from: number, version: number, message: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: CURRENT, version: from, pending: Buffer.from(message), pendingVersion: version },
      {
        $set: { version, message: Buffer.from(message), retired: false },
        $unset: { pending: '', pendingVersion: '' },
      },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }
}
