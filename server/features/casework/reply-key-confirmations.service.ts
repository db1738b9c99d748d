/**
 * Confirming, once per case, the reply key of a report sent before reports named their reply key
 * inside the encryption (SECURITY.md "Authenticated replies": legacy reports). The caseworker's
 * dashboard signs the statement; the server stores it for every caseworker to see and records it
 * in the case history.
 *
 * Once stored, a confirmation decides the case for good: another key is never confirmed over it.
 * So the server verifies before it stores. A stolen staff cookie, or an admin without a key, must
 * not be able to plant a statement nobody can verify and so keep the case from ever being
 * confirmed: the statement must be signed, with exactly one valid signature, by the key of the
 * account sending it, and that key must be active and a recipient of the current directory; it
 * must name this case and this case's stored reply key. The route also asks for a fresh
 * re-authentication, as sharing does: both are lasting decisions about who a case's messages go to.
 */
import { replyKeyConfirmationStatementSchema } from '../../../contract/api/cases';
import { dayOf } from '../../platform/days';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnprocessableError,
} from '../../platform/errors';
import {
  inspectPublicKey,
  StatementSignatureError,
  verifySignedStatement,
} from '../../platform/openpgp';
import type { Account } from '../accounts';
import { caseRefOf, type AuditLogService } from '../audit';
import type { CaseworkerKeysService } from '../caseworkers';
import type { DirectoryService } from '../directory';
import type { ReportRepository } from '../intake';
import { actorOf } from '../sign-in';
import type { TriageService } from '../cases';
import type {
  ReplyKeyConfirmation,
  ReplyKeyConfirmationsRepository,
} from './reply-key-confirmations.repository';

export interface ReplyKeyConfirmationsDeps {
  readonly triage: TriageService;
  readonly reports: ReportRepository;
  readonly confirmations: ReplyKeyConfirmationsRepository;
  readonly caseworkerKeys: CaseworkerKeysService;
  readonly directory: DirectoryService;
  readonly audit: AuditLogService;
  readonly clock: () => Date;
}

/** A statement is under 200 bytes; its armored signed message well under the 16 KiB the API takes. */
const MAX_STATEMENT_BYTES = 1024;
/** How far the signer's clock may run ahead of the server's (as the dashboards allow). */
const SIGNATURE_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

export class ReplyKeyConfirmationsService {
  constructor(private readonly deps: ReplyKeyConfirmationsDeps) {}

  /**
   * Verifies and stores `confirmation` (the dashboard's signed statement) for the case's current
   * reply key. The very same confirmation again is answered with the stored one (`replayed`).
   * Refuses: 404 case_not_found; 422 reply_key_invalid when the stored key cannot be read; 409
   * reply_key_changed when `fingerprint` is not the stored key's; 403 confirmation_key_required
   * when the actor has no active key in the current directory; 409 reply_key_already_confirmed
   * when another key was confirmed for this case, 409 reply_key_confirmation_exists when this key
   * was, by another statement; 422 confirmation_invalid when the statement does not verify.
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
    const signer = await this.signerKeyOf(actor);
    const earlier = await this.existing(caseId, confirmed, confirmation);
    if (earlier) return { confirmation: earlier, replayed: true };
    await this.verifyStatement(confirmation, signer, caseId, confirmed);
    const entry: ReplyKeyConfirmation = {
      caseId,
      fingerprint: confirmed,
      confirmation,
      confirmedBy: actor.id,
      confirmedOn: dayOf(this.deps.clock()),
    };
    // Looked at again just before the history entry: a confirmation stored meanwhile is answered
    // now, not after an entry that claims one that will never be stored.
    const meanwhile = await this.existing(caseId, confirmed, confirmation);
    if (meanwhile) return { confirmation: meanwhile, replayed: true };
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
    const raced = await this.existing(caseId, confirmed, confirmation);
    if (!raced) throw new Error('A reply key confirmation vanished while it was being stored.');
    return { confirmation: raced, replayed: true };
  }

  async confirmationOf(caseId: string): Promise<ReplyKeyConfirmation | null> {
    return await this.deps.confirmations.findByCaseId(caseId);
  }

  /**
   * The actor's own caseworker key as the current directory lists it (the organisation-signed
   * copy, not the database's); 403 unless the actor has an active key that is a recipient now.
   */
  private async signerKeyOf(
    actor: Account,
  ): Promise<{ readonly fingerprint: string; readonly publicKey: string }> {
    const own = await this.deps.caseworkerKeys.findOwnKey(actor.id);
    const directory =
      own?.status === 'active' ? await this.deps.directory.getCurrentDirectory() : null;
    const listed = directory?.content.recipients.find(
      (recipient) => recipient.fingerprint === own?.fingerprint,
    );
    if (!listed) {
      throw new ForbiddenError(
        'confirmation_key_required',
        'Only a caseworker whose own key is vetted and in the current key directory can confirm a reply key.',
      );
    }
    return { fingerprint: listed.fingerprint, publicKey: listed.publicKey };
  }

  /** 422 confirmation_invalid unless the statement is this case's and this key's, signed by `signer`. */
  private async verifyStatement(
    confirmation: string,
    signer: { readonly fingerprint: string; readonly publicKey: string },
    caseId: string,
    fingerprint: string,
  ): Promise<void> {
    let text: string;
    try {
      text = await verifySignedStatement(confirmation, signer.publicKey, signer.fingerprint, {
        maxBytes: MAX_STATEMENT_BYTES,
        latestSignatureTime: new Date(this.deps.clock().getTime() + SIGNATURE_CLOCK_SKEW_MS),
      });
    } catch (error) {
      if (!(error instanceof StatementSignatureError)) throw error;
      throw new UnprocessableError('confirmation_invalid', error.message);
    }
    const statement = replyKeyConfirmationStatementSchema.safeParse(parseJson(text));
    if (
      !statement.success ||
      statement.data.caseId !== caseId ||
      statement.data.replyKeyFingerprint !== fingerprint
    ) {
      throw new UnprocessableError(
        'confirmation_invalid',
        'The signed statement does not confirm this reply key for this case.',
      );
    }
  }

  /**
   * The stored confirmation when it is this very one (a retry), null when there is none; any
   * other stored confirmation is refused (409).
   */
  private async existing(
    caseId: string,
    fingerprint: string,
    confirmation: string,
  ): Promise<ReplyKeyConfirmation | null> {
    const earlier = await this.deps.confirmations.findByCaseId(caseId);
    if (!earlier) return null;
    if (earlier.fingerprint !== fingerprint) {
      throw new ConflictError(
        'reply_key_already_confirmed',
        'Another reply key was confirmed for this case.',
      );
    }
    // The bytes, not only the key: a 200 says that this very statement is the one stored.
    if (earlier.confirmation !== confirmation) {
      throw new ConflictError(
        'reply_key_confirmation_exists',
        'This reply key was already confirmed for this case, by another signed confirmation. Reload the case.',
      );
    }
    return earlier;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
