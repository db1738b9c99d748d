/**
 * Inspects an armored OpenPGP public key before the organisation relies on it: caseworker keys
 * (imported by the admin CLI, often from GnuPG) and per-report reply keys. Refusals carry a code
 * and a message that tells an admin exactly what to fix.
 */
import { CodedError } from '../../../contract/coded-error';
import { readKeys, SignaturePacket, type AlgorithmInfo, type Key, type Subkey } from 'openpgp';
import {
  algorithmRefusal,
  armorBlockCount,
  ENCRYPTION_CAPABLE_ALGORITHMS,
  KEY_VERSION,
  MAX_ARMORED_KEY_CHARS,
  MIN_RSA_BITS,
} from '../../../contract/key-policy';

export type KeyRefusalCode =
  | 'key_unreadable'
  | 'one_key_expected'
  | 'secret_key_given'
  | 'key_version_unsupported'
  | 'key_revoked'
  | 'key_expired'
  | 'key_invalid'
  | 'key_too_weak'
  | 'key_algorithm_unsupported'
  | 'no_encryption_key';

export class KeyRefusedError extends CodedError<KeyRefusalCode> {
  override readonly name = 'KeyRefusedError';
}

export interface InspectedPublicKey {
  /** Lower-case hex v4 fingerprint of the primary key. */
  readonly fingerprint: string;
  /** Lower-case hex key ids of every currently valid encryption (sub)key: what PKESK packets name. */
  readonly encryptionKeyIds: readonly string[];
  readonly userIds: readonly string[];
  /** User attribute packets (photos), which `userIds` does not list. */
  readonly userAttributeCount: number;
  /** See creationTimesOf. */
  readonly creationTimes: readonly (Date | null)[];
  readonly algorithm: string;
  /** The key re-armored from its parsed packets (public parts only). */
  readonly armoredPublicKey: string;
}

/** The key policy (algorithms, curves, RSA size, one armor block, size) is contract/key-policy.ts. */
export { MAX_ARMORED_KEY_CHARS };

// Explicit config: keep the library's own checks, ours come on top with clearer messages.
const READ_CONFIG = { minRSABits: 1024 } as const;

export async function inspectPublicKey(
  armoredKey: string,
  now: Date = new Date(),
): Promise<InspectedPublicKey> {
  if (armoredKey.length > MAX_ARMORED_KEY_CHARS) {
    throw new KeyRefusedError(
      'key_unreadable',
      `The key is larger than ${MAX_ARMORED_KEY_CHARS} characters.`,
    );
  }
  // readKeys reads only the first armor block; anything after it would be stored unchecked.
  if (armorBlockCount(armoredKey) > 1) {
    throw new KeyRefusedError('one_key_expected', 'Expected exactly one armored key block.');
  }
  let keys: Key[];
  try {
    keys = await readKeys({ armoredKeys: armoredKey, config: READ_CONFIG });
  } catch {
    throw new KeyRefusedError(
      'key_unreadable',
      'This is not a readable armored OpenPGP public key.',
    );
  }
  if (keys.length !== 1) {
    throw new KeyRefusedError(
      'one_key_expected',
      `Expected exactly one key, found ${keys.length}.`,
    );
  }
  const key = keys[0]!;
  if (key.isPrivate()) {
    throw new KeyRefusedError(
      'secret_key_given',
      'This is a secret key. Give the public key only (for example `gpg --armor --export <fingerprint>`).',
    );
  }
  if (key.keyPacket.version !== KEY_VERSION) {
    throw new KeyRefusedError(
      'key_version_unsupported',
      'Only version 4 keys are accepted (GnuPG 2.2 compatible).',
    );
  }
  checkAlgorithm(key.getAlgorithmInfo(), 'primary key');
  // getEncryptionKey verifies the primary key too; only when nothing is usable do we spend
  // another verification to say precisely why (revoked, expired, bad self-signature).
  const encryptionKeys = await findValidEncryptionKeys(key, now);
  if (encryptionKeys.length === 0) {
    await refuseRevokedOrExpired(key, now);
    throw new KeyRefusedError('no_encryption_key', 'The key has no valid encryption subkey.');
  }
  for (const encryptionKey of encryptionKeys)
    checkAlgorithm(encryptionKey.getAlgorithmInfo(), 'encryption subkey');
  return {
    fingerprint: key.getFingerprint().toLowerCase(),
    encryptionKeyIds: encryptionKeys.map((k) => k.getKeyID().toHex().toLowerCase()),
    userIds: key.getUserIDs(),
    userAttributeCount: countUserAttributes(key),
    creationTimes: creationTimesOf(key),
    algorithm: describeAlgorithm(key.getAlgorithmInfo()),
    armoredPublicKey: key.armor(),
  };
}

