/**
 * The reporter's way back (docs/design.md "Replies and follow-ups"): with the verifier derived from
 * their receipt they get the case status in plain words (the client translates the code), the reply
 * secret key (still protected by the receipt-derived passphrase) and the encrypted thread.
 */
import type { AnswerOf } from '../../../contract/api/common';
import type { reporterCaseViewSchema } from '../../../contract/api/reporter';
import { NotFoundError } from '../../platform/errors';
import { armorMessage } from '../../platform/openpgp';
import type { CaseMessagesService } from '../case-messages';
import {
  hashReceiptVerifier,
  type MessageStorageGuard,
  type ReportRepository,
  type StoredReport,
} from '../intake';
import type { FollowUpAllowance } from './follow-up-allowance';

/** What the reporter's page reads (contract/api/reporter.ts). */
export type ReporterCaseView = AnswerOf<typeof reporterCaseViewSchema>;

export class ReceiptsService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly caseMessages: CaseMessagesService,
    /** The case's triage status (triage feature); the reporter sees it in plain words. */
    private readonly statusOf: (caseId: string) => Promise<string | null>,
    private readonly followUps: FollowUpAllowance,
    private readonly storage: MessageStorageGuard,
  ) {}

  async openCase(receiptVerifier: string): Promise<ReporterCaseView> {
    const report = await this.findReport(receiptVerifier);
    // Security: internal notes never reach the reporter.
    const thread = await this.caseMessages.listReporterThread(report.caseId);
    return {
      status: (await this.statusOf(report.caseId)) ?? 'new',
      caseId: report.caseId,
      receivedOn: report.receivedOn,
      replySecretKey: report.replySecretKey ?? null,
      messages: thread.map((entry) => ({
        messageId: entry.id,
        author: entry.author,
        sentOn: entry.sentOn,
        message: armorMessage(entry.message),
      })),
    };
  }

  /**
   * The case status alone, found as openCase finds the case: for the no-JavaScript status page,
   * which shows nothing else (no reply key, no thread).
   */
  async caseStatus(receiptVerifier: string): Promise<string> {
    const report = await this.findReport(receiptVerifier);
    return (await this.statusOf(report.caseId)) ?? 'new';
  }

  /** Whether a report with this verifier is stored (the no-JavaScript form's repost check). */
  async hasReport(receiptVerifier: string): Promise<boolean> {
    const hash = hashReceiptVerifier(receiptVerifier);
    return (await this.reports.findByReceiptVerifierHash(hash)) !== null;
  }

  async addFollowUp(
    receiptVerifier: string,
    armoredMessage: string,
    messageId: string,
  ): Promise<{ sentOn: string; replayed: boolean }> {
    const report = await this.findReport(receiptVerifier);
    // A retry holds its slot already and is answered as before, full disk or not; a new
    // follow-up must fit under the watermark and in the report's room.
    const isNew = !(await this.followUps.holds(report.caseId, messageId));
    if (isNew) {
      await this.storage.refuseIfFull('message', Buffer.byteLength(armoredMessage));
      await this.followUps.claim(report.caseId, messageId);
    }
    try {
      const { stored, replayed } = await this.caseMessages.addReporterMessage(
        report.caseId,
        armoredMessage,
        messageId,
      );
      return { sentOn: stored.sentOn, replayed };
    } catch (error) {
      // Should this fail too, the slot stays claimed: one follow-up less for this report.
      if (isNew) await this.followUps.release(report.caseId, messageId).catch(() => undefined);
      throw error;
    }
  }

  private async findReport(receiptVerifier: string): Promise<StoredReport> {
    const report = await this.reports.findByReceiptVerifierHash(
      hashReceiptVerifier(receiptVerifier),
    );
    // One generic answer for every failure: it must not help anyone guess receipts.
    if (!report) throw new NotFoundError('receipt_not_found', 'No report matches this receipt.');
    return report;
  }
}
