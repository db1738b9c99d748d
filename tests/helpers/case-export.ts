/**
 * A case's export as a caseworker downloads it for offline decryption (the report, thread
 * messages and attachment parts as armored files), made by the server's own export service on
 * the test's database: for the tests that open it with stock GnuPG.
 */
import type { Connection } from 'mongoose';
import { AttachmentPartsRepository } from '../../server/features/attachments';
import { CaseExportService, CaseMessagesRepository } from '../../server/features/case-messages';
import { ReportRepository } from '../../server/features/intake';

export async function exportCaseOf(
  connection: Connection,
  caseId: string,
): ReturnType<CaseExportService['exportCase']> {
  return await new CaseExportService(
    new ReportRepository(connection),
    new CaseMessagesRepository(connection),
    new AttachmentPartsRepository(connection),
  ).exportCase(caseId);
}
