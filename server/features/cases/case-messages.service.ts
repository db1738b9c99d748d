/**
 * The thread after a report: caseworker replies (encrypted to the reporter's reply key and the
 * caseworkers) and the reporter's follow-ups (encrypted like reports). The server only checks
 * who can read each message; it never can.
 */
import { dayOf } from '../../platform/days';
import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '../../platform/errors';
import type { DirectoryService } from '../directory';
import {
  caseworkersAndReporter,
  caseworkersOf,
  validateEncryptedMessage,
  type ReportRepository,
} from '../intake';
import type { CaseMessage, CaseMessagesRepository } from './case-messages.repository';

export class CaseMessagesService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly messages: CaseMessagesRepository,
    private readonly directory: DirectoryService,
  ) {}

  /** A caseworker's reply: readable by the reporter (reply key) and every current caseworker. */
  async addCaseworkerReply(
    caseId: string,
    armoredMessage: string,
    now = new Date(),
  ): Promise<CaseMessage> {
    const report = await this.reports.findByCaseId(caseId);
    if (!report) throw new NotFoundError('case_not_found', `No case ${caseId}.`);
    const directory = await this.directory.getCurrentDirectory();
    const { bytes, recipientKeyIds } = await validateEncryptedMessage(
      armoredMessage,
      caseworkersAndReporter(directory, report.replyKeyIds),
    );
    const { stored } = await this.messages.append(caseId, {
      author: 'caseworker',
      message: bytes,
      recipientKeyIds,
      sentOn: dayOf(now),
    });
    return stored;
  }

  /**
   * A reporter's follow-up: encrypted like a report, to every current caseworker only. The
   * client's random `messageId` makes retries safe: the same message again is answered as before.
   */
  async addReporterMessage(
    caseId: string,
    armoredMessage: string,
    messageId: string,
    now = new Date(),
  ): Promise<{ stored: CaseMessage; replayed: boolean }> {
    const directory = await this.directory.getCurrentDirectory();
    const { bytes, recipientKeyIds } = await validateEncryptedMessage(
      armoredMessage,
      caseworkersOf(directory),
    );
    const messageKey = createHash('sha256')
      .update(`amanat/case-message/v1\0${caseId}\0${messageId}`)
      .digest('hex')
      .slice(0, 32);
    const outcome = await this.messages.append(
      caseId,
      { author: 'reporter', message: bytes, recipientKeyIds, sentOn: dayOf(now) },
      messageKey,
    );
    if (outcome.replayed && !Buffer.from(outcome.stored.message).equals(Buffer.from(bytes))) {
      throw new ConflictError(
        'message_id_reused',
        'This messageId was already used for a different message.',
      );
    }
    return outcome;
  }

  async listThread(caseId: string): Promise<CaseMessage[]> {
    return await this.messages.listThread(caseId);
  }
}
