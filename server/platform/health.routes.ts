import { livenessSchema, readinessSchema } from '../../contract/api/health';
import type { AnswerOf } from '../../contract/api/common';
import { Router } from 'express';
import type { Connection } from 'mongoose';
import { isDatabaseReachable } from './db';

export interface Lifecycle {
  /** True once shutdown began: readiness fails so load balancers drain this instance. */
  isShuttingDown(): boolean;
}

export function healthRoutes(connection: Connection, lifecycle: Lifecycle): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' } satisfies AnswerOf<typeof livenessSchema>);
  });
  router.get('/readyz', async (_req, res) => {
    if (lifecycle.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' } satisfies AnswerOf<typeof readinessSchema>);
      return;
    }
    const reachable = await isDatabaseReachable(connection);
    res
      .status(reachable ? 200 : 503)
      .json({ status: reachable ? 'ready' : 'database_unreachable' } satisfies AnswerOf<
        typeof readinessSchema
      >);
  });
  return router;
}
