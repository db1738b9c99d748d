/**
 * The documents a reporter's browser encrypts (docs/design.md "The report and the receipt"): the
 * report and the follow-up, each with the manifest of the files sent after it. The server never
 * sees them; the dashboard reads them after decryption as attacker-controlled input
 * (client/dashboard/cases/report-reader.ts), never trusting that they match these schemas.
 * Only `whatHappened` and the caseworkers-may-read consent are required; nothing asks for a name.
 */
import * as z from 'zod/mini';
import {
  ATTACHMENT_ID_PATTERN,
  FINGERPRINT_PATTERN,
  FOLLOW_UP_SCHEMA,
  REPORT_SCHEMA,
  SHA256_HEX_PATTERN,
} from './vocabulary';

/** What caseworkers need to reassemble and trust each file; only inside the encrypted document. */
export const attachmentManifestEntrySchema = z.object({
  attachmentId: z.string().check(z.regex(ATTACHMENT_ID_PATTERN)),
  name: z.string(),
  type: z.string(),
  size: z.int().check(z.nonnegative()),
  /** SHA-256 of the bytes sent (after cleaning), to check the reassembled file. */
  sha256: z.string().check(z.regex(SHA256_HEX_PATTERN)),
  parts: z.int().check(z.minimum(1)),
  cleaned: z.boolean(),
  removedMetadata: z.array(z.string()),
  /** SHA-256 of the file as the reporter chose it, before cleaning. */
  originalSha256: z.string().check(z.regex(SHA256_HEX_PATTERN)),
});
export type AttachmentManifestEntry = z.infer<typeof attachmentManifestEntrySchema>;

const answer = z.nullable(z.string());

export const reportDocumentSchema = z.object({
  schema: z.literal(REPORT_SCHEMA),
  locale: z.string(),
  attachments: z.array(attachmentManifestEntrySchema),
  answers: z.object({
    incidentType: answer,
    month: answer,
    country: answer,
    city: answer,
    whatHappened: z.string(),
    involved: answer,
    /**
     * The phone numbers, accounts (WeChat, Telegram, WhatsApp, e-mail) and names of the people
     * who contacted or threatened the reporter, as typed. Caseworkers may link cases by them
     * (client/dashboard/linking); never the reporter's own contact details. Absent in reports
     * from before the form asked.
     */
    contactedBy: z.optional(answer),
    relativesAffected: z.nullable(z.enum(['yes', 'no', 'unsaid'])),
    deadline: z.object({ date: answer, details: answer }),
    contact: z.object({ method: z.enum(['site', 'other']), details: answer }),
    consents: z.object({ caseworkersMayRead: z.boolean(), statistics: z.boolean() }),
  }),
  /**
   * The report's own reply key (lower-case hex), added by prepareReportSubmission just before
   * encryption: inside the encryption, the one statement of which key replies may go to that
   * the server cannot change. Absent in reports from before reports named it.
   */
  replyKeyFingerprint: z.optional(z.string().check(z.regex(FINGERPRINT_PATTERN))),
});
/** The report as the form fills it in, before encryption names its reply key. */
export type ReportDocument = Omit<z.infer<typeof reportDocumentSchema>, 'replyKeyFingerprint'>;

export const followUpDocumentSchema = z.object({
  schema: z.literal(FOLLOW_UP_SCHEMA),
  text: z.string(),
  attachments: z.array(attachmentManifestEntrySchema),
});
export type FollowUpDocument = z.infer<typeof followUpDocumentSchema>;
