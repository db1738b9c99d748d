import type { Connection } from 'mongoose';
import { caseworkerKeyModel, type CaseworkerKeyDocument } from './caseworker-key.model';

export interface CaseworkerKey {
  readonly fingerprint: string;
  readonly label: string;
  readonly armoredPublicKey: string;
  readonly encryptionKeyIds: readonly string[];
  readonly status: 'active' | 'removed';
  readonly addedOn: string;
}

export class CaseworkerKeysRepository {
  private readonly model;

  constructor(connection: Connection) {
    this.model = caseworkerKeyModel(connection);
  }

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
    });
  }

  async setStatus(fingerprint: string, status: CaseworkerKey['status']): Promise<boolean> {
    const result = await this.model.updateOne({ _id: fingerprint }, { $set: { status } }).exec();
    return result.matchedCount === 1;
  }

  async listByStatus(status: CaseworkerKey['status']): Promise<CaseworkerKey[]> {
    const documents = await this.model
      .find({ status })
      .sort({ _id: 1 })
      .lean<CaseworkerKeyDocument[]>()
      .exec();
    return documents.map(toCaseworkerKey);
  }

  async listAll(): Promise<CaseworkerKey[]> {
    const documents = await this.model
      .find({})
      .sort({ _id: 1 })
      .lean<CaseworkerKeyDocument[]>()
      .exec();
    return documents.map(toCaseworkerKey);
  }
}

function toCaseworkerKey(document: CaseworkerKeyDocument): CaseworkerKey {
  return {
    fingerprint: document._id,
    label: document.label,
    armoredPublicKey: document.armoredPublicKey,
    encryptionKeyIds: document.encryptionKeyIds,
    status: document.status,
    addedOn: document.addedOn,
  };
}
