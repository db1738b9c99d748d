/**
 * /api/stats/* (docs/http-api.md "Statistics"): analysts and admins. Nothing here reads a
 * report, a message or a name; every write needs the CSRF token.
 */
import {
  ledgerAnswerSchema,
  releasedAnswerSchema,
  statsOptionsSchema,
  statsPreviewSchema,
} from '../../../contract/api/stats';
import type { AnswerOf } from '../../../contract/api/common';
import { Router } from 'express';
import { InvalidInputError } from '../../platform/errors';
import { actorOf, signedInAccountOf, staffGuards, type StaffDeps } from '../sign-in';
import { releaseRequestSchema, statsRequestSchema } from './stats.schema';
import type { StatsService } from './stats.service';
import { safeParse } from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';

export interface StatsRoutesDeps extends StaffDeps {
  readonly stats: StatsService;
}

export function statsRoutes(deps: StatsRoutesDeps): Router {
  const router = Router();
  const guards = staffGuards(deps, ['analyst', 'admin']);
  const analyst = guards.signedIn;
  const write = guards.write({ maxBytes: 4 * 1024 });

  router.get('/api/stats/options', analyst, async (_req, res) => {
    res.json((await deps.stats.options()) satisfies AnswerOf<typeof statsOptionsSchema>);
  });

  router.post('/api/stats/preview', ...write, async (req, res) => {
    const request = parseStatsBody(statsRequestSchema, req.body);
    res.json(
      (await deps.stats.preview(actorOf(signedInAccountOf(res)), request)) satisfies AnswerOf<
        typeof statsPreviewSchema
      >,
    );
  });

  router.post('/api/stats/releases', ...write, async (req, res) => {
    const request = parseStatsBody(releaseRequestSchema, req.body);
    const release = await deps.stats.release(actorOf(signedInAccountOf(res)), request);
    res.status(201).json({
      release: { ...release, createdAt: release.createdAt.toISOString() },
    } satisfies AnswerOf<typeof releasedAnswerSchema>);
  });

  router.get('/api/stats/releases', analyst, async (_req, res) => {
    const releases = await deps.stats.listReleases();
    res.json({
      releases: releases.map((entry) => ({ ...entry, createdAt: entry.createdAt.toISOString() })),
    } satisfies AnswerOf<typeof ledgerAnswerSchema>);
  });

  return router;
}

/** Names the first offending field, so the analyst can fix the form. */
function parseStatsBody<T extends $ZodType>(schema: T, body: unknown): output<T> {
  const parsed = safeParse(schema, body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field =
    issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
  throw new InvalidInputError('invalid_stats_request', `The field "${field}" is not valid.`);
}
