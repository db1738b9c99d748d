/**
 * The manifest the reporter site's build writes beside its pages (`pages.json`) and the server
 * reads to pick the page for a request: one shape for both sides.
 */
export const PAGES_MANIFEST = 'pages.json';

export interface ReporterPagesManifest {
  readonly locales: readonly string[];
  /** Accept-Language primary subtags that stand for one of the locales. */
  readonly aliases: Readonly<Record<string, string>>;
  readonly defaultLocale: string;
  readonly views: readonly string[];
  readonly defaultView: string;
  /** CSP hashes of the pages' one inline script, the import map (the same on every page). */
  readonly inlineScriptHashes: readonly string[];
}
