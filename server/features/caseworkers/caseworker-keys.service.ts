/**
 * Vetting of caseworker public keys. A key added here is not encrypted to until an admin signs a
 * new recipient directory with the offline organisation key (directory feature).
 */
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import { checkProtectedSecretKey, inspectPublicKey, KeyRefusedError } from '../../platform/openpgp';
import { readSecretKeyProtection } from '../../platform/openpgp/secret-key-protection';
import { dayOf } from '../../platform/days';
import type { CaseworkerKey, CaseworkerKeysRepository } from './caseworker-keys.repository';
import { refuseWeakProtection } from './key-protection-policy';

const LABEL_PATTERN = /^[\p{L}\p{N} ._-]{1,100}$/u;

export interface OwnKeyStoreOptions {
  readonly now?: Date;
  /**
   * Runs once the key has passed every check and before anything is stored: the route writes
   * its audit entry here, so a stored key is never unaudited.
   */
  readonly beforeStore?: (fingerprint: string) => Promise<void>;
}

export class CaseworkerKeysService {
  constructor(private readonly repository: CaseworkerKeysRepository) {}

  /**
   * Imports an armored public key after checking it is current, strong and GnuPG-compatible;
   * `beforeStore` runs once every check passed, before it is stored (the caller audits).
   */
  async addCaseworkerKey(
    armoredPublicKey: string,
    label: string,
    { now = new Date(), beforeStore }: OwnKeyStoreOptions = {},
  ): Promise<CaseworkerKey> {
    if (!LABEL_PATTERN.test(label)) {
      throw new UnprocessableError(
        'invalid_label',
        'The label must be 1-100 letters, digits, spaces, dots, dashes.',
      );
    }
    const inspected = await this.inspect(armoredPublicKey, now);
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
      ownerId: null,
      protectedSecretKey: null,
    };
    await beforeStore?.(key.fingerprint);
    await this.repository.insert(key);
    return key;
  }

  /**
   * Stops new reports from being encrypted to this key once the next directory is signed.
   * `beforeStore` runs once the key is found, before it changes (the caller audits).
   */
  async removeCaseworkerKey(
    fingerprint: string,
    { beforeStore }: Pick<OwnKeyStoreOptions, 'beforeStore'> = {},
  ): Promise<void> {
    const { fingerprint: normalised } = await this.findKey(fingerprint);
    await beforeStore?.(normalised);
    if (!(await this.repository.setStatus(normalised, 'removed'))) throw keyNotFound(fingerprint);
  }

  /** The key with this fingerprint, in either case; `key_not_found` when there is none. */
  async findKey(fingerprint: string): Promise<CaseworkerKey> {
    const key = await this.repository.findByFingerprint(fingerprint.toLowerCase());
    if (!key) throw keyNotFound(fingerprint);
    return key;
  }

  /**
   * A caseworker's own key, from their browser: the public key plus the secret key protected
   * with their key passphrase. It stays `pending` (never encrypted to) until an admin vets it
   * and signs a new directory. A pending key may be replaced; an active one may not (an admin
   * removes it first), so a stolen session cannot swap a vetted key.
   */
  async uploadOwnKey(
    owner: { id: string; username: string },
    armoredPublicKey: string,
    protectedSecretKey: string,
    { now = new Date(), beforeStore }: OwnKeyStoreOptions = {},
  ): Promise<CaseworkerKey> {
    const inspected = await this.inspect(armoredPublicKey, now);
    await this.checkStoredSecretKey(protectedSecretKey, inspected.fingerprint);
    const current = await this.repository.findCurrentForOwner(owner.id);
    if (current?.status === 'active') {
      throw new ConflictError(
        'key_exists',
        'You already have a vetted key. Ask an admin to remove it before uploading another.',
      );
    }
    // A fingerprint is used once: a key that is someone else's, or was removed, never comes back.
    const existing = await this.repository.findByFingerprint(inspected.fingerprint);
    if (existing && existing.fingerprint !== current?.fingerprint) {
      throw new ConflictError(
        'key_already_added',
        'This key is already known and cannot be added again.',
      );
    }
    await beforeStore?.(inspected.fingerprint);
    if (current) await this.repository.deleteById(current.fingerprint);
    const key: CaseworkerKey = {
      fingerprint: inspected.fingerprint,
      label: owner.username,
      armoredPublicKey: inspected.armoredPublicKey,
      encryptionKeyIds: inspected.encryptionKeyIds,
      status: 'pending',
      addedOn: dayOf(now),
      ownerId: owner.id,
      protectedSecretKey,
    };
    await this.repository.insert(key);
    return key;
  }

  /** A new passphrase for the same key: the re-protected secret key must match the stored key. */
  async reprotectOwnKey(
    ownerId: string,
    protectedSecretKey: string,
    { beforeStore }: OwnKeyStoreOptions = {},
  ): Promise<CaseworkerKey> {
    const current = await this.repository.findCurrentForOwner(ownerId);
    if (!current) throw new NotFoundError('key_not_found', 'You have no key yet.');
    await this.checkStoredSecretKey(protectedSecretKey, current.fingerprint);
    await beforeStore?.(current.fingerprint);
    if (
      !(await this.repository.replaceProtectedSecretKey(
        current.fingerprint,
        ownerId,
        protectedSecretKey,
      ))
    ) {
      throw new NotFoundError('key_not_found', 'You have no key yet.');
    }
    return { ...current, protectedSecretKey };
  }

  async findOwnKey(ownerId: string): Promise<CaseworkerKey | null> {
    return await this.repository.findCurrentForOwner(ownerId);
  }

  /**
   * Admin vetting: pending → active. It is encrypted to once the next directory is signed.
   * `beforeStore` runs once the key is found pending, before it changes (the caller audits).
   */
  async vetKey(
    fingerprint: string,
    { beforeStore }: Pick<OwnKeyStoreOptions, 'beforeStore'> = {},
  ): Promise<CaseworkerKey> {
    const normalised = fingerprint.toLowerCase();
    const notPending = new NotFoundError(
      'key_not_pending',
      `No pending key with fingerprint ${normalised}.`,
    );
    if ((await this.repository.findByFingerprint(normalised))?.status !== 'pending') {
      throw notPending;
    }
    await beforeStore?.(normalised);
    if (!(await this.repository.changeStatus(normalised, 'pending', 'active'))) throw notPending;
    return (await this.repository.findByFingerprint(normalised))!;
  }

  async listActiveKeys(): Promise<CaseworkerKey[]> {
    return await this.repository.listByStatus('active');
  }

  async listAllKeys(): Promise<CaseworkerKey[]> {
    return await this.repository.listAll();
  }

  /**
   * A secret key the server will keep: strongly protected (key-protection-policy.ts), every part
   * protected, and the secret half of `fingerprint`. Weak protection is named first, so a salted
   * or stub part is called weak rather than merely unprotected.
   */
  private async checkStoredSecretKey(protectedSecretKey: string, fingerprint: string) {
    try {
      refuseWeakProtection(await readSecretKeyProtection(protectedSecretKey));
      await checkProtectedSecretKey(protectedSecretKey, fingerprint);
    } catch (error) {
      if (error instanceof KeyRefusedError) throw new UnprocessableError(error.code, error.message);
      throw error;
    }
  }

  private async inspect(armoredPublicKey: string, now: Date) {
    try {
      return await inspectPublicKey(armoredPublicKey, now);
    } catch (error) {
      if (error instanceof KeyRefusedError) throw new UnprocessableError(error.code, error.message);
      throw error;
    }
  }
}

function keyNotFound(fingerprint: string): NotFoundError {
  return new NotFoundError('key_not_found', `No caseworker key with fingerprint ${fingerprint}.`);
}
