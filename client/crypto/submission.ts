import type { ReportSubmission } from '../../contract/api/reporter';
import type { VerifiedDirectory } from './directory';
import { generateReplyKey } from './keys';
import { encryptReport } from './messages';
import { createSubmissionId } from './random';
import { createReceipt, deriveReceiptVerifier, deriveReplyKeyPassphrase } from './receipt';

/** The body of POST /api/reports, as the API contract defines it. */
export type ReportSubmissionBody = ReportSubmission;

export interface PreparedSubmission {
  readonly body: ReportSubmissionBody;
  /** Shown to the reporter once; never sent. */
  readonly receipt: string;
  /** The reply secret key, protected by a passphrase derived from the receipt (also in `body`). */
  readonly armoredReplySecretKey: string;
  /** The reply key's fingerprint (lower-case hex), as the encrypted report names it. */
  readonly replyKeyFingerprint: string;
}

/**
 * Everything a reporter's browser sends for one report: the report encrypted to every recipient
 * of a verified directory, a fresh receipt, its verifier, and a reply key protected by a
 * passphrase derived from the receipt. The encrypted report names the reply key
 * (`replyKeyFingerprint`, lower-case hex): the server cannot read or change it, so the dashboard
 * replies to no other key (SECURITY.md "Authenticated replies"). Precondition: `directory` came
 * from verifyRecipientDirectory. Keep the submissionId for retries: resending the same body is
 * safe.
 */
export async function prepareReportSubmission(
  report: object,
  directory: VerifiedDirectory,
): Promise<PreparedSubmission> {
  const receipt = createReceipt();
  const replyKey = await generateReplyKey(await deriveReplyKeyPassphrase(receipt));
  const replyKeyFingerprint = replyKey.fingerprint.toLowerCase();
  return {
    receipt,
    armoredReplySecretKey: replyKey.armoredSecretKey,
    replyKeyFingerprint,
    body: {
      submissionId: createSubmissionId(),
      message: await encryptReport({ ...report, replyKeyFingerprint }, directory),
      replyKey: replyKey.armoredPublicKey,
      receiptVerifier: await deriveReceiptVerifier(receipt),
      replySecretKey: replyKey.armoredSecretKey,
    },
  };
}
