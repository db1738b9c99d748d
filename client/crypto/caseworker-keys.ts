/**
 * A caseworker's own key pair in the dashboard (docs/design.md "Keys"): generated in the
 * browser or imported from GnuPG, stored on the server only passphrase-protected (iterated S2K,
 * so `gpg --import` reads it), unlocked into memory for the session and dropped on lock.
 * The key passphrase never leaves this module's callers' memory and is not the login password.
 */
import { CodedError } from '../../contract/coded-error';
import {
  decryptKey,
  encryptKey,
  readPrivateKeys,
  type AlgorithmInfo,
  type PrivateKey,
} from 'openpgp';
import {
  algorithmRefusal,
  armorBlockCount,
  KEY_VERSION,
  MAX_ARMORED_KEY_CHARS,
  MIN_RSA_BITS,
} from '../../contract/key-policy';
import { STRICT_CONFIG } from './config';
import { decryptBounded } from './decryption';
import { CryptoError } from './errors';
import { generateProtectedKeyPair } from './keys';

/** The shortest key passphrase accepted; the dashboard asks for the same minimum. */
export const MIN_KEY_PASSPHRASE_LENGTH = 12;

/**
 * The user id of keys generated in the browser. Deliberately neutral: the recipient directory is
 * public, so a username or real name here would publish who works on cases.
 */
export const CASEWORKER_KEY_USER_ID = 'Amanat caseworker';

export type CaseworkerKeyErrorCode =
  | 'passphrase_too_short'
  | 'key_unreadable'
  | 'one_key_expected'
  | 'key_unprotected'
  | 'key_incomplete'
  | 'key_version_unsupported'
  | 'key_algorithm_unsupported'
  | 'key_too_weak'
  | 'key_revoked'
  | 'key_expired'
  | 'no_encryption_key'
  | 'key_mismatch'
  | 'key_locked';

/**
 * Why a caseworker key was refused or cannot be used. Final, like CryptoError: the caller shows
 * it and stops. A wrong passphrase or an undecryptable message is a CryptoError instead.
 */
export class CaseworkerKeyError extends CodedError<CaseworkerKeyErrorCode> {
  override readonly name = 'CaseworkerKeyError';
}

/** What PUT /api/me/key takes: the public key and the passphrase-protected secret key. */
export interface ProtectedCaseworkerKey {
  /** Lower-case hex v4 fingerprint of the primary key. */
  readonly fingerprint: string;
  readonly armoredPublicKey: string;
  /** Every secret part encrypted with the key passphrase (iterated S2K): `gpg --import` reads it. */
  readonly protectedSecretKey: string;
  /** The key's user ids: they become public in the recipient directory. */
  readonly userIds: readonly string[];
}

/** An unlocked key: opaque; the secret material is reachable only through this module. */
export interface UnlockedCaseworkerKey {
  readonly fingerprint: string;
  readonly isLocked: boolean;
}

interface ClearablePrivateKey {
  /** Present at runtime in OpenPGP.js 6 (zero-fills the secret parameters), not in its typings. */
  clearPrivateParams?: () => void;
}

interface SecretPacketShape {
  isDecrypted(): boolean | null;
  isDummy(): boolean;
  isMissingSecretKeyMaterial(): boolean;
  s2k?: { type?: string } | null;
}

