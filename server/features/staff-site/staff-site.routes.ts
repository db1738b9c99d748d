/**
 * Serves the built staff dashboard (client/build.ts → `<publicDir>/staff/`) from our own origin
 * at /staff/. Like the reporter site: no CDN, nothing cached (the global `Cache-Control:
 * no-store` stays), the same strict CSP. `/staff` redirects to `/staff/` so relative module
 * chunks resolve under /staff/assets/. The invitation token travels in the URL fragment, which
 * never reaches this server.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { ServiceUnavailableError } from '../../platform/errors';

export function staffSiteRoutes(publicDir: string): Router {
  // strict: '/staff' and '/staff/' are different routes (one redirects to the other).
  const router = Router({ strict: true });
  const staffDir = join(publicDir, 'staff');
  const indexFile = join(staffDir, 'index.html');
  router.get('/staff', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    // Same path plus the request's own query: never an open redirect.
    res.redirect(302, `/staff/${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  router.get('/staff/', (_req, res) => {
    if (!existsSync(indexFile)) {
      throw new ServiceUnavailableError(
        'site_not_built',
        'The staff dashboard has not been built (npm run build:client).',
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    // `dotfiles: 'allow'`: the site may live under a dot-directory such as .data/ (the demo).
    res.sendFile(indexFile, { dotfiles: 'allow' });
  });
  router.use(
    '/staff/assets',
    express.static(join(staffDir, 'assets'), {
      index: false,
      dotfiles: 'deny',
      redirect: false,
      etag: false,
      lastModified: false,
    }),
  );
  return router;
}
