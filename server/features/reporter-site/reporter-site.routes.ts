/**
 * Serves the built reporter site (client/build.ts) at `/`: no CDN, no third party, no cache. The
 * build pre-renders one page per language and view, in two variants: with the no-JavaScript
 * form, or with the forms hidden where JavaScript is off; `noJsForm` (config NO_JS_FORM) picks
 * the variant.
 */
import { Router, type Request } from 'express';
import { serveBuiltSite, type BuiltPage } from '../../platform/built-site';
import { fillSubmissionToken } from '../no-js-forms';
import { reporterPagePicker, type ReporterPage } from './page-choice';

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
    // The page's language may come from Accept-Language (page-choice.ts).
    pageVariesOn: ['Accept-Language'],
    pageFor: options.noJsForm
      ? withSubmissionToken(reporterPagePicker(publicDir, 'no-js-form'))
      : reporterPagePicker(publicDir, 'js'),
  });
  return router;
}

/**
 * The report page with the no-JavaScript form gets a fresh submission token in every answer, so
 * each page load is one report however often its form is posted (no-js-forms/submission-token.ts).
 * The other views have no token: they are sent as the build compressed and padded them.
 */
function withSubmissionToken(
  pick: (req: Request) => ReporterPage | null,
): (req: Request) => BuiltPage | null {
  return (req) => {
    const page = pick(req);
    return page?.view === 'report' ? { ...page, fill: fillSubmissionToken } : page;
  };
}