class UnlockedKeyHandle implements UnlockedCaseworkerKey {
  #key: PrivateKey | null;
  constructor(
    readonly fingerprint: string,
    key: PrivateKey,
  ) {
    this.#key = key;
  }
  get isLocked(): boolean {
    return this.#key === null;
  }
  use(): PrivateKey {
    if (this.#key === null) throw new CaseworkerKeyError('key_locked', 'The key is locked.');
    return this.#key;
  }
  lock(): void {
    if (this.#key !== null) forgetSecrets(this.#key);
    this.#key = null;
  }
}

/**
 * Generates a caseworker key pair in this browser: v4 Ed25519 primary + Curve25519 encryption
 * subkey, protected with the key passphrase (iterated S2K), GnuPG 2.2 compatible.
 * Precondition: keyPassphrase has at least MIN_KEY_PASSPHRASE_LENGTH characters and is not the
 * login password (the caller says so; this module cannot know it).
 * Throws CaseworkerKeyError('passphrase_too_short'). SECURITY.md "Staff identity, sessions and
 * keys".
 */
export async function generateCaseworkerKey(
  keyPassphrase: string,
): Promise<ProtectedCaseworkerKey> {
  requireKeyPassphrase(keyPassphrase);
  const generated = await generateProtectedKeyPair(CASEWORKER_KEY_USER_ID, keyPassphrase);
  return {
    fingerprint: generated.fingerprint.toLowerCase(),
    armoredPublicKey: generated.armoredPublicKey,
    protectedSecretKey: generated.armoredSecretKey,
    userIds: [CASEWORKER_KEY_USER_ID],
  };
}

/**
 * Imports one armored secret key exported from GnuPG (`gpg --export-secret-keys --armor <fpr>`),
 * unlocks it with its current GnuPG passphrase and re-protects it with the chosen key passphrase.
 * Refuses (CaseworkerKeyError): anything but exactly one secret key, unprotected keys (a key
 * that was ever stored in clear is not trusted to start with), stubs without secret material,
 * v6 keys and algorithms GnuPG 2.2 cannot use, RSA under 3072 bits, revoked or expired keys, and
 * keys without a valid encryption subkey. Throws CryptoError('wrong_passphrase') if the GnuPG
 * passphrase does not open it. The decrypted copy is wiped before returning.
 */
export async function importGnuPGSecretKey(
  armoredSecretKey: string,
  gnupgPassphrase: string,
  keyPassphrase: string,
): Promise<ProtectedCaseworkerKey> {
  requireKeyPassphrase(keyPassphrase);
  const locked = await readOneSecretKey(armoredSecretKey);
  // Security: refuse before unlocking; an unprotected key may already have leaked.
  requireProtected(locked);
  await requireUsableKey(locked);
  return await reprotect(locked, gnupgPassphrase, keyPassphrase);
}

/**
 * Re-protects a protected caseworker key with a new key passphrase (PUT /api/me/key/protection).
 * Returns the new armored protected key with the same fingerprint. If expectedFingerprint is
 * given, a key with any other fingerprint is refused (CaseworkerKeyError('key_mismatch')).
 * Throws CryptoError('wrong_passphrase'), CaseworkerKeyError('passphrase_too_short').
 */
export async function reprotectCaseworkerKey(
  protectedSecretKey: string,
  currentPassphrase: string,
  newPassphrase: string,
  expectedFingerprint?: string,
): Promise<ProtectedCaseworkerKey> {
  requireKeyPassphrase(newPassphrase);
  const locked = await readOneSecretKey(protectedSecretKey);
  requireFingerprint(locked, expectedFingerprint);
  requireProtected(locked);
  return await reprotect(locked, currentPassphrase, newPassphrase);
}

/**
 * Unlocks the protected caseworker key into memory and returns an opaque handle for
 * decryptWithCaseworkerKey. Nothing is written anywhere; call lockCaseworkerKey on lock, logout
 * or idle timeout. If expectedFingerprint is given (the key the server says is ours), any other
 * key is refused. Throws CryptoError('wrong_passphrase'), CaseworkerKeyError('key_mismatch' |
 * 'key_unprotected' | 'key_unreadable' | 'one_key_expected').
 */
export async function unlockCaseworkerKey(
  protectedSecretKey: string,
  keyPassphrase: string,
  expectedFingerprint?: string,
): Promise<UnlockedCaseworkerKey> {
  const locked = await readOneSecretKey(protectedSecretKey);
  requireFingerprint(locked, expectedFingerprint);
  // Security: a stored key must never be in clear; if it is, the server or its database lied.
  requireProtected(locked);
  const unlocked = await unlock(locked, keyPassphrase);
  return new UnlockedKeyHandle(locked.getFingerprint().toLowerCase(), unlocked);
}

/**
 * Drops an unlocked key: its secret parameters are zero-filled (best effort; JavaScript may
 * have copied them) and the handle can no longer decrypt. Idempotent.
 */
export function lockCaseworkerKey(handle: UnlockedCaseworkerKey): void {
  if (handle instanceof UnlockedKeyHandle) handle.lock();
}

/**
 * Decrypts an armored or binary OpenPGP message with an unlocked caseworker key, producing at
 * most `maxBytes` of plaintext (decompression included: see decryption.ts). Never returns
 * unauthenticated data (integrity-protected SEIPD only). Throws CaseworkerKeyError('key_locked')
 * once the key is locked, CryptoError('plaintext_too_large') for a message over the bound, and
 * CryptoError('decryption_failed') for any message this key cannot decrypt or that was altered.
 */
export async function decryptWithCaseworkerKey(
  handle: UnlockedCaseworkerKey,
  message: Uint8Array | string,
  maxBytes: number,
): Promise<Uint8Array> {
  if (!(handle instanceof UnlockedKeyHandle)) {
    throw new CaseworkerKeyError('key_locked', 'This is not an unlocked caseworker key.');
  }
  return await decryptBounded(message, handle.use(), maxBytes);
}

function requireKeyPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_KEY_PASSPHRASE_LENGTH) {
    throw new CaseworkerKeyError(
      'passphrase_too_short',
      `A key passphrase needs at least ${MIN_KEY_PASSPHRASE_LENGTH} characters.`,
    );
  }
}

async function readOneSecretKey(armored: string): Promise<PrivateKey> {
  if (armored.length > MAX_ARMORED_KEY_CHARS) {
    throw new CaseworkerKeyError('key_unreadable', 'The key is too large.');
  }
  // readPrivateKeys reads only the first armor block; a second one would be silently ignored.
  if (armorBlockCount(armored) > 1)
    throw new CaseworkerKeyError('one_key_expected', 'Expected one key block.');
  let keys: PrivateKey[];
  try {
    keys = await readPrivateKeys({ armoredKeys: armored, config: STRICT_CONFIG });
  } catch {
    throw new CaseworkerKeyError(
      'key_unreadable',
      'This is not a readable armored OpenPGP secret key.',
    );
  }
  if (keys.length !== 1) {
    throw new CaseworkerKeyError('one_key_expected', `Expected one key, found ${keys.length}.`);
  }
  const key = keys[0]!;
  if (
    key.keyPacket.version !== KEY_VERSION ||
    key.subkeys.some((s) => s.keyPacket.version !== KEY_VERSION)
  ) {
    throw new CaseworkerKeyError(
      'key_version_unsupported',
      'Only version 4 keys are accepted (GnuPG 2.2 compatible).',
    );
  }
  return key;
}

