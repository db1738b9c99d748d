/**
 * Builds the reporter site: esbuild bundles with content-hashed file names, OpenPGP.js's
 * lightweight build split into chunks loaded only when needed, and an index.html whose entry
 * script and stylesheet carry Subresource Integrity hashes. The organisation fingerprint is built
 * in: the page trusts no key list that this fingerprint did not sign.
 *
 * The staff dashboard is built the same way into `<out>/staff/` (served at /staff/), with the
 * same organisation fingerprint built in (it verifies the directory before encrypting notes and
 * replies).
 *
 * Both also carry the minimum recipient directory version (DIRECTORY_MIN_VERSION, printed by
 * `directory:import`): an older directory is refused even if the server serves it, so rebuild
 * with the new version after each directory is published.
 *
 *   ORG_FINGERPRINT=<40 hex> DIRECTORY_MIN_VERSION=<n> npx tsx client/build.ts [--out dist/public]
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { escapeHtml } from '../contract/html-text';
import { PAGES_MANIFEST, type ReporterPagesManifest } from '../contract/reporter-pages';
import { STAFF_PAGE_MANIFEST, type StaffPageManifest } from '../contract/staff-page';
import { createDashboardTranslator, DASHBOARD_LOCALES } from './dashboard/i18n';
import { countryOptions } from './reporter/country-names';
import { noJsFormNoteHtml, renderNoJsPages } from './reporter/no-js-pages';
import { DEFERRED_CHUNKS_ID, MESSAGES_ID } from './reporter/page-ids';
import { reporterPageMarkup } from './reporter/page-markup';
import { VIEWS, type View } from './reporter/views';
import { CATALOGUES } from './shared/i18n/catalogues';
import { createTranslator } from './shared/i18n/i18n';
import { DEFAULT_LOCALE, directionOf, LOCALES, type LocaleCode } from './shared/i18n/locales';
import { htmlDocument } from './html-document';
import { padToEqualSizes, type PageToPad } from './page-padding';
import { renderToHtml, trustedHtml } from './static-dom';

export interface ReporterBuildOptions {
  readonly outDir: string;
  readonly orgFingerprint: string;
  /** The oldest recipient directory the page accepts; default 1 (no replay protection). */
  readonly directoryMinVersion?: number;
  /** Where quick exit goes: a neutral, popular site. */
  readonly quickExitUrl?: string;
  /** Attachment limits the page enforces (the server has its own, slightly larger, caps). */
  readonly maxFileMegabytes?: number;
  readonly maxReportMegabytes?: number;
  /** Shown without JavaScript: other ways to reach the organisation (plain text, one per line). */
  readonly alternativeChannels?: readonly string[];
}

