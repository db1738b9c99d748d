/**
 * Serves the built reporter site (client/build.ts) at `/`: no CDN, no third party, no cache. The
 * build pre-renders one page per language and view, in two variants: with the no-JavaScript
 * form, or with the forms hidden where JavaScript is off; `noJsForm` (config NO_JS_FORM) picks
 * the variant.
 */
import { Router } from 'express';
import { serveBuiltSite } from '../../platform/built-site';
import { reporterPagePicker } from './page-choice';

export interface ReporterSiteOptions {
  /** Serve the pages whose forms work without JavaScript (config NO_JS_FORM). */
  readonly noJsForm: boolean;
}

export function reporterSiteRoutes(publicDir: string, options: ReporterSiteOptions): Router {
  const router = Router();
  serveBuiltSite(router, {
    siteDir: publicDir,
    indexPath: '/',
    assetsPath: '/assets',
    name: 'reporter site',
    pageFor: reporterPagePicker(publicDir, options.noJsForm ? 'no-js-form' : 'js'),
  });
  return router;
}
