/**
 * Offline workflow (docs/design.md "Crypto protocol"): every stored message of a case, armored,
 * with a manifest, so a caseworker can decrypt on an air-gapped machine with stock `gpg --decrypt`.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../platform/errors';
import { armorMessage } from '../../platform/openpgp';
import type { ReportRepository } from '../intake';
import type { AttachmentPartsRepository } from '../attachments';
import type { CaseMessage, CaseMessagesRepository } from './case-messages.repository';

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
    private readonly attachmentParts: AttachmentPartsRepository,
  ) {}

  async exportCase(caseId: string): Promise<CaseExport> {
    if (!CASE_ID.test(caseId)) {
      throw new InvalidInputError('invalid_case_id', 'A case id is 32 hexadecimal characters.');
    }
    const report = await this.reports.findByCaseId(caseId);
    if (!report) throw new NotFoundError('case_not_found', `No case ${caseId}.`);
    const thread = await this.messages.listThread(caseId);
    const parts = await this.attachmentParts.listOfCase(caseId);
    const entries = [
      {
        file: 'report.asc',
        kind: 'report',
        sentOn: report.receivedOn,
        bytes: report.message,
        recipientKeyIds: report.recipientKeyIds,
      },
      ...thread.map((entry) => ({
        file: `message-${String(entry.seq).padStart(3, '0')}-${kindOf(entry)}.asc`,
        kind: kindOf(entry),
        sentOn: entry.sentOn,
        bytes: entry.message,
        recipientKeyIds: entry.recipientKeyIds,
      })),
      // Each part decrypts alone; `cat` of the decrypted parts in index order is the file. Its
      // name and type are in the decrypted report's attachment manifest.
      ...parts.map((part) => ({
        file: `attachment-${part.attachmentId}-part-${part.index}.asc`,
        kind: 'attachment-part',
        sentOn: report.receivedOn,
        bytes: part.message,
        recipientKeyIds: part.recipientKeyIds,
      })),
    ];
    const manifest = {
      caseId: report.caseId,
      receivedOn: report.receivedOn,
      directoryVersion: report.directoryVersion,
      messages: entries.map((entry) => ({
        file: entry.file,
        kind: entry.kind,
        sentOn: entry.sentOn,
        recipientKeyIds: entry.recipientKeyIds,
        // Of the binary OpenPGP message as stored, to check nothing changed in transit.
        sha256: createHash('sha256').update(entry.bytes).digest('hex'),
        decrypt: `gpg --decrypt ${entry.file}`,
      })),
    };
    return {
      caseId,
      files: [
        ...entries.map((entry) => ({ name: entry.file, content: armorMessage(entry.bytes) })),
        { name: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` },
      ],
    };
  }
}

function kindOf(entry: CaseMessage): 'reporter-follow-up' | 'caseworker-reply' | 'caseworker-note' {
  if (entry.author === 'reporter') return 'reporter-follow-up';
  return entry.internal ? 'caseworker-note' : 'caseworker-reply';
}
