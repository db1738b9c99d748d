/**
 * Vetting of caseworker public keys. A key added here is not encrypted to until an admin signs a
 * new recipient directory with the offline organisation key (directory feature).
 */
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import { inspectPublicKey, KeyRefusedError } from '../../platform/openpgp';
import { dayOf } from '../../platform/days';
import type { CaseworkerKey, CaseworkerKeysRepository } from './caseworker-keys.repository';

const LABEL_PATTERN = /^[\p{L}\p{N} ._-]{1,100}$/u;

export class CaseworkerKeysService {
  constructor(private readonly repository: CaseworkerKeysRepository) {}

  /** Imports an armored public key after checking it is current, strong and GnuPG-compatible. */
  async addCaseworkerKey(
    armoredPublicKey: string,
    label: string,
    now = new Date(),
  ): Promise<CaseworkerKey> {
    if (!LABEL_PATTERN.test(label)) {
      throw new UnprocessableError(
        'invalid_label',
        'The label must be 1-100 letters, digits, spaces, dots, dashes.',
      );
    }
    let inspected;
    try {
      inspected = await inspectPublicKey(armoredPublicKey, now);
    } catch (error) {
      if (error instanceof KeyRefusedError) throw new UnprocessableError(error.code, error.message);
      throw error;
    }
    const existing = await this.repository.findByFingerprint(inspected.fingerprint);
    if (existing) {
      throw new ConflictError(
        'key_already_added',
        `Key ${inspected.fingerprint} is already known (${existing.status}).`,
      );
    }
    const key: CaseworkerKey = {
      fingerprint: inspected.fingerprint,
      label,
      armoredPublicKey: inspected.armoredPublicKey,
      encryptionKeyIds: inspected.encryptionKeyIds,
      status: 'active',
      addedOn: dayOf(now),
    };
    await this.repository.insert(key);
    return key;
  }

  /** Stops new reports from being encrypted to this key once the next directory is signed. */
  async removeCaseworkerKey(fingerprint: string): Promise<void> {
    const found = await this.repository.setStatus(fingerprint.toLowerCase(), 'removed');
    if (!found)
      throw new NotFoundError(
        'key_not_found',
        `No caseworker key with fingerprint ${fingerprint}.`,
      );
  }

  async listActiveKeys(): Promise<CaseworkerKey[]> {
    return await this.repository.listByStatus('active');
  }

  async listAllKeys(): Promise<CaseworkerKey[]> {
    return await this.repository.listAll();
  }
}
