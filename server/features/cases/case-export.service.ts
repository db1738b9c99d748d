/**
 * Offline workflow (DESIGN.md "Crypto protocol"): every stored message of a case, armored, with a
 * manifest, so a caseworker can decrypt on an air-gapped machine with stock `gpg --decrypt`.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../platform/errors';
import { armorMessage } from '../../platform/openpgp';
import type { ReportRepository } from '../intake';
import type { CaseMessagesRepository } from './case-messages.repository';

export interface ExportedFile {
  readonly name: string;
  readonly content: string;
}

export interface CaseExport {
  readonly caseId: string;
  readonly files: readonly ExportedFile[];
}

// Hex, not base64url: an id starting with '-' would be read as a CLI option.
const CASE_ID = /^[0-9a-f]{32}$/;

export class CaseExportService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly messages: CaseMessagesRepository,
  ) {}

  async exportCase(caseId: string): Promise<CaseExport> {
    if (!CASE_ID.test(caseId))
      throw new InvalidInputError('invalid_case_id', 'A case id is 32 hexadecimal characters.');
    const report = await this.reports.findByCaseId(caseId);
    if (!report) throw new NotFoundError('case_not_found', `No case ${caseId}.`);
    const reportFile: ExportedFile = { name: 'report.asc', content: armorMessage(report.message) };
    const manifest = {
      caseId: report.caseId,
      receivedOn: report.receivedOn,
      directoryVersion: report.directoryVersion,
      messages: [
        {
          file: reportFile.name,
          kind: 'report',
          recipientKeyIds: report.recipientKeyIds,
          // Of the binary OpenPGP message as stored, to check nothing changed in transit.
          sha256: createHash('sha256').update(report.message).digest('hex'),
          decrypt: `gpg --decrypt ${reportFile.name} > report.json`,
        },
      ],
    };
    return {
      caseId,
      files: [
        reportFile,
        { name: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
      ],
    };
  }
}
