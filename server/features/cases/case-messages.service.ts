/**
 * The thread after a report: caseworker replies (encrypted to the reporter's reply key and the
 * caseworkers) and the reporter's follow-ups (encrypted like reports). The server only checks
 * who can read each message; it never can.
 */
import { dayOf } from '../../platform/days';
import { NotFoundError } from '../../platform/errors';
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
    return await this.messages.append(caseId, {
      author: 'caseworker',
      message: bytes,
      recipientKeyIds,
      sentOn: dayOf(now),
    });
  }

  /** A reporter's follow-up: encrypted like a report, to every current caseworker only. */
  async addReporterMessage(
    caseId: string,
    armoredMessage: string,
    now = new Date(),
  ): Promise<CaseMessage> {
    const directory = await this.directory.getCurrentDirectory();
    const { bytes, recipientKeyIds } = await validateEncryptedMessage(
      armoredMessage,
      caseworkersOf(directory),
    );
    return await this.messages.append(caseId, {
      author: 'reporter',
      message: bytes,
      recipientKeyIds,
      sentOn: dayOf(now),
    });
  }

  async listThread(caseId: string): Promise<CaseMessage[]> {
    return await this.messages.listThread(caseId);
  }
}
