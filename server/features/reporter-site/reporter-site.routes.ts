/**
 * Serves the built reporter site (client/build.ts) from our own origin: no CDN, no third party.
 * Nothing is cached, assets included (the global `Cache-Control: no-store` stays): a cached copy
 * on a seized phone would show that the reporting site was visited. No access log.
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
    // `dotfiles: 'allow'`: the site may live under a dot-directory such as .data/ (the demo).
    res.sendFile(indexFile, { dotfiles: 'allow' });
  });
  router.use(
    '/assets',
    express.static(join(publicDir, 'assets'), {
      index: false,
      dotfiles: 'deny',
      redirect: false,
      etag: false,
      lastModified: false,
    }),
  );
  return router;
}
