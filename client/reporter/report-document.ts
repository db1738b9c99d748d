/**
 * The report as encrypted in the browser (DESIGN.md "Report"). Only `whatHappened` and the
 * caseworkers-may-read consent are required; nothing asks for a name. prepareReportSubmission
 * adds `replyKeyFingerprint` (the report's own reply key) before encrypting: inside the
 * encryption, the one statement of which key replies may go to that the server cannot change.
 */
export const INCIDENT_TYPES = [
  'threats_through_relatives',
  'coercion_to_inform',
  'online_harassment',
  'surveillance',
  'pressure_to_return',
  'document_problems',
  'detention_or_deportation_risk',
  'asylum_problems',
  'physical_intimidation',
  'other',
] as const;

/** Where the diaspora mostly lives or transits; names come from Intl.DisplayNames in the reporter's language. */
export const COUNTRY_CODES = [
  'TR',
  'KZ',
  'KG',
  'UZ',
  'TJ',
  'AF',
  'PK',
  'SA',
  'AE',
  'EG',
  'TH',
  'MY',
  'ID',
  'RU',
  'CN',
  'DE',
  'NL',
  'BE',
  'FR',
  'SE',
  'NO',
  'FI',
  'DK',
  'CH',
  'AT',
  'GB',
  'IE',
  'US',
  'CA',
  'AU',
  'JP',
] as const;

/** What caseworkers need to reassemble and trust each file; only inside the encrypted report. */
export interface AttachmentManifestEntry {
  readonly attachmentId: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** SHA-256 of the bytes sent (after cleaning), to check the reassembled file. */
  readonly sha256: string;
  readonly parts: number;
  readonly cleaned: boolean;
  readonly removedMetadata: readonly string[];
  /** SHA-256 of the file as the reporter chose it, before cleaning. */
  readonly originalSha256: string;
}

export interface ReportDocument {
  readonly schema: 'amanat-report/v1';
  readonly locale: string;
  readonly attachments: readonly AttachmentManifestEntry[];
  readonly answers: {
    readonly incidentType: string | null;
    readonly month: string | null;
    readonly country: string | null;
    readonly city: string | null;
    readonly whatHappened: string;
    readonly involved: string | null;
    readonly relativesAffected: 'yes' | 'no' | 'unsaid' | null;
    readonly deadline: { readonly date: string | null; readonly details: string | null };
    readonly contact: { readonly method: 'site' | 'other'; readonly details: string | null };
    readonly consents: { readonly caseworkersMayRead: boolean; readonly statistics: boolean };
  };
}

/** Reads the form into the document; empty answers become null, never empty strings. */
export function readReportForm(
  form: HTMLFormElement,
  locale: string,
  attachments: readonly AttachmentManifestEntry[],
): ReportDocument {
  const data = new FormData(form);
  const text = (name: string): string | null => {
    const value = data.get(name);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  const relatives = text('relativesAffected');
  return {
    schema: 'amanat-report/v1',
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
