/**
 * Serves a site built by client/build.ts from our own origin: its page at `indexPath` and its
 * hashed assets under `assetsPath`, each as the build compressed it (`.br`, `.gz` beside the file)
 * when the request's Accept-Encoding allows, so a slow phone downloads a third of the bytes and
 * the server compresses nothing per request, except a page filled in per answer
 * (BuiltPage.fill: static text and a random token, nothing the request sent, so no BREACH).
 * Nothing is cached (the global `Cache-Control: no-store` stays): a cached copy on a seized
 * device would show the site was visited. No access log. 503 `site_not_built`, naming the build
 * command, while the page does not exist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Request, Response, Router } from 'express';
import { ASSET_NAME_PATTERN } from '../../contract/routes';
import { ServiceUnavailableError } from './errors';
import { weightedValues } from './quality-values';

export interface BuiltSite {
  readonly siteDir: string;
  readonly indexPath: string;
  readonly assetsPath: string;
  /** Who is missing, for the 503 message: "reporter site", "staff dashboard". */
  readonly name: string;
  /**
   * The built HTML file that answers this request at `indexPath`, or null while the site is not
   * built; `index.html` when absent.
   */
  readonly pageFor?: (req: Request) => BuiltPage | null;
  /** Request headers `pageFor` reads besides Accept-Encoding (named in the page's `Vary`). */
  readonly pageVariesOn?: readonly string[];
}

export interface BuiltPage {
  /** Relative to siteDir. */
  readonly path: string;
  /** CSP hashes (`sha256-…`) of the page's own inline scripts, allowed for this answer only. */
  readonly inlineScriptHashes?: readonly string[];
  /**
   * Fills in what differs per answer (the no-JavaScript form's submission token): the page is
   * then compressed for this answer alone, never sent from the build's compressed copies.
   */
  readonly fill?: (html: string) => string;
}

const SCRIPT_HASH = /^sha256-[A-Za-z0-9+/]{43}=$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The encodings the build writes, best first, by the file name suffix each has. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export function serveBuiltSite(router: Router, site: BuiltSite): void {
  const pageFor = site.pageFor ?? ((): BuiltPage => ({ path: 'index.html' }));
  router.get(site.indexPath, async (req, res) => {
    for (const header of site.pageVariesOn ?? []) res.vary(header);
    const page = pageFor(req);
    const file = page === null ? null : join(site.siteDir, page.path);
    if (page === null || file === null || !existsSync(file)) {
      throw new ServiceUnavailableError(
        'site_not_built',
        `The ${site.name} has not been built (npm run build:client).`,
      );
    }
    allowInlineScripts(res, page.inlineScriptHashes ?? []);
    if (page.fill) await sendFilled(req, res, page.fill(await readFile(file, 'utf8')));
    else sendPrecompressed(req, res, file);
  });
  router.get(`${site.assetsPath}/:name`, (req, res, next) => {
    const name = req.params['name'] ?? '';
    const file = join(site.siteDir, 'assets', name);
    // Only the files the build made, by their own name: never a compressed copy asked for
    // directly, nothing outside assets/.
    if (!ASSET_NAME_PATTERN.test(name) || !(extname(name) in CONTENT_TYPES) || !existsSync(file)) {
      next();
      return;
    }
    sendPrecompressed(req, res, file);
  });
}

/**
 * A manifest the build writes beside a site's pages (the reporter's pages.json, the dashboard's
 * page.json), parsed once per version of its file: the site may be built (or rebuilt) after the
 * server started, so each request looks at the file's identity (inode, size, modification time),
 * not at its content. Null while there is none.
 */