function secretPackets(key: PrivateKey): SecretPacketShape[] {
  return [
    key.keyPacket,
    ...key.subkeys.map((subkey) => subkey.keyPacket),
  ] as unknown as SecretPacketShape[];
}

/** Every part of the key holds secret material and is passphrase-protected. */
function requireProtected(key: PrivateKey): void {
  for (const packet of secretPackets(key)) {
    if (packet.isDummy() || packet.isMissingSecretKeyMaterial()) {
      throw new CaseworkerKeyError(
        'key_incomplete',
        'Part of this key has no secret material (a GnuPG stub); export the complete key.',
      );
    }
    if (packet.isDecrypted() !== false) {
      throw new CaseworkerKeyError(
        'key_unprotected',
        'The key is not protected with a passphrase.',
      );
    }
  }
}

function requireFingerprint(key: PrivateKey, expected: string | undefined): void {
  if (expected !== undefined && key.getFingerprint().toLowerCase() !== expected.toLowerCase()) {
    throw new CaseworkerKeyError('key_mismatch', 'This is not the expected key.');
  }
}

/** The key policy (contract/key-policy.ts), with the browser's words for a refusal. */
function checkAlgorithm(info: AlgorithmInfo): void {
  const refusal = algorithmRefusal(info);
  if (refusal === 'key_too_weak') {
    throw new CaseworkerKeyError('key_too_weak', `RSA keys need at least ${MIN_RSA_BITS} bits.`);
  }
  if (refusal !== null) {
    throw new CaseworkerKeyError(
      'key_algorithm_unsupported',
      'The key uses an algorithm that GnuPG 2.2 cannot use.',
    );
  }
}

/** The public parts check out now: algorithms, not revoked or expired, an encryption subkey. */
async function requireUsableKey(key: PrivateKey): Promise<void> {
  checkAlgorithm(key.getAlgorithmInfo());
  const now = new Date();
  try {
    await key.verifyPrimaryKey(now, undefined, STRICT_CONFIG);
  } catch {
    if (await key.isRevoked(undefined, undefined, now, STRICT_CONFIG).catch(() => false)) {
      throw new CaseworkerKeyError('key_revoked', 'The key has been revoked.');
    }
    const expiry = await key.getExpirationTime(undefined, STRICT_CONFIG).catch(() => null);
    if (expiry instanceof Date && expiry <= now) {
      throw new CaseworkerKeyError('key_expired', 'The key has expired.');
    }
    throw new CaseworkerKeyError('key_unreadable', 'The key’s self-signature does not verify.');
  }
  const encryptionKey = await key
    .getEncryptionKey(undefined, now, undefined, STRICT_CONFIG)
    .catch(() => null);
  if (encryptionKey === null) {
    throw new CaseworkerKeyError('no_encryption_key', 'The key has no valid encryption subkey.');
  }
  checkAlgorithm(encryptionKey.getAlgorithmInfo());
}

async function unlock(locked: PrivateKey, passphrase: string): Promise<PrivateKey> {
  try {
    return await decryptKey({ privateKey: locked, passphrase, config: STRICT_CONFIG });
  } catch {
    throw new CryptoError('wrong_passphrase', 'The passphrase does not unlock this key.');
  }
}

async function reprotect(
  locked: PrivateKey,
  currentPassphrase: string,
  newPassphrase: string,
): Promise<ProtectedCaseworkerKey> {
  const unlocked = await unlock(locked, currentPassphrase);
  try {
    // encryptKey works on a copy and honours config.s2kType (iterated) with aeadProtect off.
    const protectedKey = await encryptKey({
      privateKey: unlocked,
      passphrase: newPassphrase,
      config: STRICT_CONFIG,
    });
    // Security: fail closed unless every part came out protected with iterated S2K.
    for (const packet of secretPackets(protectedKey)) {
      if (packet.isDecrypted() !== false || packet.s2k?.type !== 'iterated') {
        throw new CaseworkerKeyError('key_unprotected', 'The key could not be re-protected.');
      }
    }
    return {
      fingerprint: protectedKey.getFingerprint().toLowerCase(),
      armoredPublicKey: protectedKey.toPublic().armor(STRICT_CONFIG),
      protectedSecretKey: protectedKey.armor(STRICT_CONFIG),
      userIds: protectedKey.getUserIDs(),
    };
  } finally {
    forgetSecrets(unlocked);
  }
}

function forgetSecrets(key: PrivateKey): void {
  (key as unknown as ClearablePrivateKey).clearPrivateParams?.();
}
