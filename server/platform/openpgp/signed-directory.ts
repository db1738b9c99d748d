/**
 * Verifies the recipient directory's signature by the organisation key before the server relies
 * on it for intake. The browser does the same check independently (client/crypto); this one
 * catches a directory signed by the wrong key before any reporter sees it.
 */
import { readKey, readMessage, verify } from 'openpgp';

export class DirectorySignatureError extends Error {
  override readonly name = 'DirectorySignatureError';
}

/** A signed directory is never allowed to decompress past this (its keys are at most 64 KiB each). */
const MAX_DIRECTORY_BYTES = 4 * 1024 * 1024;
const VERIFY_CONFIG = {
  minRSABits: 3072,
  maxDecompressedMessageSize: MAX_DIRECTORY_BYTES,
} as const;

export async function verifySignedDirectory(
  armoredDirectory: string,
  armoredOrganisationKey: string,
  expectedFingerprint: string,
): Promise<unknown> {
  const organisationKey = await readKey({
    armoredKey: armoredOrganisationKey,
    config: VERIFY_CONFIG,
  });
  if (organisationKey.getFingerprint().toLowerCase() !== expectedFingerprint.toLowerCase()) {
    throw new DirectorySignatureError(
      'The directory is not signed by the configured organisation key (ORG_FINGERPRINT).',
    );
  }
  const message = await readMessage({ armoredMessage: armoredDirectory, config: VERIFY_CONFIG });
  const result = await verify({
    message,
    verificationKeys: [organisationKey],
    expectSigned: true, // throws unless a valid signature by the organisation key is present
    config: VERIFY_CONFIG,
  });
  if (typeof result.data !== 'string')
    throw new DirectorySignatureError('The directory is not text.');
  try {
    return JSON.parse(result.data) as unknown;
  } catch {
    throw new DirectorySignatureError('The signed directory is not JSON.');
  }
}
