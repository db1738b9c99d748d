/**
 * The organisation's linking key and each case's linked identifiers, as the server stores them:
 * statements signed by a caseworker's directory key, then encrypted to every current caseworker
 * of the verified directory (SECURITY.md "Linked cases").
 *
 * Why signed: anyone who can write to the database can encrypt a key of their own choosing to
 * the caseworkers' public keys. A dashboard that used such a key would make tokens the writer can
 * compute, and phone numbers are a small space: the writer could then test every number against
 * the stored tokens. So a linking key counts only with exactly one valid signature by a current
 * caseworker's key of the verified directory, over a statement that names the key's version
 * (the version the server serves it under must be that one: an old key cannot be replayed as the
 * current one). The identifiers a case was linked by are kept for rotation (the new key's tokens
 * are made from them, never from whole reports), signed and bound to their case and key version.
 */
import { createMessage, readMessage, sign, type Message } from 'openpgp';
import { OPENPGP_CONFIG } from './config';
import { privateKeyOf, CaseMessageError } from './case-messages';
import type { UnlockedCaseworkerKey } from './caseworker-keys';
import { decryptBoundedVerifying } from './decryption';
import type { VerifiedDirectory } from './directory';
import { CodedError } from '../../contract/coded-error';
import {
  encryptSignedMessage,
  latestSignatureTime,
  readDirectorySigners,
  readPublicKey,
  readRecipientKeys,
  signerOf,
  type SignerChoice,
} from './signatures';

const KEY_STATEMENT = 'amanat-linking-key/v1';
const IDENTIFIERS_STATEMENT = 'amanat-link-identifiers/v1';
/** A key statement is under 200 bytes; identifiers are at most a few dozen short values. */
const MAX_STATEMENT_BYTES = 64 * 1024;
const LINKING_KEY_BYTES = 32;

export type LinkingKeyErrorCode =
  /** Not signed by exactly one current caseworker key of the directory, or not for this version. */
  | 'linking_key_untrusted'
  /** Not encrypted to this caseworker's key (a colleague must share it first). */
  | 'linking_key_not_shared'
  | 'linking_identifiers_untrusted'
  /** A case's identifiers not encrypted to this caseworker's key (sealed before they joined). */
  | 'linking_identifiers_not_shared';

/** Why a linking key or a case's identifiers are not used. Final: nothing is linked instead. */
export class LinkingKeyError extends CodedError<LinkingKeyErrorCode> {
  override readonly name = 'LinkingKeyError';
}

/** One identifier as a statement carries it (client/dashboard/linking/identifiers.ts). */
export interface StatedIdentifier {
  readonly type: string;
  readonly value: string;
}

/**
 * Signs "linking key version `version` is `key`" with the unlocked caseworker key and encrypts
 * it to the directory's current caseworkers: for a new key, and to share the current one with
 * colleagues added to the directory since (the same version, encrypted to everyone now).
 * Throws CaseMessageError('signer_not_in_directory') when the signer's own key is not current.
 */
export async function wrapLinkingKey(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  version: number,
  key: Uint8Array,
): Promise<Uint8Array> {
  if (key.length !== LINKING_KEY_BYTES) throw new TypeError('A linking key is 32 bytes.');
  return await signAndEncrypt(handle, directory, {
    type: KEY_STATEMENT,
    version,
    key: btoa(String.fromCharCode(...key)),
  });
}

/**
 * The linking key of a stored wrapping, only if it is a key statement for exactly `version`
 * signed by exactly one current caseworker key of `directory`. Throws
 * LinkingKeyError('linking_key_not_shared') when it does not decrypt for this caseworker,
 * LinkingKeyError('linking_key_untrusted') for anything else doubtful.
 */
export async function unwrapLinkingKey(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  wrapped: Uint8Array,
  version: number,
): Promise<Uint8Array> {
  const statement = await openStatement(
    handle,
    directory,
    wrapped,
    'current',
    'linking_key_untrusted',
  );
  const key = statement['key'];
  const bytes = typeof key === 'string' ? bytesOf(key) : null;
  // Security: the version is inside what was signed; an older key served as this one is refused.
  if (statement['type'] !== KEY_STATEMENT || statement['version'] !== version || !bytes) {
    throw new LinkingKeyError('linking_key_untrusted', 'This linking key is not trusted.');
  }
  if (bytes.length !== LINKING_KEY_BYTES) {
    throw new LinkingKeyError('linking_key_untrusted', 'This linking key is not trusted.');
  }
  return bytes;
}

/**
 * The fingerprints of the directory's current caseworkers the wrapping is not encrypted to: the
 * colleagues a holder of the key should share it with (wrapLinkingKey again, same version).
 */
