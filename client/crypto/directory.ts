import {
  createMessage,
  readKey,
  readMessage,
  sign,
  verify,
  type Key,
  type PublicKey,
} from 'openpgp';
import { OPENPGP_CONFIG } from './config';
import { CryptoError } from './errors';
import { unlockSecretKey } from './keys';
import { MAX_PLAINTEXT_BYTES } from './plaintext-limits';

export interface DirectoryRecipient {
  readonly fingerprint: string;
  readonly label: string;
  readonly publicKey: string;
}

/** A former caseworker's key: what they signed still verifies; nothing is encrypted to it. */
export interface RetiredDirectoryKey extends DirectoryRecipient {
  /** The day (YYYY-MM-DD) it left the directory, when the directory names it. */
  readonly retiredOn: string | null;
}

export interface VerifiedDirectory {
  readonly version: number;
  readonly expiresAt: Date;
  readonly demo: boolean;
  /** The active caseworkers: every report and message is encrypted to exactly these keys. */
  readonly recipients: readonly DirectoryRecipient[];
  /**
   * Former caseworkers' keys, to verify what they signed while active. Never encryption
   * recipients. Checked only to be readable public keys with their listed fingerprint: they may
   * have expired or been revoked since, which must not make their past signatures unverifiable.
   */
  readonly retired: readonly RetiredDirectoryKey[];
}

/** The directory format this code reads besides format 1 (no `format` field, no retired keys). */
const DIRECTORY_FORMAT = 2;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Signs the directory JSON with the organisation key (admin CLI, on the admin's machine).
 * Produces an armored inline-signed OpenPGP message. Throws CryptoError('wrong_passphrase').
 */
export async function signRecipientDirectory(
  content: object,
  armoredOrganisationSecretKey: string,
  passphrase: string,
): Promise<string> {
  const signingKey = await unlockSecretKey(armoredOrganisationSecretKey, passphrase);
  const message = await createMessage({ text: JSON.stringify(content), format: 'utf8' });
  // openpgp's stream-aware return types do not resolve without its optional stream typings.
  return (await sign({
    message,
    signingKeys: signingKey,
    format: 'armored',
    config: OPENPGP_CONFIG,
  })) as string;
}

/**
 * Verifies the recipient directory before anything is encrypted to it (SECURITY.md "Recipient
 * directory"): the organisation key must have the pinned fingerprint, the signature must verify
 * (an inline signature made by this module or by stock `gpg --sign`), the directory must not be
 * older than `minimumVersion` (built into the page: a replayed older directory is refused,
 * CryptoError 'directory_outdated') nor expired, every recipient key must be valid now and match
 * its listed fingerprint, and every retired key must match its fingerprint. Fails closed with a
 * CryptoError on any doubt.
 */
export async function verifyRecipientDirectory(
  armoredDirectory: string,
  armoredOrganisationKey: string,
  pinnedFingerprint: string,
  now: Date = new Date(),
  minimumVersion = 1,
): Promise<VerifiedDirectory> {
  let organisationKey: PublicKey;
  try {
    organisationKey = await readKey({ armoredKey: armoredOrganisationKey, config: OPENPGP_CONFIG });
  } catch {
    throw new CryptoError('directory_wrong_organisation', 'The organisation key cannot be read.');
  }
  if (organisationKey.getFingerprint().toLowerCase() !== pinnedFingerprint.toLowerCase()) {
    throw new CryptoError(
      'directory_wrong_organisation',
      'The directory is not from the expected organisation.',
    );
  }
  let text: string;
  try {
    // Security: the signed text may arrive compressed; it is never allowed to grow past the bound.
    const config = { ...OPENPGP_CONFIG, maxDecompressedMessageSize: MAX_PLAINTEXT_BYTES.directory };
    const message = await readMessage({ armoredMessage: armoredDirectory, config });
    const result = await verify({
      message,
      verificationKeys: organisationKey,
      expectSigned: true,
      date: now,
      config,
    });
    text = String(result.data);
  } catch {
    throw new CryptoError(
      'directory_signature_invalid',
      'The recipient directory signature does not verify.',
    );
  }
  const content = parseDirectory(text);
  // Security: blocks replay of an older signed directory (e.g. one that still lists an
  // offboarded caseworker); keep before anything is encrypted.
  if (content.version < minimumVersion) {
    throw new CryptoError(
      'directory_outdated',
      `The recipient directory (version ${content.version}) is older than version ${minimumVersion}.`,
    );
  }
  if (content.expiresAt.getTime() <= now.getTime()) {
    throw new CryptoError('directory_expired', 'The recipient directory has expired.');
  }
  for (const recipient of content.recipients) {
    try {
      const key = await readMatchingKey(recipient);
      await key.getEncryptionKey(undefined, now);
    } catch {
      throw new CryptoError(
        'recipient_key_invalid',
        `Recipient key ${recipient.fingerprint} is not valid now.`,
      );
    }
  }
  for (const retired of content.retired) {
    try {
      await readMatchingKey(retired);
    } catch {
      throw new CryptoError(
        'recipient_key_invalid',
        `Retired key ${retired.fingerprint} does not match its fingerprint.`,
      );
    }
  }
  return content;
}

async function readMatchingKey(entry: DirectoryRecipient): Promise<Key> {
  const key = await readKey({ armoredKey: entry.publicKey, config: OPENPGP_CONFIG });
  if (key.isPrivate() || key.getFingerprint().toLowerCase() !== entry.fingerprint)
    throw new Error('not the listed public key');
  return key;
}

function parseDirectory(text: string): VerifiedDirectory {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const recipients = raw['recipients'];
    // Format 1 has neither `format` nor `retired`; any other format is not understood here.
    const retired = raw['format'] === DIRECTORY_FORMAT ? raw['retired'] : [];
    if (
      raw['type'] !== 'amanat-recipient-directory' ||
      (raw['format'] !== undefined && raw['format'] !== DIRECTORY_FORMAT) ||
      (raw['format'] === undefined && raw['retired'] !== undefined) ||
      !Array.isArray(recipients) ||
      recipients.length === 0 ||
      !Array.isArray(retired)
    ) {
      throw new Error('shape');
    }
    const expiresAt = new Date(String(raw['expiresAt']));
    const version = raw['version'];
    if (Number.isNaN(expiresAt.getTime()) || !Number.isSafeInteger(version))
      throw new Error('shape');
    const directory: VerifiedDirectory = {
      version: version as number,
      expiresAt,
      demo: raw['demo'] === true,
      recipients: recipients.map((entry: Record<string, unknown>) => ({
        fingerprint: String(entry['fingerprint']).toLowerCase(),
        label: String(entry['label']),
        publicKey: String(entry['publicKey']),
      })),
      retired: retired.map((entry: Record<string, unknown>) => ({
        fingerprint: String(entry['fingerprint']).toLowerCase(),
        label: String(entry['label']),
        publicKey: String(entry['publicKey']),
        retiredOn: DAY.test(String(entry['retiredOn'])) ? String(entry['retiredOn']) : null,
      })),
    };
    // Security: a key is active or retired, never both, so no caller has to choose.
    const fingerprints = [...directory.recipients, ...directory.retired].map((k) => k.fingerprint);
    if (new Set(fingerprints).size !== fingerprints.length) throw new Error('listed twice');
    return directory;
  } catch {
    throw new CryptoError('directory_malformed', 'The recipient directory is malformed.');
  }
}
