/**
 * The reporter's routes: the signed recipient directory, report intake, the way back with a
 * receipt, and encrypted attachment parts. Request bodies are strict: unknown fields are
 * refused and every value is a bounded string, so `$` operators or nested objects never reach a
 * query.
 */
import * as z from 'zod/mini';
import { BASE64URL_PATTERN } from '../vocabulary';
import { daySchema, hexIdSchema, messageIdSchema, receiptVerifierSchema } from './common';

/** GET /api/recipients: still to be verified against the organisation key built into the page. */
export const recipientsAnswerSchema = z.object({
  /** The organisation-signed directory, armored (client/crypto verifyRecipientDirectory). */
  directory: z.string(),
  organisationKey: z.string(),
  version: z.int().check(z.positive()),
});
export type RecipientsAnswer = z.infer<typeof recipientsAnswerSchema>;

/** POST /api/reports (docs/design.md "Contracts outside tools rely on"). */
export const reportSubmissionSchema = z.strictObject({
  // >= 128 bits: 22 base64url characters; bounded so it stays a short index key.
  submissionId: z.string().check(z.minLength(22), z.maxLength(64), z.regex(BASE64URL_PATTERN)),
  /** The report, encrypted to every recipient of the directory, armored. */
  message: z.string().check(z.minLength(1)),
  /** The report's own reply key (public), made and timed on the reporter's device. */
  replyKey: z.string().check(z.minLength(1), z.maxLength(16 * 1024)),
  receiptVerifier: receiptVerifierSchema,
  /**
   * The reply key's secret half, protected by a passphrase derived from the receipt, so the
   * reporter can read replies on any device. Optional: a GnuPG-made report has none.
   */
  replySecretKey: z.optional(z.string().check(z.minLength(1), z.maxLength(32 * 1024))),
});
export type ReportSubmission = z.infer<typeof reportSubmissionSchema>;

/** 201 (or 201 with Idempotent-Replayed for the same submission sent again). */
export const acceptedReportSchema = z.object({
  caseId: hexIdSchema,
  /** The day only: nothing finer than the day dates a report. */
  receivedOn: daySchema,
});
export type AcceptedReport = z.infer<typeof acceptedReportSchema>;

/** The reporter proves knowledge of the receipt by its verifier; the receipt never leaves the browser. */
export const openCaseRequestSchema = z.strictObject({ receiptVerifier: receiptVerifierSchema });

/** POST /api/receipts/case: the status in words the page translates, the key and the thread. */
export const reporterCaseViewSchema = z.object({
  status: z.string(),
  /**
   * The case the receipt opens: with each message's id, what a signed reply or follow-up is
   * checked against (client/crypto message-ids.ts), so a copy of one in a new entry is not
   * shown as the organisation's.
   */
  caseId: hexIdSchema,
  receivedOn: daySchema,
  /** The reply secret key, still protected by the receipt-derived passphrase. */
  replySecretKey: z.nullable(z.string()),
  /** Replies and the reporter's own follow-ups; internal notes never. */
  messages: z.array(
    z.object({
      /** The id the thread entry is stored under. */
      messageId: hexIdSchema,
      author: z.enum(['reporter', 'caseworker']),
      sentOn: daySchema,
      /** Armored OpenPGP message. */
      message: z.string(),
    }),
  ),
});
export type ReporterCaseView = z.infer<typeof reporterCaseViewSchema>;

export const followUpRequestSchema = z.strictObject({
  receiptVerifier: receiptVerifierSchema,
  // Client-random, 128 bits: a retry with the same id is answered as the original.
  messageId: messageIdSchema,
  /** Bounded by the intake body limit, like a report. */
  message: z.string().check(z.minLength(1)),
});
export type FollowUpRequest = z.infer<typeof followUpRequestSchema>;

export const followUpStoredSchema = z.object({ sentOn: daySchema });

/** PUT /api/attachments/:attachmentId/parts/:index: a binary OpenPGP message part was stored. */
export const partStoredSchema = z.object({ stored: z.literal(true) });
