import { CodedError } from '../../contract/coded-error';
import { createMessage, decrypt, encrypt, readKey, readMessage, type PublicKey } from 'openpgp';
import { OPENPGP_CONFIG } from './config';
import { unlockSecretKey } from './keys';

export type BackupErrorCode =
  | 'organisation_key_invalid'
  | 'organisation_key_mismatch'
  | 'backup_not_for_this_key'
  | 'backup_unreadable';

/**
 * Why a database backup could not be encrypted or opened. Final, like CryptoError: the admin
 * CLI prints it and stops; nothing is written unencrypted and nothing is restored instead.
 */
export class BackupError extends CodedError<BackupErrorCode> {
  override readonly name = 'BackupError';
}

/**
 * Encrypts a database backup archive, as it streams, to the organisation key alone (one PKESK v3
 * + SEIPD v1, binary, uncompressed: `gpg --decrypt` with the offline organisation secret key
 * opens it). The archive is read chunk by chunk and never held whole; the caller writes the
 * returned stream to disk, so plaintext never reaches a file (SECURITY.md §5 "Backups").
 *
 * Preconditions: `armoredOrganisationKey` is the organisation's public key and
 * `pinnedFingerprint` the deployment's ORG_FINGERPRINT.
 * Fails closed, before reading the archive: BackupError('organisation_key_invalid') for a key that
 * cannot be read, is a secret key, or has no valid encryption subkey now;
 * BackupError('organisation_key_mismatch') for any other key than the pinned one (a swapped key
 * file or a tampered database must not redirect backups to someone else).
 */
export async function encryptBackupToOrganisation(
  archive: ReadableStream<Uint8Array>,
  armoredOrganisationKey: string,
  pinnedFingerprint: string,
  now: Date = new Date(),
): Promise<ReadableStream<Uint8Array>> {
  let organisationKey: PublicKey;
  try {
    organisationKey = await readKey({ armoredKey: armoredOrganisationKey, config: OPENPGP_CONFIG });
  } catch {
    throw new BackupError(
      'organisation_key_invalid',
      'The organisation public key cannot be read.',
    );
  }
  if (organisationKey.isPrivate()) {
    throw new BackupError(
      'organisation_key_invalid',
      'This is a secret key: give the organisation public key (org.asc.pub); the secret key stays offline.',
    );
  }
  if (organisationKey.getFingerprint().toLowerCase() !== pinnedFingerprint.toLowerCase()) {
    throw new BackupError(
      'organisation_key_mismatch',
      `The key ${organisationKey.getFingerprint()} is not the organisation key ${pinnedFingerprint.toLowerCase()} (ORG_FINGERPRINT).`,
    );
  }
  try {
    await organisationKey.getEncryptionKey(undefined, now);
  } catch {
    throw new BackupError(
      'organisation_key_invalid',
      'The organisation key has no valid encryption key now (expired or revoked?).',
    );
  }
  // openpgp's stream-aware parameter and return types do not resolve without its optional stream
  // typings; at run time both are web ReadableStreams.
  const message = await createMessage({ binary: archive as never, format: 'binary' });
  return await encrypt({
    message,
    encryptionKeys: organisationKey,
    format: 'binary',
    config: OPENPGP_CONFIG,
  });
}

/**
 * Decrypts a backup made by encryptBackupToOrganisation (or `gpg --encrypt` to the same key) as it
 * streams, with the organisation secret key.
 *
 * UNSAFE by design, hence the name: a backup is far larger than memory allows buffering, so the
 * plaintext is handed out before the integrity check (SEIPD v1 MDC), which runs only when the
 * last byte has been read. A modified or truncated file makes the stream fail *at its end*, after
 * earlier chunks were delivered. Callers must read the whole stream once without acting on it and
 * only then use what it gave, from an authenticated copy or a second decryption of the same bytes
 * (the admin CLI's restore keeps a sealed copy: scripts/admin/sealed-spool.ts).
 *
 * Throws CryptoError('wrong_passphrase') when the passphrase does not unlock the key,
 * BackupError('backup_not_for_this_key') when the file is not encrypted to it, and
 * BackupError('backup_unreadable') when it is no OpenPGP message at all. Later damage surfaces
 * as an error of the returned stream.
 */
export async function unsafeDecryptBackupStream(
  encrypted: ReadableStream<Uint8Array>,
  armoredOrganisationSecretKey: string,
  passphrase: string,
): Promise<ReadableStream<Uint8Array>> {
  const decryptionKey = await unlockSecretKey(armoredOrganisationSecretKey, passphrase);
  let message;
  try {
    message = await readMessage({ binaryMessage: encrypted as never, config: OPENPGP_CONFIG });
  } catch {
    throw new BackupError('backup_unreadable', 'This file is not an encrypted Amanat backup.');
  }
  try {
    const result = await decrypt({
      message,
      decryptionKeys: decryptionKey,
      format: 'binary',
      // Security: plaintext before the MDC check; see the contract above (two passes).
      config: { ...OPENPGP_CONFIG, allowUnauthenticatedStream: true },
    });
    return result.data;
  } catch {
    throw new BackupError(
      'backup_not_for_this_key',
      'This backup cannot be decrypted with this organisation key (not encrypted to it, or damaged).',
    );
  }
}
