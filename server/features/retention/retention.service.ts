/**
 * Retention: a closed case is deleted, with its report, thread (notes and
 * replies), reply key confirmation, link tokens, caseworkers' read marks and attachment parts, once it has been closed for the
 * retention period (default 180 days), unless it is on legal hold. The audit log records the
 * deletion by case reference and the day it was closed: no content, and not the case id itself.
 *
 * The entry is written before anything is deleted, keyed by the case and the day it was closed:
 * a run cut short after the entry (or a second instance deleting the same case at once) finds
 * the same entry and appends nothing, so a deletion is audited exactly once whatever fails. A
 * case reopened after a cut-short run and closed again later is a new deletion (another day).
 */
import { dayOf } from '../../platform/days';
import type { AttachmentPartsRepository } from '../attachments';
import { caseRefOf, type AuditLogService } from '../audit';
import type { CaseLinksRepository } from '../case-links';
import type { CaseMessagesRepository } from '../case-messages';
import type { CaseReadsRepository } from '../case-reads';
import type { ReplyKeyConfirmationsRepository } from '../casework';
import type { ReportRepository } from '../intake';
import type { CasesRepository } from '../cases';

export interface RetentionDeps {
  readonly cases: CasesRepository;
  readonly reports: ReportRepository;
  readonly messages: CaseMessagesRepository;
  readonly caseReads: CaseReadsRepository;
  readonly attachmentParts: AttachmentPartsRepository;
  readonly replyKeyConfirmations: ReplyKeyConfirmationsRepository;
  readonly caseLinks: Pick<CaseLinksRepository, 'deleteOfCase'>;
  readonly audit: AuditLogService;
}

export class RetentionService {
  constructor(
    private readonly deps: RetentionDeps,
    private readonly closedDays: number,
    private readonly clock: () => Date,
  ) {}

  /**
   * Deletes every expired case; safe to run on several instances at once and to repeat.
   * `deleted` counts the cases this run deleted (two instances racing on one count it both).
   */
  async deleteExpiredCases(actor = 'retention'): Promise<{ deleted: number }> {
    const now = this.clock();
    const cutoff = dayOf(new Date(now.getTime() - this.closedDays * 86_400_000));
    let deleted = 0;
    for (const caseId of await this.deps.cases.listExpired(cutoff)) {
      const record = await this.deps.cases.findById(caseId);
      if (!record || record.legalHold || record.status !== 'closed') continue;
      const closedOn = record.closedOn ?? '';
      await this.deps.audit.record(
        actor,
        'case.deleted',
        {
          case: caseRefOf(caseId),
          closedOn,
          reason: `closed more than ${this.closedDays} days`,
        },
        { key: ['case.deleted', caseId, closedOn].join('\0') },
      );
      // Ciphertext first, the triage record last: a run cut short finds the case again next time.
      await this.deps.attachmentParts.deleteAllOfCase(caseId);
      await this.deps.messages.deleteAllOfCase(caseId);
      await this.deps.replyKeyConfirmations.deleteOfCase(caseId);
      await this.deps.caseLinks.deleteOfCase(caseId);
      await this.deps.caseReads.deleteAllOfCase(caseId);
      await this.deps.reports.delete(caseId);
      await this.deps.cases.delete(caseId);
      // Again: a caseworker's mark written after the first deletion, by a request that found the
      // case before it went (casework.service.ts markSeen removes one written after this).
      await this.deps.caseReads.deleteAllOfCase(caseId);
      deleted++;
    }
    return { deleted };
  }
}
