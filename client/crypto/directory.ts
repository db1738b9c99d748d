import { createMessage, readKey, readMessage, sign, verify, type PublicKey } from 'openpgp';
import { OPENPGP_CONFIG } from './config';
import { CryptoError } from './errors';
import { unlockSecretKey } from './keys';
import { MAX_PLAINTEXT_BYTES } from './plaintext-limits';

export interface DirectoryRecipient {
  readonly fingerprint: string;
  readonly label: string;
  readonly publicKey: string;
}

export interface VerifiedDirectory {
  readonly version: number;
  readonly expiresAt: Date;
  readonly demo: boolean;
  readonly recipients: readonly DirectoryRecipient[];
}

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
 * directory"): the organisation key must have the pinned fingerprint, the signature must verify,
 * the directory must be current, and every recipient key must be valid now and match its listed
 * fingerprint. Fails closed with a CryptoError on any doubt.
 */
export async function verifyRecipientDirectory(
  armoredDirectory: string,
  armoredOrganisationKey: string,
  pinnedFingerprint: string,
  now: Date = new Date(),
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
  if (content.expiresAt.getTime() <= now.getTime()) {
    throw new CryptoError('directory_expired', 'The recipient directory has expired.');
  }
  for (const recipient of content.recipients) {
    try {
      const key = await readKey({ armoredKey: recipient.publicKey, config: OPENPGP_CONFIG });
      if (key.getFingerprint().toLowerCase() !== recipient.fingerprint)
        throw new Error('fingerprint mismatch');
      await key.getEncryptionKey(undefined, now);
    } catch {
      throw new CryptoError(
        'recipient_key_invalid',
        `Recipient key ${recipient.fingerprint} is not valid now.`,
      );
    }
  }
  return content;
}

function parseDirectory(text: string): VerifiedDirectory {
  try {
    const raw = JSON.parse(text) as Record<string, unknown>;
    const recipients = raw['recipients'];
    if (
      raw['type'] !== 'amanat-recipient-directory' ||
      !Array.isArray(recipients) ||
      recipients.length === 0
    ) {
      throw new Error('shape');
    }
    const expiresAt = new Date(String(raw['expiresAt']));
    if (Number.isNaN(expiresAt.getTime()) || typeof raw['version'] !== 'number')
      throw new Error('shape');
    return {
      version: raw['version'],
      expiresAt,
      demo: raw['demo'] === true,
      recipients: recipients.map((entry: Record<string, unknown>) => ({
        fingerprint: String(entry['fingerprint']).toLowerCase(),
        label: String(entry['label']),
        publicKey: String(entry['publicKey']),
      })),
    };
  } catch {
    throw new CryptoError('directory_malformed', 'The recipient directory is malformed.');
  }
}
