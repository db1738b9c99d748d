/**
 * Which pre-rendered reporter page answers a request: the language from `?lang=` when the build
 * offers it, else the first offered language of Accept-Language (read for this answer only, never
 * stored or logged), else the default; the view from `?view=`, else the report form. The offered
 * languages and views come from the build's own manifest (pages.json): the server imports
 * nothing from client/.
 */
import { join } from 'node:path';
import type { Request } from 'express';
import { PAGES_MANIFEST, type ReporterPagesManifest } from '../../../contract/reporter-pages';
import { builtManifestReader, type BuiltPage } from '../../platform/built-site';
import { weightedValues } from '../../platform/quality-values';

/** A page picked for a request, with the view it shows. */
export interface ReporterPage extends BuiltPage {
  readonly view: string;
}

/** The page (and its import map's CSP hash) for each request, or null while the site is unbuilt. */
export function reporterPagePicker(
  siteDir: string,
  variant: 'js' | 'no-js-form',
): (req: Request) => ReporterPage | null {
  const readManifest = builtManifestReader<ReporterPagesManifest>(join(siteDir, PAGES_MANIFEST));
  return (req) => {
    const manifest = readManifest();
    if (manifest === null) return null;
    const locale =
      offered(manifest, queryValue(req, 'lang')) ??
      fromAcceptLanguage(manifest, req.headers['accept-language']) ??
      manifest.defaultLocale;
    const requestedView = queryValue(req, 'view');
    const view = manifest.views.find((known) => known === requestedView) ?? manifest.defaultView;
    return {
      path: join('pages', variant, locale, `${view}.html`),
      inlineScriptHashes: manifest.inlineScriptHashes,
      view,
    };
  };
}

function queryValue(req: Request, name: string): string | null {
  const value = req.query[name];
  return typeof value === 'string' ? value : null;
}

/** The locale exactly as offered, never a path built from what the request said. */
function offered(manifest: ReporterPagesManifest, code: string | null): string | null {
  return manifest.locales.find((known) => known === code) ?? null;
}

/**
 * The first language of Accept-Language (by quality, then order) whose primary subtag the build
 * offers, directly or by alias (`zh` for `zh-Hans`).
 */
function fromAcceptLanguage(
  manifest: ReporterPagesManifest,
  header: string | undefined,
): string | null {
  const ranked = weightedValues(header ?? '', 32)
    .filter(({ quality }) => quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  for (const { value: tag } of ranked) {
    const primary = tag.split('-')[0] ?? '';
    const match =
      (Object.hasOwn(manifest.aliases, primary) ? manifest.aliases[primary] : undefined) ??
      manifest.locales.find((known) => known.toLowerCase() === primary);
    if (match) return match;
  }
  return null;
}
