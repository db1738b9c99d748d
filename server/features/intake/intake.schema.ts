import { z } from 'zod';

/** base64url without padding, as the browser encodes random bytes. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * POST /api/reports (DESIGN.md "Contracts"). Strict: unknown fields are refused, every value must
 * be a string, so `$` operators or nested objects can never reach a query.
 */
export const reportSubmissionSchema = z
  .object({
    // >= 128 bits: 22 base64url characters; bounded so it stays a short index key.
    submissionId: z.string().min(22).max(64).regex(BASE64URL),
    message: z.string().min(1),
    replyKey: z
      .string()
      .min(1)
      .max(16 * 1024),
    // exactly 32 bytes: 43 base64url characters, no padding
    receiptVerifier: z.string().length(43).regex(BASE64URL),
    // The reply key's secret half, protected by a passphrase derived from the receipt, so the
    // reporter can read replies on any device. Optional: a GnuPG-made report has none.
    replySecretKey: z
      .string()
      .min(1)
      .max(32 * 1024)
      .optional(),
  })
  .strict();

export type ReportSubmission = z.infer<typeof reportSubmissionSchema>;
