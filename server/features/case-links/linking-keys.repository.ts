import { bytesOf, DURABLE_WRITE, repositoryOver } from '../../platform/db';
import { linkingKeyModel } from './linking-key.model';

export interface StoredLinkingKey {
  readonly version: number;
  readonly message: Uint8Array;
  readonly retired: boolean;
}

const CURRENT = 'current';

export class LinkingKeysRepository extends repositoryOver(linkingKeyModel) {
  async findCurrent(): Promise<StoredLinkingKey | null> {
    const document = await this.collection().findOne({ _id: CURRENT });
    return document
      ? {
          version: document.version,
          message: bytesOf(document.message),
          retired: document.retired,
        }
      : null;
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

  /** Offboarding: whoever left may hold the key, so it must not make another token. */
  async retireCurrent(): Promise<void> {
    await this.collection().updateOne(
      { _id: CURRENT },
      { $set: { retired: true } },
      { writeConcern: DURABLE_WRITE },
    );
  }

  /**
   * Rotation, first step: the successor's wrapping waits beside the retired key `from`, which
   * stays retired (a rotation cut short and run again replaces it); false when the key is not
   * (or no longer) that retired version.
   */
  async beginRotation(from: number, message: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: CURRENT, version: from, retired: true },
      { $set: { pending: Buffer.from(message) } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }

  /**
   * Rotation, last step (every case re-keyed): the waiting wrapping becomes the current key
   * `from + 1`; false when another rotation replaced it or finished first.
   */
  async finishRotation(from: number, message: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: CURRENT, version: from, retired: true, pending: Buffer.from(message) },
      {
        $set: { version: from + 1, message: Buffer.from(message), retired: false },
        $unset: { pending: '' },
      },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }
}
