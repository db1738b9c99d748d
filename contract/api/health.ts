/** /healthz and /readyz: for the orchestrator, never for people. */
import * as z from 'zod/mini';

export const livenessSchema = z.object({ status: z.literal('ok') });
/** 200 `ready`; 503 while shutting down or while the database cannot be reached. */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'shutting_down', 'database_unreachable']),
});