/**
 * The fingerprint of one armored public key, whatever its state now: a retired caseworker's key
 * may have expired or been revoked since it was listed. Throws KeyRefusedError.
 */
export async function publicKeyFingerprint(armoredKey: string): Promise<string> {
  if (armoredKey.length > MAX_ARMORED_KEY_CHARS || armorBlockCount(armoredKey) > 1) {
    throw new KeyRefusedError('one_key_expected', 'Expected exactly one armored key block.');
  }
  let keys: Key[];
  try {
    keys = await readKeys({ armoredKeys: armoredKey, config: READ_CONFIG });
  } catch {
    throw new KeyRefusedError('key_unreadable', 'This is not a readable armored OpenPGP key.');
  }
  if (keys.length !== 1) {
    throw new KeyRefusedError(
      'one_key_expected',
      `Expected exactly one key, found ${keys.length}.`,
    );
  }
  if (keys[0]!.isPrivate()) throw new KeyRefusedError('secret_key_given', 'This is a secret key.');
  return keys[0]!.getFingerprint().toLowerCase();
}

export function countUserAttributes(key: Key): number {
  return key.users.filter((user) => user.userAttribute !== null).length;
}

/**
 * Every creation time a key carries once re-armored from its packets: the primary key, each
 * subkey, and each signature (self-signatures, bindings, revocations, certifications, and the
 * back-signatures embedded in signing-subkey bindings). null for a signature without one.
 */
export function creationTimesOf(key: Key): (Date | null)[] {
  const times: (Date | null)[] = [];
  for (const packet of key.toPacketList()) {
    if (packet instanceof SignaturePacket) {
      times.push(packet.created);
      if (packet.embeddedSignature) times.push(packet.embeddedSignature.created);
    } else if ('created' in packet) {
      times.push(packet.created);
    }
  }
  return times;
}

async function refuseRevokedOrExpired(key: Key, now: Date): Promise<void> {
  // verifyPrimaryKey covers revocation, expiry and the self-signature in one verification.
  try {
    await key.verifyPrimaryKey(now);
  } catch (error) {
    const reason = error instanceof Error ? error.message : '';
    if (/expired/i.test(reason)) throw new KeyRefusedError('key_expired', 'The key has expired.');
    if (/revoked/i.test(reason))
      throw new KeyRefusedError('key_revoked', 'The key has been revoked by its owner.');
    throw new KeyRefusedError('key_invalid', 'The key has no valid self-signature.');
  }
}

async function findValidEncryptionKeys(key: Key, now: Date): Promise<(Key | Subkey)[]> {
  // Only keys whose algorithm can encrypt are checked: each check verifies signatures (about 1 ms each).
  const candidates = [key, ...key.subkeys].filter((candidate) =>
    ENCRYPTION_CAPABLE_ALGORITHMS.has(candidate.getAlgorithmInfo().algorithm),
  );
  const valid: (Key | Subkey)[] = [];
  for (const candidate of candidates) {
    try {
      await key.getEncryptionKey(candidate.getKeyID(), now);
      valid.push(candidate);
    } catch {
      // not usable for encryption now (wrong flags, expired, revoked, weak): skip
    }
  }
  return valid;
}

function checkAlgorithm(info: AlgorithmInfo, which: string): void {
  const refusal = algorithmRefusal(info);
  if (refusal === 'key_too_weak') {
    throw new KeyRefusedError(
      'key_too_weak',
      `The ${which} is RSA ${info.bits ?? '?'}; at least RSA ${MIN_RSA_BITS} or Curve25519 is required.`,
    );
  }
  if (refusal !== null) {
    throw new KeyRefusedError(
      'key_algorithm_unsupported',
      info.curve === undefined
        ? `The ${which} uses ${info.algorithm}; use Curve25519 (gpg --quick-gen-key ... future-default) or RSA >= ${MIN_RSA_BITS}.`
        : `The ${which} uses ${info.algorithm} on the curve ${info.curve}; use Curve25519 (gpg --quick-gen-key ... future-default) or RSA >= ${MIN_RSA_BITS}.`,
    );
  }
}

function describeAlgorithm(info: AlgorithmInfo): string {
  return info.curve ? `${info.algorithm}/${info.curve}` : `${info.algorithm}/${info.bits ?? '?'}`;
}
