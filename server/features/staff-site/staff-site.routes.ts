/**
 * Serves the built staff dashboard (client/build.ts → `<publicDir>/staff/`) at /staff/, like the
 * reporter site: same origin, no cache, the same strict CSP, to which each answer of the page adds
 * only the hash of its integrity import map (staff/page.json), the one inline script that pins
 * every script chunk to its hash. `/staff` redirects to `/staff/` so relative module chunks
 * resolve under /staff/assets/. The invitation token travels in the URL fragment, which never
 * reaches this server.
 */
import { join } from 'node:path';
import { Router } from 'express';
import { STAFF_PAGE_MANIFEST, type StaffPageManifest } from '../../../contract/staff-page';
import { builtManifestReader, serveBuiltSite } from '../../platform/built-site';

export function staffSiteRoutes(publicDir: string): Router {
  // strict: '/staff' and '/staff/' are different routes (one redirects to the other).
  const router = Router({ strict: true });
  router.get('/staff', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    // Same path plus the request's own query: never an open redirect.
    res.redirect(302, `/staff/${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  const siteDir = join(publicDir, 'staff');
  const readManifest = builtManifestReader<StaffPageManifest>(join(siteDir, STAFF_PAGE_MANIFEST));
  serveBuiltSite(router, {
    siteDir,
    indexPath: '/staff/',
    assetsPath: '/staff/assets',
    name: 'staff dashboard',
    // Unbuilt (503) until the manifest exists too: a page without its import map's hash in the
    // CSP would run no script at all.
    pageFor: () => {
      const manifest = readManifest();
      return manifest && { path: 'index.html', inlineScriptHashes: manifest.inlineScriptHashes };
    },
  });
  return router;
}
