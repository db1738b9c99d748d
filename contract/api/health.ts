/** /healthz and /readyz: for the orchestrator; the admin view reads the directory's days left. */
import * as z from 'zod/mini';

export const livenessSchema = z.object({ status: z.literal('ok') });

/**
 * The recipient directory as an instance sees it: intake stops when it expires, so its whole
 * days left are reported (never a finer time; the directory itself is public). `expiring`: within
 * DIRECTORY_EXPIRY_WARNING_DAYS; `expired`: 0 days left, reporters are answered 503;
 * `unusable`: none published, or it fails for another reason (the code intake answers with).
 */
export const directoryExpirySchema = z.union([
  z.object({
    state: z.enum(['current', 'expiring', 'expired']),
    version: z.int().check(z.positive()),
    daysLeft: z.int().check(z.nonnegative()),
  }),
  z.object({ state: z.literal('unusable'), code: z.string() }),
]);

/**
 * 200 `ready`, with the directory's standing once the database answered; 503 while shutting
 * down or while the database cannot be reached. An expired directory does not make an instance
 * unready: staff still work, and every instance shares the one directory.
 */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'shutting_down', 'database_unreachable']),
  directory: z.optional(directoryExpirySchema),
});
