import { trusted } from 'mongoose';
import { repositoryOver } from '../../platform/db';
import {
  caseworkerKeyModel,
  type CaseworkerKeyDocument,
  type CaseworkerKeyStatus,
} from './caseworker-key.model';
import { copyFields } from '../../platform/copy-fields';

export interface CaseworkerKey {
  readonly fingerprint: string;
  readonly label: string;
  readonly armoredPublicKey: string;
  readonly encryptionKeyIds: readonly string[];
  readonly status: CaseworkerKeyStatus;
  readonly addedOn: string;
  readonly ownerId: string | null;
  readonly protectedSecretKey: string | null;
}

export class CaseworkerKeysRepository extends repositoryOver(caseworkerKeyModel) {
  async findByFingerprint(fingerprint: string): Promise<CaseworkerKey | null> {
    const document = await this.model.findById(fingerprint).lean<CaseworkerKeyDocument>().exec();
    return document ? toCaseworkerKey(document) : null;
  }

  async insert(key: CaseworkerKey): Promise<void> {
    await this.model.create({
      _id: key.fingerprint,
      label: key.label,
      armoredPublicKey: key.armoredPublicKey,
      encryptionKeyIds: [...key.encryptionKeyIds],
      status: key.status,
      addedOn: key.addedOn,
      ownerId: key.ownerId,
      protectedSecretKey: key.protectedSecretKey,
    });
  }

  async setStatus(fingerprint: string, status: CaseworkerKey['status']): Promise<boolean> {
    const result = await this.model.updateOne({ _id: fingerprint }, { $set: { status } }).exec();
    return result.matchedCount === 1;
  }

  /** The owner's current key (pending or active), if any. */
  async findCurrentForOwner(ownerId: string): Promise<CaseworkerKey | null> {
    const document = await this.model
      .findOne({ ownerId, status: trusted({ $in: ['pending', 'active'] }) })
      .lean<CaseworkerKeyDocument>()
      .exec();
    return document ? toCaseworkerKey(document) : null;
  }

  /** Replaces the protected secret key, only while the key is still the owner's. */
  async replaceProtectedSecretKey(
    fingerprint: string,
    ownerId: string,
    protectedSecretKey: string,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne({ _id: fingerprint, ownerId }, { $set: { protectedSecretKey } })
      .exec();
    return result.matchedCount === 1;
  }

  /** Changes the status only from the expected one (vetting a pending key, removing an active one). */
  async changeStatus(
    fingerprint: string,
    from: CaseworkerKeyStatus,
    to: CaseworkerKeyStatus,
  ): Promise<boolean> {
    const result = await this.model
      .updateOne({ _id: fingerprint, status: from }, { $set: { status: to } })
      .exec();
    return result.modifiedCount === 1;
  }

  async deleteById(fingerprint: string): Promise<void> {
    await this.model.deleteOne({ _id: fingerprint }).exec();
  }

  async listByStatus(status: CaseworkerKey['status']): Promise<CaseworkerKey[]> {
    return (await this.findInOrder({ status }, { _id: 1 })).map(toCaseworkerKey);
  }

  async listAll(): Promise<CaseworkerKey[]> {
    return (await this.findInOrder({}, { _id: 1 })).map(toCaseworkerKey);
  }
}

function toCaseworkerKey(document: CaseworkerKeyDocument): CaseworkerKey {
  return {
    fingerprint: document._id,
    ...copyFields(document, ['label', 'armoredPublicKey', 'encryptionKeyIds', 'status', 'addedOn']),
    ownerId: document.ownerId ?? null,
    protectedSecretKey: document.protectedSecretKey ?? null,
  };
}
