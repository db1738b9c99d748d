import {
  livenessSchema,
  readinessSchema,
  type directoryExpirySchema,
} from '../../contract/api/health';
import type { AnswerOf } from '../../contract/api/common';
import { setTimeout as delay } from 'node:timers/promises';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { isDatabaseReachable } from './db';

/** How long readiness waits for the directory's standing before answering without it. */
const DIRECTORY_DETAIL_MS = 1000;

export interface Lifecycle {
  /** True once shutdown began: readiness fails so load balancers drain this instance. */
  isShuttingDown(): boolean;
}

/** The recipient directory's days left (features/directory/directory-expiry.ts). */
export type DirectoryExpiryReader = () => Promise<AnswerOf<typeof directoryExpirySchema>>;

export function healthRoutes(
  connection: Connection,
  lifecycle: Lifecycle,
  directoryExpiry?: DirectoryExpiryReader,
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' } satisfies AnswerOf<typeof livenessSchema>);
  });
  router.get('/readyz', async (_req, res) => {
    if (lifecycle.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' } satisfies AnswerOf<typeof readinessSchema>);
      return;
    }
    if (!(await isDatabaseReachable(connection))) {
      res
        .status(503)
        .json({ status: 'database_unreachable' } satisfies AnswerOf<typeof readinessSchema>);
      return;
    }
    // Readiness is about this instance answering: a directory that cannot be read now, or not
    // quickly, leaves the detail out rather than holding the health check up.
    const directory = directoryExpiry
      ? await Promise.race([
          directoryExpiry().catch(() => undefined),
          delay(DIRECTORY_DETAIL_MS, undefined, { ref: false }),
        ])
      : undefined;
    res.json({
      status: 'ready',
      ...(directory ? { directory } : {}),
    } satisfies AnswerOf<typeof readinessSchema>);
  });
  return router;
}
