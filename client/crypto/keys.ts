import { decryptKey, generateKey, readPrivateKey, type PrivateKey } from 'openpgp';
import { OPENPGP_CONFIG, REPORTER_TIMESTAMP } from './config';
import { CryptoError } from './errors';

export interface GeneratedKeyPair {
  readonly fingerprint: string;
  readonly armoredPublicKey: string;
  /** Protected with the passphrase (iterated S2K): importable with `gpg --import`. */
  readonly armoredSecretKey: string;
}

/** The user id every per-report reply key carries; intake refuses any other (it could identify a reporter). */
export const REPLY_KEY_USER_ID = 'Amanat reply key';

/**
 * Generates a v4 Ed25519 primary key with a Curve25519 encryption subkey, GnuPG 2.2 compatible.
 * `createdAt` is the creation time of the key, the subkey and every self-signature (default:
 * now). Precondition: a non-empty passphrase. See SECURITY.md "Staff identity, sessions and keys".
 */
export async function generateProtectedKeyPair(
  name: string,
  passphrase: string,
  createdAt?: Date,
): Promise<GeneratedKeyPair> {
  if (passphrase.length === 0) throw new Error('A passphrase is required to protect a secret key.');
  const { privateKey, publicKey } = await generateKey({
    type: 'ecc',
    curve: 'ed25519Legacy',
    userIDs: [{ name }],
    passphrase,
    format: 'armored',
    ...(createdAt ? { date: createdAt } : {}),
    config: OPENPGP_CONFIG,
  });
  const parsed = await readPrivateKey({ armoredKey: privateKey, config: OPENPGP_CONFIG });
  return {
    fingerprint: parsed.getFingerprint(),
    armoredPublicKey: publicKey,
    armoredSecretKey: privateKey,
  };
}

/**
 * The per-report key pair that caseworker replies are encrypted to (docs/design.md "Replies and
 * follow-ups"). Made at REPORTER_TIMESTAMP, not now: the key, its subkey and its self-signatures
 * are stored with the report, and their creation times would otherwise give the second the reporter
 * wrote it.
 */
export async function generateReplyKey(passphrase: string): Promise<GeneratedKeyPair> {
  return await generateProtectedKeyPair(REPLY_KEY_USER_ID, passphrase, REPORTER_TIMESTAMP);
}

/**
 * Unlocks a passphrase-protected secret key for use in memory only.
 * Throws CryptoError('wrong_passphrase') if the passphrase does not open it.
 */
export async function unlockSecretKey(
  armoredSecretKey: string,
  passphrase: string,
): Promise<PrivateKey> {
  const locked = await readPrivateKey({ armoredKey: armoredSecretKey, config: OPENPGP_CONFIG });
  try {
    return await decryptKey({ privateKey: locked, passphrase, config: OPENPGP_CONFIG });
  } catch {
    throw new CryptoError('wrong_passphrase', 'The passphrase does not unlock this key.');
  }
}
