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
import { basename, join, relative } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { createDashboardTranslator, DASHBOARD_LOCALES } from './dashboard/i18n';
import { createTranslator } from './shared/i18n/i18n';
import { LOCALES, type LocaleCode } from './shared/i18n/locales';

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
  const assetsDir = join(options.outDir, 'assets');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  const { outputs, entryScript, stylesheet } = await bundle('reporter', assetsDir, {
    entryPoints: {
      reporter: join(CLIENT_DIR, 'reporter', 'main.ts'),
      styles: join(CLIENT_DIR, 'reporter', 'styles.css'),
    },
    define: {
      ...trust,
      __AMANAT_MAX_FILE_MB__: String(options.maxFileMegabytes ?? 25),
      __AMANAT_MAX_REPORT_MB__: String(options.maxReportMegabytes ?? 100),
      __AMANAT_QUICK_EXIT_URL__: JSON.stringify(
        options.quickExitUrl ?? 'https://www.wikipedia.org/',
      ),
    },
  });
  writeFileSync(
    join(options.outDir, 'index.html'),
    renderIndexHtml({
      title: 'Amanat',
      indexed: true,
      script: `/assets/${basename(entryScript)}`,
      scriptIntegrity: integrityOf(entryScript),
      stylesheet: `/assets/${basename(stylesheet)}`,
      styleIntegrity: integrityOf(stylesheet),
      noScript: LOCALES.map((locale) => ({ ...locale, text: noScriptText(locale.code) })),
      afterNoScript: channelList(options.alternativeChannels ?? []),
    }),
  );
  return {
    outDir: options.outDir,
    entryScript: `/assets/${basename(entryScript)}`,
    files: filesOf(options.outDir, [join(options.outDir, 'index.html'), ...outputs]),
  };
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
): Promise<{ outputs: string[]; entryScript: string; stylesheet: string }> {
  const result = await build({ ...BASE_BUILD, ...parts, outdir: assetsDir });
  const outputs = Object.keys(result.metafile.outputs);
  const entryScript = outputs.find(
    (path) => basename(path).startsWith(`${name}-`) && path.endsWith('.js'),
  );
  const stylesheet = outputs.find((path) => path.endsWith('.css'));
  if (!entryScript || !stylesheet) {
    throw new Error(`esbuild produced no ${name} entry script or stylesheet`);
  }
  return { outputs, entryScript, stylesheet };
}

/** The built files, relative to the site root, with their sizes. */
function filesOf(siteRoot: string, paths: readonly string[]): ReporterBuild['files'] {
  return paths.map((path) => ({
    path: relative(siteRoot, path),
    bytes: readFileSync(path).length,
  }));
}

/** Shown when JavaScript is off, in every language: the page cannot know which one was chosen. */
function noScriptText(code: LocaleCode): string {
  return createTranslator(code)('noscript.explanation');
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
 * `/staff/assets/`, the entry script and stylesheet pinned with SRI, openpgp's lightweight build
 * in chunks loaded only when a key operation needs it. Call after buildReporterSite, which
 * empties outDir.
 */
export async function buildStaffSite(options: StaffBuildOptions): Promise<StaffBuild> {
  const trust = trustDefines(options);
  const staffDir = join(options.outDir, 'staff');
  const assetsDir = join(staffDir, 'assets');
  rmSync(staffDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  const { outputs, entryScript, stylesheet } = await bundle('dashboard', assetsDir, {
    entryPoints: {
      dashboard: join(CLIENT_DIR, 'dashboard', 'main.ts'),
      'staff-styles': join(CLIENT_DIR, 'dashboard', 'styles.css'),
    },
    define: trust,
  });
  writeFileSync(
    join(staffDir, 'index.html'),
    renderIndexHtml({
      title: 'Amanat — staff',
      indexed: false,
      script: `/staff/assets/${basename(entryScript)}`,
      scriptIntegrity: integrityOf(entryScript),
      stylesheet: `/staff/assets/${basename(stylesheet)}`,
      styleIntegrity: integrityOf(stylesheet),
      noScript: DASHBOARD_LOCALES.map((locale) => ({
        ...locale,
        text: createDashboardTranslator(locale.code)('app.noscript'),
      })),
    }),
  );
  return {
    outDir: staffDir,
    entryScript: `/staff/assets/${basename(entryScript)}`,
    files: filesOf(options.outDir, [join(staffDir, 'index.html'), ...outputs]),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface IndexPage {
  readonly title: string;
  /** False for the staff dashboard: search engines are asked not to list it. */
  readonly indexed: boolean;
  readonly script: string;
  readonly scriptIntegrity: string;
  readonly stylesheet: string;
  readonly styleIntegrity: string;
  /** The explanation shown without JavaScript, in every language offered. */
  readonly noScript: readonly {
    readonly code: string;
    readonly dir: string;
    readonly text: string;
  }[];
  /** More HTML inside <noscript>, after the explanation (already escaped). */
  readonly afterNoScript?: string;
}

/** Plain-text channels as a list; nothing when there are none. */
function channelList(channels: readonly string[]): string {
  const items = channels.map((channel) => `<li>${escapeHtml(channel)}</li>`).join('');
  return items ? `<ul>${items}</ul>` : '';
}

function renderIndexHtml(page: IndexPage): string {
  const noScript = page.noScript
    .map(({ code, dir, text }) => `<p lang="${code}" dir="${dir}">${escapeHtml(text)}</p>`)
    .join('\n      ');
  const robots = page.indexed ? '' : '\n    <meta name="robots" content="noindex, nofollow">';
  const after = page.afterNoScript === undefined ? '' : `\n      ${page.afterNoScript}`;
  return `<!doctype html>
<html lang="en" dir="ltr">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="referrer" content="no-referrer">${robots}
    <title>${page.title}</title>
    <link rel="stylesheet" href="${page.stylesheet}" integrity="${page.styleIntegrity}">
    <script type="module" src="${page.script}" integrity="${page.scriptIntegrity}"></script>
  </head>
  <body>
    <noscript>
      ${noScript}${after}
    </noscript>
  </body>
</html>
`;
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
