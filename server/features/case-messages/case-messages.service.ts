/**
 * The thread after a report: the reporter's follow-ups (encrypted like reports), caseworker
 * replies (to the reporter's reply key and the caseworkers) and internal notes (caseworkers
 * only). The server only checks who can read each message; it never can. A client-random
 * `messageId` makes every append idempotent: the same message again is answered as before.
 */
import { createHash } from 'node:crypto';
import { dayOf } from '../../platform/days';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { DirectoryService } from '../directory';
import {
  caseworkersAndReporter,
  caseworkersOf,
  validateEncryptedMessage,
  type ReportRepository,
} from '../intake';
import type { CaseMessage, CaseMessagesRepository } from './case-messages.repository';

export type AppendOutcome = { readonly stored: CaseMessage; readonly replayed: boolean };

export interface CaseworkerAppendOptions {
  readonly now?: Date;
  /**
   * Runs once the message has been checked and before it is stored, on every try, replays too:
   * casework writes its audit entry here, so a stored message is never unaudited.
   */
  readonly beforeStore?: () => Promise<void>;
}

/**
 * Told of every message once it is stored, and again when a retry replays it (so a failure
 * right after storing is made good by the retry): the case record keeps what the inbox shows of
 * the thread (cases.repository.ts recordThreadMessage).
 */
export type ThreadMessageListener = (caseId: string, stored: CaseMessage) => Promise<void>;

export class CaseMessagesService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly messages: CaseMessagesRepository,
    private readonly directory: DirectoryService,
    private readonly onStored: ThreadMessageListener = async () => {},
  ) {}

  /** A caseworker's reply: readable by the reporter (reply key) and every current caseworker. */
  async addCaseworkerReply(
    caseId: string,
    armoredMessage: string,
    messageId?: string,
    options: CaseworkerAppendOptions = {},
  ): Promise<AppendOutcome> {
    return await this.addCaseworkerMessage(caseId, armoredMessage, messageId, false, options);
  }

  /** An internal note: encrypted to exactly the current caseworkers; never shown to the reporter. */
  async addCaseworkerNote(
    caseId: string,
    armoredMessage: string,
    messageId: string,
    options: CaseworkerAppendOptions = {},
  ): Promise<AppendOutcome> {
    return await this.addCaseworkerMessage(caseId, armoredMessage, messageId, true, options);
  }

  /** A reporter's follow-up: encrypted like a report, to every current caseworker only. */
  async addReporterMessage(
    caseId: string,
    armoredMessage: string,
    messageId: string,
    now = new Date(),
  ): Promise<AppendOutcome> {
    const directory = await this.directory.getCurrentDirectory();
    const { bytes, recipientKeyIds } = await validateEncryptedMessage(
      armoredMessage,
      caseworkersOf(directory),
    );
    return await this.appendOnce(
      caseId,
      { author: 'reporter', internal: false, message: bytes, recipientKeyIds, sentOn: dayOf(now) },
      messageId,
    );
  }

  async listThread(caseId: string): Promise<CaseMessage[]> {
    return await this.messages.listThread(caseId);
  }

  /** What the reporter may see: follow-ups and replies, never internal notes. */
  async listReporterThread(caseId: string): Promise<CaseMessage[]> {
    return (await this.messages.listThread(caseId)).filter((entry) => !entry.internal);
  }

  /** A reply or a note: either must be encrypted to exactly the recipients its kind names. */
  private async addCaseworkerMessage(
    caseId: string,
    armoredMessage: string,
    messageId: string | undefined,
    internal: boolean,
    { now = new Date(), beforeStore }: CaseworkerAppendOptions,
  ): Promise<AppendOutcome> {
    const report = await this.reports.findByCaseId(caseId);
    if (!report) throw new NotFoundError('case_not_found', `No case ${caseId}.`);
    const directory = await this.directory.getCurrentDirectory();
    const { bytes, recipientKeyIds } = await validateEncryptedMessage(
      armoredMessage,
      internal ? caseworkersOf(directory) : caseworkersAndReporter(directory, report.replyKeyIds),
    );
    await beforeStore?.();
    return await this.appendOnce(
      caseId,
      { author: 'caseworker', internal, message: bytes, recipientKeyIds, sentOn: dayOf(now) },
      messageId,
    );
  }

  private async appendOnce(
    caseId: string,
    message: Omit<CaseMessage, 'seq' | 'id'>,
    messageId: string | undefined,
  ): Promise<AppendOutcome> {
    const messageKey =
      messageId === undefined
        ? undefined
        : createHash('sha256')
            .update(`amanat/case-message/v1\0${caseId}\0${messageId}`)
            .digest('hex')
            .slice(0, 32);
    const outcome = await this.messages.append(caseId, message, messageKey);
    if (
      outcome.replayed &&
      !Buffer.from(outcome.stored.message).equals(Buffer.from(message.message))
    ) {
      throw new ConflictError(
        'message_id_reused',
        'This messageId was already used for a different message.',
      );
    }
    await this.onStored(caseId, outcome.stored);
    return outcome;
  }
}