export function builtManifestReader<Manifest>(path: string): () => Manifest | null {
  let cached: { readonly version: string; readonly manifest: Manifest } | null = null;
  return () => {
    const stats = statSync(path, { throwIfNoEntry: false, bigint: true });
    if (stats === undefined) return null;
    const version = `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
    if (cached?.version !== version) {
      cached = { version, manifest: JSON.parse(readFileSync(path, 'utf8')) as Manifest };
    }
    return cached.manifest;
  };
}

/**
 * Adds the page's own inline script hashes to the CSP's script-src of this answer: still no
 * inline script but these exact ones (the reporter page's or the dashboard's import map). A hash
 * that is not one is refused, so a damaged build cannot write into the header.
 */
function allowInlineScripts(res: Response, hashes: readonly string[]): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (hashes.length === 0 || typeof policy !== 'string') return;
  if (!hashes.every((hash) => SCRIPT_HASH.test(hash))) {
    throw new ServiceUnavailableError('site_not_built', 'The site build is damaged (rebuild it).');
  }
  const sources = hashes.map((hash) => `'${hash}'`).join(' ');
  res.setHeader(
    'Content-Security-Policy',
    policy.replace(/(^|;)script-src ([^;]*)/, `$1script-src $2 ${sources}`),
  );
}

/**
 * Sends `file` as the best encoding the request accepts of those built beside it (identity when
 * none is accepted or built), with the file's own Content-Type and `Vary: Accept-Encoding`.
 */
function sendPrecompressed(req: Request, res: Response, file: string): void {
  const encoding = chooseEncoding(req, ({ suffix }) => existsSync(file + suffix));
  setHeaders(res, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', encoding);
  // `dotfiles: 'allow'`: the site may live under a dot-directory such as .data/ (the demo).
  res.sendFile(encoding ? file + encoding.suffix : file, {
    dotfiles: 'allow',
    lastModified: false,
    etag: false,
    acceptRanges: false,
  });
}

/**
 * Sends a page filled in for this answer, compressed now in the encoding the request prefers
 * (brotli at a quality that costs milliseconds, not the build's maximum).
 */
async function sendFilled(req: Request, res: Response, html: string): Promise<void> {
  const encoding = chooseEncoding(req, () => true);
  setHeaders(res, CONTENT_TYPES['.html']!, encoding);
  const body = Buffer.from(html, 'utf8');
  if (encoding?.name === 'br') {
    const params = {
      [zlibConstants.BROTLI_PARAM_QUALITY]: FILLED_BROTLI_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
    };
    res.send(await brotliAsync(body, { params }));
  } else if (encoding?.name === 'gzip') {
    res.send(await gzipAsync(body));
  } else {
    res.send(body);
  }
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Measured on the Russian report page (35 KB): quality 5 takes about 1 ms and gives 8.1 KB;
 * the build's quality 11 gives 7.2 KB but takes about 40 ms, too much CPU for a page anyone may
 * ask for as often as they like.
 */
const FILLED_BROTLI_QUALITY = 5;

/**
 * The best of ENCODINGS the request accepts and `available` allows, or undefined for identity.
 * Ours, the smallest first, among the most preferred the request allows: browsers list gzip
 * before br at the same quality, and the smaller one is what a slow phone needs.
 */
function chooseEncoding(
  req: Request,
  available: (encoding: (typeof ENCODINGS)[number]) => boolean,
): (typeof ENCODINGS)[number] | undefined {
  const qualities = encodingQualities(req.headers['accept-encoding'] ?? '');
  const best = Math.max(...ENCODINGS.map(({ name }) => qualityOf(qualities, name)));
  // Identity stays acceptable unless the request excludes it, and wins when preferred.
  const identity = qualities.get('identity') ?? qualities.get('*') ?? 1;
  return ENCODINGS.find(
    (encoding) =>
      best > 0 &&
      best >= identity &&
      qualityOf(qualities, encoding.name) === best &&
      available(encoding),
  );
}

function setHeaders(
  res: Response,
  contentType: string,
  encoding: (typeof ENCODINGS)[number] | undefined,
): void {
  res.setHeader('Cache-Control', 'no-store');
  res.vary('Accept-Encoding');
  res.setHeader('Content-Type', contentType);
  if (encoding) res.setHeader('Content-Encoding', encoding.name);
}

/** Accept-Encoding as coding → quality (a coding listed twice: its last quality). */
function encodingQualities(header: string): Map<string, number> {
  return new Map(weightedValues(header, 16).map(({ value, quality }) => [value, quality]));
}

/** A coding's quality, by name or through `*`; 0 when not listed. */
function qualityOf(qualities: ReadonlyMap<string, number>, coding: string): number {
  return qualities.get(coding) ?? qualities.get('*') ?? 0;
}
