/**
 * Serves the built reporter site (client/build.ts) from our own origin: no CDN, no third party.
 * Hashed assets are immutable; the page itself is never cached, so a new build (new SRI hashes)
 * reaches every reporter at once. No access log, like every reporter route.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { ServiceUnavailableError } from '../../platform/errors';

export function reporterSiteRoutes(publicDir: string): Router {
  const router = Router();
  const indexFile = join(publicDir, 'index.html');
  router.get('/', (_req, res) => {
    if (!existsSync(indexFile)) {
      throw new ServiceUnavailableError(
        'site_not_built',
        'The reporter site has not been built (npm run build:client).',
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.sendFile(indexFile);
  });
  router.use(
    '/assets',
    express.static(join(publicDir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
      dotfiles: 'deny',
      redirect: false,
    }),
  );
  return router;
}
