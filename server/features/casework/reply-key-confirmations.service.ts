/**
 * Confirming, once per case, the reply key of a report sent before reports named their reply key
 * inside the encryption (SECURITY.md "Authenticated replies": legacy reports). The caseworker's
 * dashboard signs the statement; the server stores it for every caseworker to see and records it
 * in the case history. The server cannot verify the signature (dashboards do, against the
 * directory) but refuses a confirmation of any key other than the one stored now, and a second
 * confirmation of a different key: a stored key that changed after it was confirmed is the
 * tampering the dashboards warn about, not something to confirm away.
 */
import { dayOf } from '../../platform/days';
import { ConflictError, NotFoundError, UnprocessableError } from '../../platform/errors';
import { inspectPublicKey } from '../../platform/openpgp';
import type { Account } from '../accounts';
import { caseRefOf, type AuditLogService } from '../audit';
import type { ReportRepository } from '../intake';
import { actorOf } from '../sign-in';
import type { TriageService } from '../triage';
import type {
  ReplyKeyConfirmation,
  ReplyKeyConfirmationsRepository,
} from './reply-key-confirmations.repository';

export interface ReplyKeyConfirmationsDeps {
  readonly triage: TriageService;
  readonly reports: ReportRepository;
  readonly confirmations: ReplyKeyConfirmationsRepository;
  readonly audit: AuditLogService;
  readonly clock: () => Date;
}

export class ReplyKeyConfirmationsService {
  constructor(private readonly deps: ReplyKeyConfirmationsDeps) {}

  /**
   * Stores `confirmation` (the dashboard's signed statement) for the case's current reply key.
   * Confirming the same key again answers with the stored confirmation (`replayed`). Refuses:
   * 404 case_not_found; 422 reply_key_invalid when the stored key cannot be read; 409
   * reply_key_changed when `fingerprint` is not the stored key's; 409
   * reply_key_already_confirmed when another key was confirmed for this case.
   */
  async confirm(
    actor: Account,
    caseId: string,
    fingerprint: string,
    confirmation: string,
  ): Promise<{ readonly confirmation: ReplyKeyConfirmation; readonly replayed: boolean }> {
    await this.deps.triage.requireCase(caseId);
    const report = await this.deps.reports.findByCaseId(caseId);
    if (!report) throw new NotFoundError('case_not_found', 'No such case.');
    const stored = await inspectPublicKey(report.replyKey).catch(() => null);
    if (!stored) {
      throw new UnprocessableError('reply_key_invalid', 'The stored reply key cannot be read.');
    }
    const confirmed = fingerprint.toLowerCase();
    if (stored.fingerprint !== confirmed) {
      throw new ConflictError(
        'reply_key_changed',
        'The stored reply key is not the key being confirmed. Reload the case.',
      );
    }
    const earlier = await this.existing(caseId, confirmed);
    if (earlier) return { confirmation: earlier, replayed: true };
    const entry: ReplyKeyConfirmation = {
      caseId,
      fingerprint: confirmed,
      confirmation,
      confirmedBy: actor.id,
      confirmedOn: dayOf(this.deps.clock()),
    };
    // Recorded before it is stored, so no confirmation exists without its history entry; the
    // key makes a retry (or a race lost below) add no second entry.
    await this.deps.audit.record(
      actorOf(actor),
      'case.reply_key_confirmed',
      { case: caseRefOf(caseId), fingerprint: confirmed },
      { key: `case.reply_key_confirmed\0${caseId}\0${confirmed}` },
    );
    if ((await this.deps.confirmations.insert(entry)) === 'inserted') {
      return { confirmation: entry, replayed: false };
    }
    // Another caseworker confirmed at the same moment: theirs stands.
    const raced = await this.existing(caseId, confirmed);
    if (!raced) throw new Error('A reply key confirmation vanished while it was being stored.');
    return { confirmation: raced, replayed: true };
  }

  async confirmationOf(caseId: string): Promise<ReplyKeyConfirmation | null> {
    return await this.deps.confirmations.findByCaseId(caseId);
  }

  /** The stored confirmation of `fingerprint`, null if none; another key's is refused (409). */
  private async existing(
    caseId: string,
    fingerprint: string,
  ): Promise<ReplyKeyConfirmation | null> {
    const earlier = await this.deps.confirmations.findByCaseId(caseId);
    if (earlier && earlier.fingerprint !== fingerprint) {
      throw new ConflictError(
        'reply_key_already_confirmed',
        'Another reply key was confirmed for this case.',
      );
    }
    return earlier;
  }
}
