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
   * Rotation: the retired key `from` becomes `from + 1` with its new wrapping, in one conditional
   * write; false when the key is not (or no longer) that retired version: another dashboard
   * rotated first, or nothing was offboarded.
   */
  async rotate(from: number, message: Uint8Array): Promise<boolean> {
    const result = await this.collection().updateOne(
      { _id: CURRENT, version: from, retired: true },
      { $set: { version: from + 1, message: Buffer.from(message), retired: false } },
      { writeConcern: DURABLE_WRITE },
    );
    return result.matchedCount === 1;
  }
}
