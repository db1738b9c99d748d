/**
 * The report as encrypted in the browser (contract/documents.ts "reportDocumentSchema"), read
 * from the form by the mapping the server's no-JavaScript form uses too (contract/report-form.ts).
 * Only `whatHappened` and the caseworkers-may-read consent are required; nothing asks for a name.
 * prepareReportSubmission adds `replyKeyFingerprint` (the report's own reply key) before
 * encrypting: inside the encryption, the one statement of which key replies may go to that the
 * server cannot change.
 */
import type { AttachmentManifestEntry, ReportDocument } from '../../contract/documents';
import { reportDocumentFromForm } from '../../contract/report-form';

/** Reads the form into the document; empty answers become null, never empty strings. */
export function readReportForm(
  form: HTMLFormElement,
  locale: string,
  attachments: AttachmentManifestEntry[],
): ReportDocument {
  const data = new FormData(form);
  return reportDocumentFromForm(
    (field) => {
      const value = data.get(field);
      return typeof value === 'string' ? value : null;
    },
    locale,
    attachments,
  );
}