export interface ReporterBuild {
  readonly outDir: string;
  readonly entryScript: string;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

const CLIENT_DIR = __dirname;

/**
 * What both front ends are built with; each build adds its entry points, output folder and
 * built-in constants. One base, so the reporter page and the dashboard cannot drift apart.
 */
const BASE_BUILD = {
  bundle: true,
  splitting: true,
  format: 'esm' as const,
  platform: 'browser' as const,
  target: ['chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: false,
  legalComments: 'none' as const,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  metafile: true as const,
  // The lightweight build loads its heavier algorithms only when a key needs them.
  alias: { openpgp: 'openpgp/lightweight' },
  // Module scripts are always decoded as UTF-8: Uyghur and Russian text need not be
  // \u-escaped (the reporter page's catalogues were 40% of its entry script escaped).
  charset: 'utf8' as const,
  logLevel: 'silent' as const,
} satisfies BuildOptions;

export async function buildReporterSite(options: ReporterBuildOptions): Promise<ReporterBuild> {
  for (const limit of [options.maxFileMegabytes, options.maxReportMegabytes]) {
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0 && limit <= 1024)) {
      throw new Error('Attachment limits must be whole megabytes from 1 to 1024.');
    }
  }
  const trust = trustDefines(options);
  const quickExitUrl = options.quickExitUrl ?? 'https://www.wikipedia.org/';
  const assetsDir = join(options.outDir, 'assets');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  const built = await bundle('reporter', assetsDir, {
    entryPoints: {
      reporter: join(CLIENT_DIR, 'reporter', 'main.ts'),
      styles: join(CLIENT_DIR, 'reporter', 'styles.css'),
      noscript: join(CLIENT_DIR, 'reporter', 'noscript.css'),
    },
    define: {
      ...trust,
      __AMANAT_MAX_FILE_MB__: String(options.maxFileMegabytes ?? 25),
      __AMANAT_MAX_REPORT_MB__: String(options.maxReportMegabytes ?? 100),
      __AMANAT_QUICK_EXIT_URL__: JSON.stringify(quickExitUrl),
    },
  });
  const noScriptStylesheet = built.outputs.find((path) => basename(path).startsWith('noscript-'));
  if (!noScriptStylesheet) throw new Error('esbuild produced no noscript stylesheet');
  writeFileSync(join(assetsDir, ICON_FILE), ICON_SVG);
  const chunks = scriptChunks(
    built.metafile,
    built.entryScript,
    ({ path }) => !isDeferred(built.metafile, path),
  );
  const assetRef = (path: string) => assetRefOf('/assets', path);
  const importMap = integrityImportMap('/assets', [
    built.entryScript,
    ...chunks.firstLoad,
    ...chunks.later,
  ]);
  const pages: (PageToPad & { readonly path: string })[] = [];
  for (const variant of PAGE_VARIANTS) {
    for (const { code } of LOCALES) {
      for (const view of VIEWS) {
        pages.push({
          path: join(options.outDir, pagePath(variant, code, view)),
          // Every language's page of one view and variant: the same size (page-padding.ts).
          group: `${variant}/${view}`,
          // Its token is filled in per answer (server/features/reporter-site).
          compressedPerAnswer: variant === 'no-js-form' && view === 'report',
          html: renderReporterPage({
            locale: code,
            view,
            quickExitUrl,
            alternativeChannels: options.alternativeChannels ?? [],
            sendableWithoutJavaScript: variant === 'no-js-form',
            script: assetRef(built.entryScript),
            stylesheet: assetRef(built.stylesheet),
            noScriptStylesheet: assetRef(noScriptStylesheet),
            importMap,
            firstLoadChunks: chunks.firstLoad.map(assetRef),
            deferredChunks: chunks.later.map(assetRef),
          }),
        });
      }
    }
  }
  const padded = padToEqualSizes(pages, ['identity', 'gzip', 'br']);
  pages.forEach(({ path }, i) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, padded[i]!.identity);
    writeFileSync(`${path}.gz`, padded[i]!.gzip);
    writeFileSync(`${path}.br`, padded[i]!.br);
  });
  // The no-JavaScript form's answer pages, in every language (client/reporter/no-js-pages.ts),
  // sent as they are: each page the same length in every language, and every case status's page
  // the same length (the status is as telling as the language).
  const [stylesheet, styleIntegrity] = assetRef(built.stylesheet);
  const answerPages = renderNoJsPages({ stylesheet, styleIntegrity, quickExitUrl });
  const paddedAnswers = padToEqualSizes(
    answerPages.map(({ path, html }) => ({ group: answerPageGroup(path), html })),
    ['identity'],
  );
  answerPages.forEach((page, i) => {
    mkdirSync(dirname(join(options.outDir, page.path)), { recursive: true });
    writeFileSync(join(options.outDir, page.path), paddedAnswers[i]!.identity);
  });
  const manifest: ReporterPagesManifest = {
    locales: LOCALES.map(({ code }) => code),
    aliases: LOCALE_ALIASES,
    defaultLocale: DEFAULT_LOCALE,
    views: VIEWS,
    defaultView: 'report',
    inlineScriptHashes: [inlineScriptHash(importMap)],
  };
  writeFileSync(join(options.outDir, PAGES_MANIFEST), JSON.stringify(manifest));
  // The assets are the same for every language: compressed as they are.
  const assets = [...built.outputs, join(assetsDir, ICON_FILE)];
  writePrecompressed(assets);
  return {
    outDir: options.outDir,
    entryScript: `/assets/${basename(built.entryScript)}`,
    files: filesOf(options.outDir, [...pages.map(({ path }) => path), ...assets]),
  };
}

/**
 * The pre-rendered pages: one per variant, language and view. `no-js-form` is the set served
 * when the server takes reports without JavaScript (NO_JS_FORM); `js` hides the forms from a
 * browser without JavaScript. The server picks one (server/features/reporter-site).
 */
const PAGE_VARIANTS = ['js', 'no-js-form'] as const;
type PageVariant = (typeof PAGE_VARIANTS)[number];
const LOCALE_ALIASES: Readonly<Record<string, LocaleCode>> = { zh: 'zh-Hans' };

