/**
 * What a reporter's browser does on the demo: fetch and verify the signed directory against the
 * pinned DEMO organisation fingerprint, fill in the report form's fields, encrypt the report
 * document and send it. The document comes from the same mapping the reporter page and the
 * no-JavaScript form use (contract/report-form.ts), so the dashboard reads it like any report:
 * each answer in its place and "fill from report" in triage.
 */
import type { ReportDocument } from '../../contract/documents';
import { acceptedReportSchema, recipientsAnswerSchema } from '../../contract/api/reporter';
import { reportDocumentFromForm, type ReportFormField } from '../../contract/report-form';
import { prepareReportSubmission, verifyRecipientDirectory } from '../../client/crypto';

/** The languages the demo report is written in. */
export const DEMO_REPORT_LOCALES = ['en', 'ug'] as const;
export type DemoReportLocale = (typeof DEMO_REPORT_LOCALES)[number];

const WHAT_HAPPENED: Record<DemoReportLocale, string> = {
  en: 'DEMO report: two men from the consulate visited my parents and said I must come back, or my brother loses his job.',
  ug: 'DEMO: كونسۇلخانىدىن ئىككى ئادەم ئاتا-ئانامنىڭ يېنىغا كېلىپ، قايتىپ كەلمىسەم ئاكامنىڭ خىزمىتىدىن ئايرىلىدىغانلىقىنى ئېيتتى.',
};

/**
 * The form as a reporter fills it in, values from the form's own vocabulary
 * (contract/vocabulary.ts); a field left out is one the reporter left empty.
 */
function demoFormAnswers(
  locale: DemoReportLocale,
  now: Date,
): Partial<Record<ReportFormField, string>> {
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return {
    incidentType: 'threats_through_relatives',
    month: lastMonth.toISOString().slice(0, 7),
    country: 'TR',
    city: 'Istanbul',
    whatHappened: WHAT_HAPPENED[locale],
    involved: 'DEMO: consulate staff',
    relativesAffected: 'yes',
    contactMethod: 'site',
    consentRead: 'on',
    consentStatistics: 'on',
  };
}

export function demoReportDocument(locale: DemoReportLocale, now = new Date()): ReportDocument {
  const answers = demoFormAnswers(locale, now);
  return reportDocumentFromForm((field) => answers[field] ?? null, locale, []);
}

export interface SentDemoReport {
  readonly caseId: string;
  readonly receivedOn: string;
  /** Shown once to the reporter; never sent. */
  readonly receipt: string;
  readonly document: ReportDocument;
}

export async function sendDemoReport(
  baseUrl: string,
  pinnedFingerprint: string,
  locale: DemoReportLocale,
): Promise<SentDemoReport> {
  const served = recipientsAnswerSchema.safeParse(
    await (await fetch(`${baseUrl}/api/recipients`)).json(),
  );
  if (!served.success) throw new Error(`${baseUrl}/api/recipients did not answer a directory.`);
  const directory = await verifyRecipientDirectory(
    served.data.directory,
    served.data.organisationKey,
    pinnedFingerprint.trim(),
  );
  const document = demoReportDocument(locale);
  const { body, receipt } = await prepareReportSubmission(document, directory);
  const response = await fetch(`${baseUrl}/api/reports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as unknown;
  const accepted = acceptedReportSchema.safeParse(answer);
  if (response.status !== 201 || !accepted.success) {
    const error = (answer as { error?: { code?: string; message?: string } }).error;
    throw new Error(
      `The demo server refused the report: ${response.status} ${error?.code ?? ''} ${error?.message ?? ''}`,
    );
  }
  return { ...accepted.data, receipt, document };
}
