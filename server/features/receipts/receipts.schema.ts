import { z } from 'zod';

const RECEIPT_VERIFIER = z
  .string()
  .length(43)
  .regex(/^[A-Za-z0-9_-]+$/);

/** The reporter proves knowledge of the receipt by its verifier; the receipt itself never leaves the browser. */
export const openCaseSchema = z.object({ receiptVerifier: RECEIPT_VERIFIER }).strict();

export const followUpSchema = z
  .object({ receiptVerifier: RECEIPT_VERIFIER, message: z.string().min(1) })
  .strict();