/**
 * The import map that pins every script chunk of a page, served under `assetsUrl`, to its hash:
 * the browser then checks the integrity of every module it fetches from these addresses, static
 * or dynamic import alike. A modulepreload alone is not enough: when its check fails, Chromium
 * fetches the module again for the import, without any integrity, and runs what it gets. Both
 * front ends pin their scripts with it.
 */
function integrityImportMap(assetsUrl: string, scripts: readonly string[]): string {
  const integrity = Object.fromEntries(scripts.map((path) => assetRefOf(assetsUrl, path)));
  return jsonData({ integrity });
}

/**
 * The CSP source of a page's one inline script, its import map: the server adds it to script-src
 * for that page's answers only (pages.json, staff/page.json), and no other inline script runs.
 */
function inlineScriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script).digest('base64')}`;
}

/** A built file's address under `assetsUrl` and its Subresource Integrity hash. */
function assetRefOf(assetsUrl: string, path: string): AssetRef {
  return [`${assetsUrl}/${basename(path)}`, integrityOf(path)];
}

/** The first load's scripts (the entry script, then the chunks it loads), each with its integrity. */
function modulePreloads(scripts: readonly AssetRef[]): string[] {
  return scripts.map(
    ([href, integrity]) =>
      `<link rel="modulepreload" href="${escapeHtml(href)}" integrity="${integrity}">`,
  );
}

function pagePath(variant: PageVariant, locale: LocaleCode, view: View): string {
  return join('pages', variant, locale, `${view}.html`);
}

/** `no-js/<lang>/<page>.html` → the page, or `status` for any case status's page. */
function answerPageGroup(path: string): string {
  const page = basename(path, '.html');
  return page.startsWith('status-') ? 'status' : page;
}

/** A tiny icon, served like every asset: a page whose /favicon.ico fails leaves a failed request. */
const ICON_FILE = 'icon.svg';
const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b5d4b"/></svg>\n';

/**
 * What no report needs before it can be sent: OpenPGP.js's own on-demand parts (legacy ciphers,
 * argon2id, bzip2, and its pure-JavaScript curves and hashes, which browsers that do Ed25519,
 * X25519 and SHA-2 in WebCrypto never load for our keys) and the way back's schema library.
 * Chunks made only of these are fetched after sending is enabled, each preloaded with its
 * integrity then (deferred-chunks.ts); a browser that needs one sooner imports it sooner, and
 * the import map still pins its integrity.
 */
const DEFERRED_INPUTS = [
  /openpgp\/dist\/lightweight\/(?!openpgp\.min\.mjs$)[^/]+\.min\.mjs$/,
  /node_modules\/zod\//,
  /^contract\/api\//,
];

type OutputImport = Metafile['outputs'][string]['imports'][number];

/**
 * The entry's script chunks, split by when they load: `firstLoad` (what the entry reaches through
 * the imports `firstLoadImport` accepts) is preloaded by the page itself; `later` is everything
 * else the entry can reach. The reporter page's first load follows every import but those of
 * chunks made only of DEFERRED_INPUTS, which it preloads once the directory verified; the
 * dashboard's follows static imports only (OpenPGP.js's parts and the phone number rules are
 * imported on demand). Every chunk is in one of the two, and both are in the page's integrity
 * import map: none loads without its integrity.
 */
function scriptChunks(
  metafile: Metafile,
  entryScript: string,
  firstLoadImport: (imported: OutputImport) => boolean,
): { firstLoad: string[]; later: string[] } {
  const reach = (follow: (imported: OutputImport) => boolean): Set<string> => {
    const seen = new Set<string>();
    const walk = (path: string): void => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const imported of metafile.outputs[path]?.imports ?? []) {
        if (follow(imported)) walk(imported.path);
      }
    };
    walk(entryScript);
    return seen;
  };
  const firstLoad = reach(firstLoadImport);
  return {
    firstLoad: [...firstLoad].filter((path) => path !== entryScript),
    later: [...reach(() => true)].filter((path) => !firstLoad.has(path)),
  };
}

/** A reporter chunk made only of DEFERRED_INPUTS: not needed before a report can be sent. */
function isDeferred(metafile: Metafile, path: string): boolean {
  const inputs = Object.keys(metafile.outputs[path]?.inputs ?? {});
  return (
    inputs.length > 0 &&
    inputs.every((input) => DEFERRED_INPUTS.some((pattern) => pattern.test(input)))
  );
}

/** Writes `<file>.br` and `<file>.gz` beside each file: the server sends them as they are. */
function writePrecompressed(paths: readonly string[]): void {
  for (const path of paths) {
    const content = readFileSync(path);
    writeFileSync(
      `${path}.br`,
      brotliCompressSync(content, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: content.length,
        },
      }),
    );
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  }
}

/**
 * The organisation fingerprint and the minimum directory version both front ends build in,
 * checked first: a page built without them would trust any key list.
 */
function trustDefines(options: {
  readonly orgFingerprint: string;
  readonly directoryMinVersion?: number;
}): Record<string, string> {
  if (!/^[0-9a-fA-F]{40}$/.test(options.orgFingerprint)) {
    throw new Error('ORG_FINGERPRINT must be the 40-hex fingerprint printed by `org:init`.');
  }
  return {
    __AMANAT_ORG_FINGERPRINT__: JSON.stringify(options.orgFingerprint.toLowerCase()),
    __AMANAT_DIRECTORY_MIN_VERSION__: String(
      checkedDirectoryMinVersion(options.directoryMinVersion),
    ),
  };
}

/** Bundles one front end into assetsDir and finds its entry script (`<name>-<hash>.js`) and stylesheet. */
async function bundle(
  name: string,
  assetsDir: string,
  parts: { readonly entryPoints: Record<string, string>; readonly define: Record<string, string> },
): Promise<{ outputs: string[]; entryScript: string; stylesheet: string; metafile: Metafile }> {
  const result = await build({ ...BASE_BUILD, ...parts, outdir: assetsDir });
  const outputs = Object.keys(result.metafile.outputs);
  const entryScript = outputs.find(
    (path) => basename(path).startsWith(`${name}-`) && path.endsWith('.js'),
  );
  const stylesheet = outputs.find(
    (path) => path.endsWith('.css') && !basename(path).startsWith('noscript-'),
  );
  if (!entryScript || !stylesheet) {
    throw new Error(`esbuild produced no ${name} entry script or stylesheet`);
  }
  return { outputs, entryScript, stylesheet, metafile: result.metafile };
}

/** The built files, relative to the site root, with their sizes. */
function filesOf(siteRoot: string, paths: readonly string[]): ReporterBuild['files'] {
  return paths.map((path) => ({
    path: relative(siteRoot, path),
    bytes: readFileSync(path).length,
  }));
}

/** A whole number from 1 (the default: no replay protection until it is raised). */
function checkedDirectoryMinVersion(version: number | undefined): number {
  if (version === undefined) return 1;
  if (!Number.isInteger(version) || version < 1 || version > 2 ** 31 - 1) {
    throw new Error(
      'DIRECTORY_MIN_VERSION must be a whole number from 1 (printed by `directory:import`).',
    );
  }
  return version;
}

function integrityOf(path: string): string {
  return `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
}

