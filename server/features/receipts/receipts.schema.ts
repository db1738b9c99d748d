import { z } from 'zod';

const RECEIPT_VERIFIER = z
  .string()
  .length(43)
  .regex(/^[A-Za-z0-9_-]+$/);

/** The reporter proves knowledge of the receipt by its verifier; the receipt itself never leaves the browser. */
export const openCaseSchema = z.object({ receiptVerifier: RECEIPT_VERIFIER }).strict();

export const followUpSchema = z
  .object({
    receiptVerifier: RECEIPT_VERIFIER,
    // Client-random, 128 bits: a retry with the same id is answered as the original.
    messageId: z.string().regex(/^[0-9a-f]{32}$/),
    message: z.string().min(1),
  })
  .strict();
