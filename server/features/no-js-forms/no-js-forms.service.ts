/**
 * The reporter page without JavaScript (NO_JS_FORM=on): the server does in memory what the
 * reporter's browser would do, then hands the result to the very same intake and receipt lookup
 * as the browser's requests (docs/design.md "The report and the receipt").
 *
 * What this costs, and why it is opt-in: the server sees the report's text while it encrypts it,
 * and the receipt, which it derives from the form's submission token (report) or is given
 * (status). None of them is stored or logged: they live only in this request's memory; only
 * the ciphertext and the verifier's hash are kept, exactly as for a browser's report. The server
 * never decrypts anything and never unlocks the reply key: it makes the key protected by the
 * receipt-derived passphrase, so the reporter can read replies later on the page with
 * JavaScript, where the receipt never leaves the device.
 */
import { randomBytes } from 'node:crypto';
import type { ReportDocument } from '../../../contract/documents';
import {
  deriveReceiptFromSubmission,
  deriveReceiptVerifier,
  deriveReplyKeyPassphrase,
  normaliseReceipt,
  RECEIPT_PATTERN,
} from '../../../contract/receipt';
import { CASE_STATUSES, type CaseStatus } from '../../../contract/vocabulary';
import { AppError, NotFoundError, PayloadTooLargeError } from '../../platform/errors';
import {
  encryptToRecipients,
  generateReplyKeyPair,
  type ReplyKeyPair,
} from '../../platform/openpgp';
import type { DirectoryService } from '../directory';
import { REPLY_KEY_USER_ID, type IntakeService } from '../intake';
import type { ReceiptsService } from '../receipts';
import type { EncryptionSlots } from './encryption-slots';

/** A reply key's fingerprint as the report names it: 40 lower-case hex digits, always. */
const FINGERPRINT_PLACEHOLDER = '0'.repeat(40);

export interface SubmittedReport {
  readonly receipt: string;
  /** True when this form had been posted before: its report was stored then, nothing now. */
  readonly alreadyStored: boolean;
}

export class NoJsFormsService {
  constructor(
    private readonly intake: IntakeService,
    private readonly directory: DirectoryService,
    private readonly receipts: ReceiptsService,
    /** The most report plaintext the dashboard opens (INTAKE_MAX_BODY_BYTES, as for the browser's). */
    private readonly maxReportBytes: number,
    /** The process-wide bound on key pairs and encryptions at once (NO_JS_CONCURRENT). */
    readonly slots: EncryptionSlots,
  ) {}

  /**
   * Encrypts the report to the current directory's caseworkers, stores it through intake once,
   * and returns the receipt (derived from the form's submission token), which is then forgotten
   * here: the caller shows it.
   *
   * Stored exactly once per form: the same form posted again (the receipt page reloaded, a
   * network retry) carries the same token, so the same receipt; when a report with its verifier
   * is already stored, nothing is encrypted or stored again. Two posts at once both pass that
   * look, and intake's unique index on the verifier's hash lets only one of them store.
   */
  async submitReport(report: ReportDocument, submissionToken: string): Promise<SubmittedReport> {
    const receipt = await deriveReceiptFromSubmission(submissionToken);
    const receiptVerifier = await deriveReceiptVerifier(receipt);
    if (await this.receipts.hasReport(receiptVerifier)) return { receipt, alreadyStored: true };
    // The size first, with a fingerprint of the one length there is: a report too large is
    // refused before it costs a key pair.
    const sized = (fingerprint: string) =>
      new TextEncoder().encode(JSON.stringify({ ...report, replyKeyFingerprint: fingerprint }));
    if (sized(FINGERPRINT_PLACEHOLDER).byteLength > this.maxReportBytes) {
      throw new PayloadTooLargeError(this.maxReportBytes, 'report_too_large');
    }
    const directory = await this.directory.getCurrentDirectory();
    const leave = await this.slots.enter();
    let replyKey: ReplyKeyPair;
    let plaintext: Uint8Array;
    let message: string;
    try {
      replyKey = await generateReplyKeyPair(
        REPLY_KEY_USER_ID,
        await deriveReplyKeyPassphrase(receipt),
      );
      plaintext = sized(replyKey.fingerprint);
      message = await encryptToRecipients(
        plaintext,
        directory.content.recipients.map((recipient) => recipient.publicKey),
      );
    } finally {
      leave();
    }
    // Best effort: the request's strings still hold the text until they are collected.
    plaintext.fill(0);
    try {
      await this.intake.submitReport({
        submissionId: randomBytes(16).toString('base64url'),
        message,
        replyKey: replyKey.armoredPublicKey,
        receiptVerifier,
        replySecretKey: replyKey.armoredSecretKey,
      });
    } catch (error) {
      // The same form posted at the same moment, stored by the other request.
      if (
        error instanceof AppError &&
        error.code === 'receipt_verifier_in_use' &&
        (await this.receipts.hasReport(receiptVerifier))
      ) {
        return { receipt, alreadyStored: true };
      }
      throw error;
    }
    return { receipt, alreadyStored: false };
  }

  /**
   * The case status for a typed receipt, looked up as the page's own lookup does (by the
   * verifier's hash): the status alone, never the reply key or the thread.
   */
  async caseStatus(typedReceipt: string): Promise<CaseStatus> {
    const receipt = normaliseReceipt(typedReceipt);
    // Not a receipt at all: answered like any receipt that matches nothing.
    if (!RECEIPT_PATTERN.test(receipt)) {
      throw new NotFoundError('receipt_not_found', 'No report matches this receipt.');
    }
    const status = await this.receipts.caseStatus(await deriveReceiptVerifier(receipt));
    if (!(CASE_STATUSES as readonly string[]).includes(status)) {
      throw new Error('A case has a status outside the vocabulary.');
    }
    return status as CaseStatus;
  }
}
