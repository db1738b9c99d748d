/**
 * The report as encrypted in the browser (contract/documents.ts "reportDocumentSchema"). Only
 * `whatHappened` and the caseworkers-may-read consent are required; nothing asks for a name.
 * prepareReportSubmission adds `replyKeyFingerprint` (the report's own reply key) before
 * encrypting: inside the encryption, the one statement of which key replies may go to that the
 * server cannot change.
 */
import type { AttachmentManifestEntry, ReportDocument } from '../../contract/documents';
import { REPORT_SCHEMA } from '../../contract/vocabulary';

/** Reads the form into the document; empty answers become null, never empty strings. */
export function readReportForm(
  form: HTMLFormElement,
  locale: string,
  attachments: AttachmentManifestEntry[],
): ReportDocument {
  const data = new FormData(form);
  const text = (name: string): string | null => {
    const value = data.get(name);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const relatives = text('relativesAffected');
  return {
    schema: REPORT_SCHEMA,
    locale,
    attachments,
    answers: {
      incidentType: text('incidentType'),
      month: text('month'),
      country: text('country'),
      city: text('city'),
      whatHappened: text('whatHappened') ?? '',
      involved: text('involved'),
      relativesAffected:
        relatives === 'yes' || relatives === 'no' || relatives === 'unsaid' ? relatives : null,
      deadline: { date: text('deadlineDate'), details: text('deadlineDetails') },
      contact: {
        method: text('contactMethod') === 'other' ? 'other' : 'site',
        details: text('contactMethod') === 'other' ? text('contactDetails') : null,
      },
      consents: {
        caseworkersMayRead: data.get('consentRead') === 'on',
        statistics: data.get('consentStatistics') === 'on',
      },
    },
  };
}