export async function linkingKeyMissingRecipients(
  wrapped: Uint8Array,
  directory: VerifiedDirectory,
): Promise<string[]> {
  const message = await readMessage({ binaryMessage: wrapped, config: OPENPGP_CONFIG });
  const recipients = new Set(message.getEncryptionKeyIDs().map((id) => id.toHex().toLowerCase()));
  const missing: string[] = [];
  for (const entry of directory.recipients) {
    const key = await readPublicKey(entry.publicKey);
    const ids = key?.getKeys().map((part) => part.getKeyID().toHex().toLowerCase()) ?? [];
    if (!ids.some((id) => recipients.has(id))) missing.push(entry.fingerprint);
  }
  return missing;
}

/** Signs and encrypts the identifiers a case is linked by, under key `keyVersion`. */
export async function encryptLinkIdentifiers(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  caseId: string,
  keyVersion: number,
  identifiers: readonly StatedIdentifier[],
): Promise<Uint8Array> {
  return await signAndEncrypt(handle, directory, {
    type: IDENTIFIERS_STATEMENT,
    caseId,
    keyVersion,
    identifiers: identifiers.map(({ type, value }) => ({ type, value })),
  });
}

/**
 * The identifiers of case `caseId` (linked under `keyVersion`), only from a statement for this
 * case and version signed by a caseworker of the directory (a former one's key counts for what
 * it signed before its retirement day: rotation after offboarding must still read them). Values
 * are returned as stated; the caller normalises them again. Throws
 * LinkingKeyError('linking_identifiers_untrusted') for anything doubtful.
 */
export async function decryptLinkIdentifiers(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  message: Uint8Array,
  caseId: string,
  keyVersion: number,
): Promise<StatedIdentifier[]> {
  const statement = await openStatement(
    handle,
    directory,
    message,
    'current-and-retired',
    'linking_identifiers_untrusted',
  );
  const identifiers = statement['identifiers'];
  if (
    statement['type'] !== IDENTIFIERS_STATEMENT ||
    statement['caseId'] !== caseId ||
    statement['keyVersion'] !== keyVersion ||
    !Array.isArray(identifiers)
  ) {
    throw new LinkingKeyError(
      'linking_identifiers_untrusted',
      'These identifiers are not trusted.',
    );
  }
  return identifiers.flatMap((item: unknown) => {
    const entry = item as Record<string, unknown> | null;
    return typeof entry?.['type'] === 'string' && typeof entry['value'] === 'string'
      ? [{ type: entry['type'], value: entry['value'] }]
      : [];
  });
}

async function signAndEncrypt(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  statement: object,
): Promise<Uint8Array> {
  // Security: a statement colleagues could not verify would be refused by every dashboard.
  if (!directory.recipients.some((recipient) => recipient.fingerprint === handle.fingerprint)) {
    throw new CaseMessageError(
      'signer_not_in_directory',
      'Your key is not in the current directory, so colleagues could not verify what you sign.',
    );
  }
  const signed: Message<Uint8Array> = await sign({
    message: await createMessage({
      binary: new TextEncoder().encode(JSON.stringify(statement)),
      format: 'binary',
    }),
    signingKeys: privateKeyOf(handle),
    format: 'object',
    config: OPENPGP_CONFIG,
  });
  return await encryptSignedMessage(signed, await readRecipientKeys(directory));
}

/** The signed JSON statement inside `message`, or the error `code`. */
async function openStatement(
  handle: UnlockedCaseworkerKey,
  directory: VerifiedDirectory,
  message: Uint8Array,
  signers: SignerChoice,
  code: LinkingKeyErrorCode,
): Promise<Record<string, unknown>> {
  const candidates = await readDirectorySigners(directory, signers);
  let opened: Awaited<ReturnType<typeof decryptBoundedVerifying>>;
  try {
    opened = await decryptBoundedVerifying(
      message,
      privateKeyOf(handle),
      MAX_STATEMENT_BYTES,
      candidates.map((candidate) => candidate.key),
      latestSignatureTime(),
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'CaseworkerKeyError') throw error;
    throw new LinkingKeyError(
      code === 'linking_key_untrusted'
        ? 'linking_key_not_shared'
        : 'linking_identifiers_not_shared',
      'This was not encrypted to your key.',
    );
  }
  // Security: exactly one valid signature by a directory key, else nothing here is used.
  if (signerOf(opened.signatures, candidates) === null) {
    throw new LinkingKeyError(code, 'Not signed by a caseworker of the directory.');
  }
  try {
    const parsed: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(opened.data),
    );
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Falls through: not a statement.
  }
  throw new LinkingKeyError(code, 'Not a statement this dashboard reads.');
}

function bytesOf(base64: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}
