import { armor, createMessage, encrypt, enums, readKey } from 'openpgp';
import { OPENPGP_CONFIG, REPORTER_TIMESTAMP } from './config';
import { decryptBounded } from './decryption';
import { unlockSecretKey } from './keys';
import type { VerifiedDirectory } from './directory';

/**
 * Encrypts bytes to every recipient of a verified directory: PKESK v3 per recipient + SEIPD v1,
 * binary, uncompressed (docs/design.md "Crypto protocol"). Precondition: the directory came from
 * verifyRecipientDirectory. Never falls back to anything unencrypted. Reports, follow-ups and
 * attachment parts go through here (caseworkers' notes too).
 */
export async function encryptForDirectory(
  plaintext: Uint8Array,
  directory: VerifiedDirectory,
): Promise<Uint8Array> {
  const encryptionKeys = await Promise.all(
    directory.recipients.map((recipient) =>
      readKey({ armoredKey: recipient.publicKey, config: OPENPGP_CONFIG }),
    ),
  );
  // The literal data packet carries a date that every reader (and `gpg --list-packets`) sees:
  // REPORTER_TIMESTAMP, not the moment of encryption, which would date the reporter's writing.
  const message = await createMessage({
    binary: plaintext,
    format: 'binary',
    date: REPORTER_TIMESTAMP,
  });
  // openpgp's stream-aware return types do not resolve without its optional stream typings.
  return (await encrypt({
    message,
    encryptionKeys,
    format: 'binary',
    // `date` stays now: the recipients' keys must be valid when the message is made.
    config: OPENPGP_CONFIG,
  })) as Uint8Array;
}

/** Encrypts a report document (JSON) and armors it, as POST /api/reports expects. */
export async function encryptReport(report: object, directory: VerifiedDirectory): Promise<string> {
  const bytes = await encryptForDirectory(
    new TextEncoder().encode(JSON.stringify(report)),
    directory,
  );
  return armorBinaryMessage(bytes);
}

/** Armors a binary message (armor only for transport in JSON and export: it is slow for large files). */
export function armorBinaryMessage(bytes: Uint8Array): string {
  // Message#armor() of a parsed binary message yields a stream here; armor the bytes directly.
  // With the CRC24 line: GnuPG 2.2 misreads checksum-less armor whose base64 has no padding.
  return armor(enums.armor.message, bytes, undefined, undefined, undefined, true);
}

/**
 * Decrypts a binary or armored message with a passphrase-protected secret key, producing at most
 * `maxBytes` of plaintext (decompression included). Throws CryptoError('wrong_passphrase'),
 * CryptoError('plaintext_too_large') or CryptoError('decryption_failed'); never returns
 * unauthenticated data (SEIPD integrity is enforced by the library and config).
 */
export async function decryptMessage(
  message: Uint8Array | string,
  armoredSecretKey: string,
  passphrase: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const decryptionKey = await unlockSecretKey(armoredSecretKey, passphrase);
  return await decryptBounded(message, decryptionKey, maxBytes);
}
