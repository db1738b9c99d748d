/**
 * Verifies the recipient directory's signature by the organisation key before the server relies
 * on it for intake. The browser does the same check independently (client/crypto); this one
 * catches a directory signed by the wrong key before any reporter sees it.
 */
import { config as defaultConfig, readKey, readMessage, verify, type Key } from 'openpgp';
import { MIN_RSA_BITS } from '../../../contract/key-policy';

export class DirectorySignatureError extends Error {
  override readonly name = 'DirectorySignatureError';
}

/** A signed directory is never allowed to decompress past this (its keys are at most 64 KiB each). */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
const VERIFY_CONFIG = {
  minRSABits: MIN_RSA_BITS,
  maxDecompressedMessageSize: MAX_DIRECTORY_BYTES,
} as const;

/**
 * How a throwaway organisation key is named: `org:init --demo` writes "… (DEMO - not for real
 * reports)", the demo deployment "Amanat DEMO organisation (not for real reports)". Only a user
 * id the key itself certifies counts (isDemoKey).
 */
const DEMO_USER_ID = /\bDEMO\b.*not for real reports/;

export interface VerifiedDirectoryPayload {
  /** The signed JSON, parsed (its shape is not checked here). */
  readonly json: unknown;
  /** The organisation key is a DEMO key: whatever it signs must be marked demo. */
  readonly signedByDemoKey: boolean;
}

export async function verifySignedDirectory(
  armoredDirectory: string,
  armoredOrganisationKey: string,
  expectedFingerprint: string,
): Promise<VerifiedDirectoryPayload> {
  const organisationKey = await readOrganisationKey(armoredOrganisationKey);
  if (organisationKey.getFingerprint().toLowerCase() !== expectedFingerprint.toLowerCase()) {
    throw new DirectorySignatureError(
      'The directory is not signed by the configured organisation key (ORG_FINGERPRINT).',
    );
  }
  if (armoredDirectory.includes('-----BEGIN PGP SIGNED MESSAGE-----')) {
    throw new DirectorySignatureError(
      'This is a cleartext signature (gpg --clearsign); sign the exported file with gpg --sign --armor.',
    );
  }
  if (armoredDirectory.includes('-----BEGIN PGP SIGNATURE-----')) {
    throw new DirectorySignatureError(
      'This is a detached signature; sign the exported file with gpg --sign --armor.',
    );
  }
  let data: unknown;
  try {
    // Stock GnuPG compresses what it signs; the bound above stops a decompression bomb.
    const message = await readMessage({ armoredMessage: armoredDirectory, config: VERIFY_CONFIG });
    const result = await verify({
      message,
      verificationKeys: [organisationKey],
      expectSigned: true, // throws unless a valid signature by the organisation key is present
      config: VERIFY_CONFIG,
    });
    data = result.data;
  } catch {
    throw new DirectorySignatureError(
      `The directory does not carry a valid signature by the organisation key ${expectedFingerprint.toLowerCase()} (ORG_FINGERPRINT): it is signed by another key, altered, or not a signed OpenPGP message.`,
    );
  }
  if (typeof data !== 'string') throw new DirectorySignatureError('The directory is not text.');
  let json: unknown;
  try {
    json = JSON.parse(data) as unknown;
  } catch {
    throw new DirectorySignatureError('The signed directory is not JSON.');
  }
  return { json, signedByDemoKey: await isDemoKey(organisationKey) };
}

/**
 * Reads an organisation public key, checks it has the expected fingerprint (when one is given),
 * and says whether it is named as a throwaway DEMO key. Throws DirectorySignatureError.
 */
export async function inspectOrganisationKey(
  armoredOrganisationKey: string,
  expectedFingerprint: string | null,
): Promise<{ readonly fingerprint: string; readonly isDemo: boolean }> {
  const key = await readOrganisationKey(armoredOrganisationKey);
  const fingerprint = key.getFingerprint().toLowerCase();
  if (expectedFingerprint !== null && fingerprint !== expectedFingerprint.toLowerCase()) {
    throw new DirectorySignatureError(
      `The organisation public key is ${fingerprint}, not ORG_FINGERPRINT ${expectedFingerprint.toLowerCase()}.`,
    );
  }
  return { fingerprint, isDemo: await isDemoKey(key) };
}

async function readOrganisationKey(armored: string): Promise<Key> {
  let key: Key;
  try {
    key = await readKey({ armoredKey: armored, config: VERIFY_CONFIG });
  } catch {
    throw new DirectorySignatureError('The organisation public key cannot be read.');
  }
  // Security: the organisation key is stored and served to everyone; a secret key never is.
  if (key.isPrivate()) {
    throw new DirectorySignatureError(
      'This is the organisation SECRET key; give its public key (org.asc.pub) instead.',
    );
  }
  return key;
}

/**
 * Security: anyone can append a user id packet to a public key without changing its fingerprint
 * (in the database, or on the way to the offline machine). A forged "DEMO … not for real
 * reports" id on the real organisation key would make every directory it signed need the demo
 * marker, and production refuses demo directories: intake would stop. So only user ids with a
 * valid self-certification by the key count; an appended one carries none.
 */
async function isDemoKey(key: Key): Promise<boolean> {
  for (const user of key.users) {
    if (!user.userID || !DEMO_USER_ID.test(user.userID.userID)) continue;
    try {
      await user.verify(new Date(), { ...defaultConfig, ...VERIFY_CONFIG });
      return true;
    } catch {
      // not certified by this key: someone else's words about it
    }
  }
  return false;
}
