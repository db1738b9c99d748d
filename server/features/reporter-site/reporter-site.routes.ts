/** Serves the built reporter site (client/build.ts) at `/`: no CDN, no third party, no cache. */
import { Router } from 'express';
import { serveBuiltSite } from '../../platform/built-site';

export function reporterSiteRoutes(publicDir: string): Router {
  const router = Router();
  serveBuiltSite(router, {
    siteDir: publicDir,
    indexPath: '/',
    assetsPath: '/assets',
    name: 'reporter site',
  });
  return router;
}
