/**
 * Whether the reply key the server stores with a case is the reporter's (SECURITY.md
 * "Authenticated replies"). Anyone who can write to the database could swap it for their own
 * and read every later reply, so the server's copy is compared with the key the decrypted report
 * names, or, for a report from before reports named it, with a caseworker's signed confirmation
 * that verifies against the directory. Replies are encrypted, and follow-ups verified, only
 * against the key this check vouches for (client/crypto encryptSignedReply, decryptFollowUp).
 */
import type { CaseworkerSigner } from '../../crypto';
import type { CaseApi, CaseDetail } from '../cases/case-api';
import { loadVerifiedDirectory } from '../cases/case-crypto';
import { loadCrypto } from '../keys/key-passphrases';

export type ReplyKeyCheck =
  /** No reply key stored: the reporter cannot receive replies. */
  | { readonly state: 'none' }
  /** The report did not decrypt with this key: there is nothing to compare with. */
  | { readonly state: 'unchecked' }
  /** The stored key is the one the report names. */
  | { readonly state: 'bound'; readonly fingerprint: string }
  /**
   * A report from before reports named their key; a current caseworker confirmed the stored one.
   * `confirmedBy` is the verified signer as the directory names them, never the server's word.
   */
  | {
      readonly state: 'confirmed';
      readonly fingerprint: string;
      readonly confirmedBy: CaseworkerSigner;
    }
  /** A report from before reports named their key, not confirmed yet (`stored`: null if unusable). */
  | { readonly state: 'legacy'; readonly stored: string | null }
  /** Tampering: the stored key is not the one the report names or a caseworker confirmed. */
  | { readonly state: 'mismatch'; readonly expected: string; readonly stored: string | null };

/**
 * The fingerprint replies may be encrypted to and follow-ups verified against, or null. On a
 * mismatch it is the expected key: the stored one then fails both, in client/crypto.
 */
export function trustedReplyKeyFingerprint(check: ReplyKeyCheck): string | null {
  switch (check.state) {
    case 'bound':
    case 'confirmed':
      return check.fingerprint;
    case 'mismatch':
      return check.expected;
    default:
      return null;
  }
}

/**
 * What the decrypted report says about its reply key: nothing readable, or the fingerprint it
 * names (null: a report from before reports named it, or not in our format).
 */
export type ReportedReplyKey =
  { readonly readable: false } | { readonly readable: true; readonly fingerprint: string | null };

export async function checkReplyKey(
  api: CaseApi,
  detail: CaseDetail,
  report: ReportedReplyKey,
): Promise<ReplyKeyCheck> {
  if (detail.replyKey === null) return { state: 'none' };
  if (!report.readable) return { state: 'unchecked' };
  const crypto = await loadCrypto();
  const stored = await crypto.replyKeyFingerprintOf(detail.replyKey).catch(() => null);
  const named = report.fingerprint;
  if (named !== null) {
    // Security: the report's own word wins; a confirmation never overrides it.
    return stored === named
      ? { state: 'bound', fingerprint: named }
      : { state: 'mismatch', expected: named, stored };
  }
  const confirmation = detail.replyKeyConfirmation;
  if (confirmation === null) return { state: 'legacy', stored };
  const directory = await loadVerifiedDirectory(api);
  const confirmed = directory.ok
    ? await crypto.verifyReplyKeyConfirmation(
        confirmation.confirmation,
        detail.summary.caseId,
        directory.directory,
      )
    : null;
  // A confirmation that does not verify is no confirmation: what the database says is not proof.
  if (confirmed === null) return { state: 'legacy', stored };
  if (confirmed.replyKeyFingerprint !== stored) {
    return { state: 'mismatch', expected: confirmed.replyKeyFingerprint, stored };
  }
  // Security: who confirmed is the verified signer; the server's username could be anyone's.
  return {
    state: 'confirmed',
    fingerprint: confirmed.replyKeyFingerprint,
    confirmedBy: confirmed.signer,
  };
}