/** What buildStaffSite produced; paths are relative to the site root. */
export type StaffBuild = ReporterBuild;

export interface StaffBuildOptions {
  /** The site root (the reporter's outDir): the dashboard goes into `<outDir>/staff/`. */
  readonly outDir: string;
  /**
   * The organisation key's fingerprint (40 hex), built in: the dashboard encrypts notes and
   * replies only to a recipient directory this key signed. Required, like the reporter's.
   */
  readonly orgFingerprint: string;
  /** The oldest recipient directory the dashboard accepts; default 1 (no replay protection). */
  readonly directoryMinVersion?: number;
}

/**
 * Builds the staff dashboard into `<outDir>/staff/`: index.html plus content-hashed assets under
 * `/staff/assets/`, the stylesheet and every script pinned with SRI: the entry script and the
 * chunks it imports statically preloaded with their integrity, and every chunk, those imported on
 * demand too (openpgp's lightweight build's parts a key operation needs, the phone number rules),
 * pinned by the page's integrity import map, whose CSP hash goes into `staff/page.json`: a
 * changed chunk is refused where caseworkers unlock their secret keys. Call after
 * buildReporterSite, which empties outDir.
 */
export async function buildStaffSite(options: StaffBuildOptions): Promise<StaffBuild> {
  const trust = trustDefines(options);
  const staffDir = join(options.outDir, 'staff');
  const assetsDir = join(staffDir, 'assets');
  rmSync(staffDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  const { outputs, entryScript, stylesheet, metafile } = await bundle('dashboard', assetsDir, {
    entryPoints: {
      dashboard: join(CLIENT_DIR, 'dashboard', 'main.ts'),
      'staff-styles': join(CLIENT_DIR, 'dashboard', 'styles.css'),
    },
    define: trust,
  });
  const assetRef = (path: string) => assetRefOf('/staff/assets', path);
  // Static imports are the first load; OpenPGP.js's parts and the phone number rules are
  // imported on demand, pinned by the import map all the same.
  const chunks = scriptChunks(metafile, entryScript, ({ kind }) => kind === 'import-statement');
  const importMap = integrityImportMap('/staff/assets', [
    entryScript,
    ...chunks.firstLoad,
    ...chunks.later,
  ]);
  writeFileSync(
    join(staffDir, 'index.html'),
    renderIndexHtml({
      title: 'Amanat — staff',
      indexed: false,
      importMap,
      script: assetRef(entryScript),
      firstLoadChunks: chunks.firstLoad.map(assetRef),
      stylesheet: assetRef(stylesheet),
      noScript: DASHBOARD_LOCALES.map((locale) => ({
        ...locale,
        text: createDashboardTranslator(locale.code)('app.noscript'),
      })),
    }),
  );
  const manifest: StaffPageManifest = { inlineScriptHashes: [inlineScriptHash(importMap)] };
  writeFileSync(join(staffDir, STAFF_PAGE_MANIFEST), JSON.stringify(manifest));
  const files = [join(staffDir, 'index.html'), ...outputs];
  writePrecompressed(files);
  return {
    outDir: staffDir,
    entryScript: `/staff/assets/${basename(entryScript)}`,
    files: filesOf(options.outDir, files),
  };
}

type AssetRef = readonly [href: string, integrity: string];

interface ReporterPage {
  readonly locale: LocaleCode;
  readonly view: View;
  readonly quickExitUrl: string;
  readonly alternativeChannels: readonly string[];
  readonly sendableWithoutJavaScript: boolean;
  readonly script: AssetRef;
  readonly stylesheet: AssetRef;
  /** Hides what only the page's script can send, where JavaScript is off (noscript.css). */
  readonly noScriptStylesheet: AssetRef;
  /** The import map of integrityImportMap, the same on every page (its CSP hash is in pages.json). */
  readonly importMap: string;
  readonly firstLoadChunks: readonly AssetRef[];
  readonly deferredChunks: readonly AssetRef[];
}

/**
 * Shown at the top of each form on the pages built with the no-JavaScript form (NO_JS_FORM):
 * what sending without JavaScript means for the reporter, as HTML its maker escaped ('' for none).
 */
function noJavaScriptFormNote(locale: LocaleCode, view: View): string {
  // The trade-off, the hidden `lang` field the no-JavaScript answers are written in, and on the
  // report form the slot the server fills with the form's submission token.
  return noJsFormNoteHtml(locale, { submissionSlot: view === 'report' });
}

/**
 * One pre-rendered reporter page: the markup of page-markup.ts for its language and view, the
 * stylesheet and every script the first load runs preloaded with their integrity, and, as JSON
 * data (never script), the language's catalogue and the deferred chunks with their integrity.
 */
function renderReporterPage(page: ReporterPage): string {
  const t = createTranslator(page.locale);
  const main = renderToHtml(() =>
    reporterPageMarkup(t, {
      locale: page.locale,
      view: page.view,
      quickExitUrl: page.quickExitUrl,
      alternativeChannels: page.alternativeChannels,
      sendableWithoutJavaScript: page.sendableWithoutJavaScript,
      countries: page.view === 'report' ? countryOptions(page.locale) : [],
      noJavaScriptNote: page.sendableWithoutJavaScript
        ? [trustedHtml(noJavaScriptFormNote(page.locale, page.view))]
        : [],
    }),
  );
  // English fills any message a catalogue lacks, as createTranslator does.
  const messages = { ...CATALOGUES.en.messages, ...CATALOGUES[page.locale].messages };
  const preloads = modulePreloads([page.script, ...page.firstLoadChunks]);
  const noScriptStyle = page.sendableWithoutJavaScript
    ? []
    : [
        `<noscript><link rel="stylesheet" href="${escapeHtml(page.noScriptStylesheet[0])}" integrity="${page.noScriptStylesheet[1]}"></noscript>`,
      ];
  return htmlDocument({
    lang: page.locale,
    dir: directionOf(page.locale),
    title: t('app.title'),
    indexed: true,
    head: [
      `<script type="importmap">${page.importMap}</script>`,
      `<link rel="icon" href="/assets/${ICON_FILE}" type="image/svg+xml">`,
      `<link rel="stylesheet" href="${escapeHtml(page.stylesheet[0])}" integrity="${page.stylesheet[1]}">`,
      ...noScriptStyle,
      ...preloads,
      `<script type="module" src="${escapeHtml(page.script[0])}" integrity="${page.script[1]}"></script>`,
    ],
    body: [
      main,
      `<script type="application/json" id="${MESSAGES_ID}">${jsonData(messages)}</script>`,
      `<script type="application/json" id="${DEFERRED_CHUNKS_ID}">${jsonData(page.deferredChunks)}</script>`,
    ].join('\n    '),
  });
}

/** JSON inside a <script> data block: `<` escaped, so no text can close the element. */
function jsonData(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

interface IndexPage {
  readonly title: string;
  /** False for the staff dashboard: search engines are asked not to list it. */
  readonly indexed: boolean;
  /** The import map of integrityImportMap (its CSP hash is in staff/page.json). */
  readonly importMap: string;
  readonly script: AssetRef;
  /** The chunks the entry script imports statically, preloaded with their integrity. */
  readonly firstLoadChunks: readonly AssetRef[];
  readonly stylesheet: AssetRef;
  /** The explanation shown without JavaScript, in every language offered. */
  readonly noScript: readonly {
    readonly code: string;
    readonly dir: string;
    readonly text: string;
  }[];
}

function renderIndexHtml(page: IndexPage): string {
  const noScript = page.noScript
    .map(({ code, dir, text }) => `<p lang="${code}" dir="${dir}">${escapeHtml(text)}</p>`)
    .join('\n      ');
  return htmlDocument({
    lang: 'en',
    dir: 'ltr',
    title: page.title,
    indexed: page.indexed,
    head: [
      `<script type="importmap">${page.importMap}</script>`,
      `<link rel="stylesheet" href="${escapeHtml(page.stylesheet[0])}" integrity="${page.stylesheet[1]}">`,
      ...modulePreloads([page.script, ...page.firstLoadChunks]),
      `<script type="module" src="${escapeHtml(page.script[0])}" integrity="${page.script[1]}"></script>`,
    ],
    body: `<noscript>
      ${noScript}
    </noscript>`,
  });
}

if (require.main === module) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? process.argv[outIndex + 1]! : join(process.cwd(), 'dist', 'public');
  const minVersionText = process.env['DIRECTORY_MIN_VERSION'] ?? '';
  const directoryMinVersion = minVersionText === '' ? undefined : Number(minVersionText);
  if (directoryMinVersion === undefined) {
    process.stderr.write(
      'warning: DIRECTORY_MIN_VERSION is not set: the pages accept any directory version (no replay protection).\n',
    );
  }
  buildReporterSite({
    outDir,
    orgFingerprint: process.env['ORG_FINGERPRINT'] ?? '',
    ...(directoryMinVersion === undefined ? {} : { directoryMinVersion }),
    ...(process.env['QUICK_EXIT_URL'] ? { quickExitUrl: process.env['QUICK_EXIT_URL'] } : {}),
    alternativeChannels: (process.env['ALTERNATIVE_CHANNELS'] ?? '').split('\n').filter(Boolean),
    ...(process.env['ATTACHMENT_MAX_FILE_MB']
      ? { maxFileMegabytes: Number(process.env['ATTACHMENT_MAX_FILE_MB']) }
      : {}),
    ...(process.env['ATTACHMENTS_MAX_REPORT_MB']
      ? { maxReportMegabytes: Number(process.env['ATTACHMENTS_MAX_REPORT_MB']) }
      : {}),
  })
    .then(async (reporter) => [
      reporter,
      await buildStaffSite({
        outDir,
        orgFingerprint: process.env['ORG_FINGERPRINT'] ?? '',
        ...(directoryMinVersion === undefined ? {} : { directoryMinVersion }),
      }),
    ])
    .then(
      (builds) => {
        for (const built of builds) {
          for (const file of built.files) process.stdout.write(`${file.path}  ${file.bytes} B\n`);
        }
      },
      (error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
}
