/**
 * Serves the built staff dashboard (client/build.ts → `<publicDir>/staff/`) at /staff/, like the
 * reporter site: same origin, no cache, the same strict CSP. `/staff` redirects to `/staff/` so
 * relative module chunks resolve under /staff/assets/. The invitation token travels in the URL
 * fragment, which never reaches this server.
 */
import { join } from 'node:path';
import { Router } from 'express';
import { serveBuiltSite } from '../../platform/built-site';

export function staffSiteRoutes(publicDir: string): Router {
  // strict: '/staff' and '/staff/' are different routes (one redirects to the other).
  const router = Router({ strict: true });
  router.get('/staff', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    // Same path plus the request's own query: never an open redirect.
    res.redirect(302, `/staff/${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  serveBuiltSite(router, {
    siteDir: join(publicDir, 'staff'),
    indexPath: '/staff/',
    assetsPath: '/staff/assets',
    name: 'staff dashboard',
  });
  return router;
}
