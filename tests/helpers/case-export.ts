/**
 * A case's export as a caseworker downloads it for offline decryption (the report, thread
 * messages and attachment parts as armored files), made by the server's own export service on
 * the test's database: for the tests that open it with stock GnuPG.
 */
import type { Connection } from 'mongoose';
import type { CaseExportService } from '../../server/features/case-messages';
import { buildCoreServices } from '../../server/services';

export async function exportCaseOf(
  connection: Connection,
  caseId: string,
): ReturnType<CaseExportService['exportCase']> {
  return await buildCoreServices({ connection }).caseExport.exportCase(caseId);
}
