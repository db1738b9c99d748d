/**
 * A caseworker's one-time confirmation of a case's reply key, for reports sent before the
 * encrypted report named its reply key (SECURITY.md "Authenticated replies": legacy reports).
 * The confirmation is a statement signed with the caseworker's key (case id and reply key
 * fingerprint), stored by the server for every caseworker to see. Checked against the
 * organisation-signed directory, so a database writer can neither forge one nor move one to
 * another case; if the stored reply key changes later, the confirmation no longer matches it.
 * Only a current caseworker's key confirms: a former caseworker's key was offboarded because it
 * may be in the wrong hands, and a confirmation is a claim about now, not about what they wrote
 * while they were one (whoever holds the key could backdate its signature).
 */
import { createMessage, readMessage, sign, verify } from 'openpgp';
import { OPENPGP_CONFIG, STRICT_CONFIG } from './config';
import { directoryLabel, privateKeyOf, type CaseworkerSigner } from './case-messages';
import type { UnlockedCaseworkerKey } from './caseworker-keys';
import type { VerifiedDirectory } from './directory';
import {
  checkSignature,
  latestSignatureTime,
  readDirectorySigners,
  shownSigner,
  signerOf,
} from './signatures';

const STATEMENT_TYPE = 'amanat-reply-key-confirmation/v1';
/** A statement is under 200 bytes; its armored signed message well under this. */
const MAX_CONFIRMATION_CHARS = 16 * 1024;
const FINGERPRINT = /^[0-9a-f]{40}$/;

/** A confirmation that verified: which reply key, confirmed by whom (as the directory names them). */
export interface VerifiedReplyKeyConfirmation {
  readonly replyKeyFingerprint: string;
  readonly signer: CaseworkerSigner;
}

/**
 * Signs "the reply key of case `caseId` is `replyKeyFingerprint`" with the unlocked caseworker
 * key (now); armored, for POST /api/cases/:caseId/reply-key-confirmation. Precondition: the
 * caseworker looked at the fingerprint and chose to trust it (a deliberate action; the dashboard
 * asks). Throws CaseworkerKeyError('key_locked') once locked, TypeError for a malformed
 * fingerprint.
 */
export async function signReplyKeyConfirmation(
  handle: UnlockedCaseworkerKey,
  caseId: string,
  replyKeyFingerprint: string,
): Promise<string> {
  const fingerprint = replyKeyFingerprint.toLowerCase();
  if (!FINGERPRINT.test(fingerprint)) throw new TypeError('A v4 fingerprint is expected.');
  const statement = { type: STATEMENT_TYPE, caseId, replyKeyFingerprint: fingerprint };
  // openpgp's stream-aware return types do not resolve without its optional stream typings.
  return (await sign({
    message: await createMessage({ text: JSON.stringify(statement), format: 'utf8' }),
    signingKeys: privateKeyOf(handle),
    format: 'armored',
    config: OPENPGP_CONFIG,
  })) as string;
}

/**
 * The reply key fingerprint a stored confirmation vouches for, and its signer with the
 * directory's label, or null unless it is a statement for exactly this `caseId`, with exactly
 * one valid signature by a current caseworker's key of the verified directory (never a retired
 * key). Never throws: anything doubtful is no confirmation. Precondition: `directory` came from
 * verifyRecipientDirectory.
 */
export async function verifyReplyKeyConfirmation(
  armoredConfirmation: string,
  caseId: string,
  directory: VerifiedDirectory,
): Promise<VerifiedReplyKeyConfirmation | null> {
  if (armoredConfirmation.length > MAX_CONFIRMATION_CHARS) return null;
  try {
    const config = { ...STRICT_CONFIG, maxDecompressedMessageSize: MAX_CONFIRMATION_CHARS };
    // Security: current keys only; an offboarded key confirms nothing, whatever time it writes.
    const signers = await readDirectorySigners(directory, 'current');
    const result = await verify({
      message: await readMessage({ armoredMessage: armoredConfirmation, config }),
      verificationKeys: signers.map((signer) => signer.key),
      expectSigned: false,
      date: latestSignatureTime(),
      format: 'utf8',
      config,
    });
    const found = signerOf(await Promise.all(result.signatures.map(checkSignature)), signers);
    const statement = JSON.parse(String(result.data)) as Record<string, unknown>;
    const fingerprint = statement['replyKeyFingerprint'];
    if (
      !found ||
      statement['type'] !== STATEMENT_TYPE ||
      statement['caseId'] !== caseId ||
      typeof fingerprint !== 'string' ||
      !FINGERPRINT.test(fingerprint)
    ) {
      return null;
    }
    const signer = shownSigner(found);
    return {
      replyKeyFingerprint: fingerprint,
      signer: { ...signer, label: directoryLabel(directory, signer) },
    };
  } catch {
    return null;
  }
}
