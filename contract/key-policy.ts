/**
 * Which OpenPGP public keys the organisation relies on, read by both doors to OpenPGP: the
 * browser (client/crypto: caseworker keys, reply keys, share targets, signers) and the server
 * (server/platform/openpgp: intake's reply keys, uploaded and imported caseworker keys). Every
 * key must be usable by GnuPG 2.2, the offline decryption path: v4 keys, RFC 4880 algorithm
 * ids (RFC 9580's X25519/Ed25519/X448 ids in v4 keys GnuPG 2.2 cannot use), RSA of 3072 bits
 * or more, curves GnuPG 2.2 knows. Names are OpenPGP.js's (enums.publicKey, enums.curve).
 */

/** An armored key longer than this is refused before it is parsed (keys are a few KiB). */
export const MAX_ARMORED_KEY_CHARS = 64 * 1024;

export const MIN_RSA_BITS = 3072;

/** The only key version accepted, primary and subkeys alike. */
export const KEY_VERSION = 4;

/** Public-key algorithms a key or subkey may use. */
export const ACCEPTED_KEY_ALGORITHMS: ReadonlySet<string> = new Set([
  'rsaEncryptSign',
  'rsaEncrypt',
  'rsaSign',
  'ecdh',
  'ecdsa',
  'eddsaLegacy',
]);

/** Curves an elliptic-curve key or subkey may use. */
export const ACCEPTED_CURVES: ReadonlySet<string> = new Set([
  'ed25519Legacy',
  'curve25519Legacy',
  'nistP256',
  'nistP384',
  'nistP521',
]);

/**
 * Every algorithm OpenPGP can encrypt to, accepted or not: a subkey of one of these is an
 * encryption subkey, and is then refused by name if its algorithm is not accepted.
 */
export const ENCRYPTION_CAPABLE_ALGORITHMS: ReadonlySet<string> = new Set([
  'rsaEncryptSign',
  'rsaEncrypt',
  'ecdh',
  'elgamal',
  'x25519',
  'x448',
]);

/** What a key's algorithm reads as (OpenPGP.js's AlgorithmInfo). */
export interface KeyAlgorithm {
  readonly algorithm: string;
  readonly bits?: number;
  readonly curve?: string;
}

export type AlgorithmRefusal = 'key_algorithm_unsupported' | 'key_too_weak';

/** Why a key's algorithm is refused, or null when the policy accepts it. */
export function algorithmRefusal(info: KeyAlgorithm): AlgorithmRefusal | null {
  if (!ACCEPTED_KEY_ALGORITHMS.has(info.algorithm)) return 'key_algorithm_unsupported';
  if (info.curve !== undefined && !ACCEPTED_CURVES.has(info.curve)) {
    return 'key_algorithm_unsupported';
  }
  if (info.algorithm.startsWith('rsa') && (info.bits ?? 0) < MIN_RSA_BITS) return 'key_too_weak';
  return null;
}

/** True when an accepted key of this algorithm can be encrypted to. */
export function isAcceptedEncryptionAlgorithm(info: KeyAlgorithm): boolean {
  return ENCRYPTION_CAPABLE_ALGORITHMS.has(info.algorithm) && algorithmRefusal(info) === null;
}

/**
 * How many armor blocks the text holds. Exactly one is accepted: OpenPGP.js reads only the
 * first block, so anything after it would be stored or trusted unchecked.
 */
export function armorBlockCount(armored: string): number {
  return (armored.match(/-----BEGIN PGP /g) ?? []).length;
}
