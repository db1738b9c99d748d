/**
 * Serves a site built by client/build.ts from our own origin: its index.html at `indexPath` and
 * its hashed assets under `assetsPath`. Nothing is cached (the global `Cache-Control: no-store`
 * stays): a cached copy on a seized device would show the site was visited. No access log.
 * 503 `site_not_built`, naming the build command, while the index does not exist.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Router } from 'express';
import { ServiceUnavailableError } from './errors';

export interface BuiltSite {
  readonly siteDir: string;
  readonly indexPath: string;
  readonly assetsPath: string;
  /** Who is missing, for the 503 message: "reporter site", "staff dashboard". */
  readonly name: string;
}

export function serveBuiltSite(router: Router, site: BuiltSite): void {
  const indexFile = join(site.siteDir, 'index.html');
  router.get(site.indexPath, (_req, res) => {
    if (!existsSync(indexFile)) {
      throw new ServiceUnavailableError(
        'site_not_built',
        `The ${site.name} has not been built (npm run build:client).`,
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    // `dotfiles: 'allow'`: the site may live under a dot-directory such as .data/ (the demo).
    res.sendFile(indexFile, { dotfiles: 'allow', lastModified: false });
  });
  router.use(
    site.assetsPath,
    express.static(join(site.siteDir, 'assets'), {
      index: false,
      dotfiles: 'deny',
      redirect: false,
      etag: false,
      lastModified: false,
    }),
  );
}
