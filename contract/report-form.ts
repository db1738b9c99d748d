/**
 * The report form's fields and how their answers become the report document
 * (contract/documents.ts): one mapping for the reporter's browser, which encrypts the document
 * itself, and for the server's no-JavaScript form, which encrypts it for the reporter
 * (server/features/no-js-forms). Both read the same field names and fill in the same document.
 */
import type { AttachmentManifestEntry, ReportDocument } from './documents';
import { REPORT_SCHEMA } from './vocabulary';

/** The names of the form's fields (checkboxes send `on` when ticked). */
export const REPORT_FORM_FIELDS = [
  'incidentType',
  'month',
  'country',
  'city',
  'whatHappened',
  'involved',
  'contactedBy',
  'relativesAffected',
  'deadlineDate',
  'deadlineDetails',
  'contactMethod',
  'contactDetails',
  'consentRead',
  'consentStatistics',
] as const;
export type ReportFormField = (typeof REPORT_FORM_FIELDS)[number];

/** Reads the answers into the document; empty answers become null, never empty strings. */
export function reportDocumentFromForm(
  valueOf: (field: ReportFormField) => string | null,
  locale: string,
  attachments: AttachmentManifestEntry[],
): ReportDocument {
  const text = (field: ReportFormField): string | null => {
    const value = valueOf(field)?.trim() ?? '';
    return value === '' ? null : value;
  };
  const relatives = text('relativesAffected');
  const otherContact = text('contactMethod') === 'other';
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
      contactedBy: text('contactedBy'),
      relativesAffected:
        relatives === 'yes' || relatives === 'no' || relatives === 'unsaid' ? relatives : null,
      deadline: { date: text('deadlineDate'), details: text('deadlineDetails') },
      contact: {
        method: otherContact ? 'other' : 'site',
        details: otherContact ? text('contactDetails') : null,
      },
      consents: {
        caseworkersMayRead: valueOf('consentRead') === 'on',
        statistics: valueOf('consentStatistics') === 'on',
      },
    },
  };
}

/** Why a report cannot be sent as filled in (the form says so and sends nothing), or null. */
export type ReportFormProblem = 'what_happened_required' | 'consent_required';

export function reportFormProblem(report: ReportDocument): ReportFormProblem | null {
  if (report.answers.whatHappened === '') return 'what_happened_required';
  if (!report.answers.consents.caseworkersMayRead) return 'consent_required';
  return null;
}
