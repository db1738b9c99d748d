/**
 * `npm run bench:reporter`: the reporter page's budgets (DESIGN.md "Budgets"), measured in one run.
 *
 * 1. First-load size (gzip -9): index.html + entry script + stylesheet + every chunk the entry
 *    imports statically (followed recursively through the minified ESM), against the 60 KB budget;
 *    and the lazily loaded rest (OpenPGP.js lightweight, reached only through dynamic import()),
 *    against about 70 KB. Cross-checked in Chromium: the page is loaded with /api/recipients held
 *    open forever, so it never imports the crypto module, and the /assets/ files it fetched are
 *    summed too.
 * 2. Encryption throughput of 20 MiB in Chromium with client/crypto encryptForDirectory (exactly as
 *    the page does: binary, SEIPD v1, AES-256, uncompressed, 2 recipients), as a ratio to plain
 *    WebCrypto AES-CBC-256 over the same bytes on the same machine (AES-GCM for reference). Median
 *    of 5 runs after 1 warm-up each. Budget: ratio ≥ 0.5.
 *
 *   npx tsx scripts/bench/reporter.ts
 *
 * Reports only: exits 0 whether or not a budget is met (1 only if the bench itself fails). Results
 * also go to .data/bench/reporter.json. Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH)
 * driven by playwright-core; servers listen on loopback only.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../lib/chromium';
import { buildReporterSite } from '../../client/build';
import type { EncryptBenchOptions, EncryptBenchResult } from './reporter-page-encrypt';

const REPO_ROOT = resolve(__dirname, '..', '..');
const BENCH_DIR = join(REPO_ROOT, '.data', 'bench');
const SITE_DIR = join(BENCH_DIR, 'reporter-site');
const ENCRYPT_PAGE_DIR = join(BENCH_DIR, 'reporter-encrypt-page');
const RESULT_FILE = join(BENCH_DIR, 'reporter.json');

/** A throwaway fingerprint: the page never gets far enough to check a directory against it. */
const BENCH_FINGERPRINT = 'ab'.repeat(20);
const KB = 1000;
const MIB = 1024 * 1024;
const FIRST_LOAD_BUDGET_BYTES = 60 * KB;
const OPENPGP_EXPECTED_BYTES = 70 * KB;
const THROUGHPUT_RATIO_BUDGET = 0.5;
const ENCRYPT_OPTIONS: EncryptBenchOptions = { bytes: 20 * MIB, warmups: 1, runs: 5 };
/** After the page has asked for /api/recipients, wait this long for any straggling fetches. */
const SETTLE_MS = 750;

interface SizedFile {
  readonly path: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

interface SizeGroup {
  readonly files: readonly SizedFile[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

interface SiteSizes {
  readonly entryScript: string;
  readonly firstLoad: SizeGroup;
  readonly lazy: SizeGroup;
  readonly lazyCore: SizeGroup;
  readonly lazyOnDemand: SizeGroup;
  readonly browserFetched: SizeGroup;
  readonly browserMatchesStaticAnalysis: boolean;
  readonly browserRequestedRecipients: boolean;
}

interface Throughput {
  readonly medianMs: number;
  readonly mibPerSecond: number;
  readonly runsMs: readonly number[];
}

interface EncryptResults {
  readonly bytes: number;
  readonly keygenMs: number;
  readonly openpgp: Throughput;
  readonly aesCbc: Throughput;
  readonly aesGcm: Throughput;
  readonly sha1: Throughput;
  readonly ratioOpenpgpToAesCbc: number;
  readonly ratioOpenpgpToAesGcm: number;
  readonly outputBytes: { openpgp: number; aesCbc: number; aesGcm: number };
}

// ---------------------------------------------------------------------------------------------
// Sizes

function sizeOf(root: string, path: string): SizedFile {
  const content = readFileSync(join(root, path));
  return {
    path,
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: 9 }).length,
  };
}

function group(files: readonly SizedFile[]): SizeGroup {
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
  };
}

/** Chunks a minified ESM file imports statically: `from"./chunk-X.js"` and `import"./chunk-X.js"`. */
function staticChunkImports(source: string): string[] {
  // `import("./chunk-X.js")` has a parenthesis before the quote, so dynamic imports never match.
  const pattern = /(?:\bfrom|\bimport)\s*["']\.\/(chunk-[A-Za-z0-9_-]+\.js)["']/g;
  return [...source.matchAll(pattern)].map((match) => match[1]!);
}

/** Chunks a minified ESM file imports dynamically: `import("./chunk-X.js")`. */
function dynamicChunkImports(source: string): string[] {
  const pattern = /\bimport\(\s*["']\.\/(chunk-[A-Za-z0-9_-]+\.js)["']\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => match[1]!);
}

function staticClosure(assetsDir: string, ...entries: string[]): string[] {
  const seen = new Set<string>(entries);
  const queue = [...entries];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const chunk of staticChunkImports(readFileSync(join(assetsDir, name), 'utf8'))) {
      if (!seen.has(chunk)) {
        seen.add(chunk);
        queue.push(chunk);
      }
    }
  }
  return [...seen];
}

interface SiteFiles {
  readonly entryScript: string;
  readonly firstLoad: string[];
  /** Every other chunk: reached only through dynamic import(). */
  readonly lazy: string[];
  /** Part of lazy: what the page's own import('../crypto') loads (client/crypto + OpenPGP.js core). */
  readonly lazyCore: string[];
  /** Part of lazy: OpenPGP.js's further on-demand chunks (algorithms loaded only when a key needs them). */
  readonly lazyOnDemand: string[];
}

async function buildSite(): Promise<SiteFiles> {
  const built = await buildReporterSite({
    outDir: SITE_DIR,
    orgFingerprint: BENCH_FINGERPRINT,
    quickExitUrl: 'https://www.wikipedia.org/',
  });
  const assetsDir = join(SITE_DIR, 'assets');
  const entry = built.entryScript.replace(/^\/assets\//, '');
  const assets = readdirSync(assetsDir).sort();
  const stylesheets = assets.filter((name) => name.endsWith('.css'));
  const scripts = staticClosure(assetsDir, entry);
  const firstLoad = [
    'index.html',
    ...[...scripts, ...stylesheets].map((name) => `assets/${name}`).sort(),
  ];
  const lazyNames = assets.filter((name) => name.endsWith('.js') && !scripts.includes(name));
  const pageDynamicImports = scripts.flatMap((name) =>
    dynamicChunkImports(readFileSync(join(assetsDir, name), 'utf8')),
  );
  const coreNames = staticClosure(assetsDir, ...new Set(pageDynamicImports)).filter(
    (name) => !scripts.includes(name),
  );
  const asAssets = (names: readonly string[]): string[] =>
    [...names].sort().map((name) => `assets/${name}`);
  return {
    entryScript: built.entryScript,
    firstLoad,
    lazy: asAssets(lazyNames),
    lazyCore: asAssets(coreNames),
    lazyOnDemand: asAssets(lazyNames.filter((name) => !coreNames.includes(name))),
  };
}

// ---------------------------------------------------------------------------------------------
// Loopback static server

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface StaticServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

async function serveStatic(root: string): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const path = resolve(
      root,
      `.${pathname === '/' ? '/index.html' : decodeURIComponent(pathname)}`,
    );
    let body: Buffer | undefined;
    if (path.startsWith(root + sep)) {
      try {
        body = readFileSync(path);
      } catch {
        body = undefined;
      }
    }
    if (!body) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    response
      .writeHead(200, {
        'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      .end(body);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', done);
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Browser

/** Loads the site with /api/recipients never answered; returns the /assets/ files fetched. */
async function assetsFetchedBeforeCrypto(
  browser: Browser,
  baseUrl: string,
): Promise<{ assets: string[]; requestedRecipients: boolean }> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  try {
    const page = await context.newPage();
    const fetched = new Set<string>();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin === baseUrl && url.pathname.startsWith('/assets/')) {
        fetched.add(url.pathname.slice(1));
      }
    });
    let sawRecipients: () => void = () => undefined;
    const recipientsRequested = new Promise<void>((done) => (sawRecipients = done));
    // Never fulfilled: the page waits for the directory forever and never imports the crypto module.
    await page.route('**/api/recipients', () => sawRecipients());
    await page.goto(`${baseUrl}/?lang=en`, { waitUntil: 'load' });
    const requestedRecipients = await Promise.race([
      recipientsRequested.then(() => true),
      new Promise<boolean>((done) => setTimeout(() => done(false), 10_000)),
    ]);
    await page.waitForTimeout(SETTLE_MS);
    return { assets: [...fetched].sort(), requestedRecipients };
  } finally {
    await context.close();
  }
}

async function bundleEncryptPage(): Promise<void> {
  rmSync(ENCRYPT_PAGE_DIR, { recursive: true, force: true });
  mkdirSync(ENCRYPT_PAGE_DIR, { recursive: true });
  await build({
    entryPoints: { 'reporter-page-encrypt': join(__dirname, 'reporter-page-encrypt.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110'],
    minify: true,
    outdir: ENCRYPT_PAGE_DIR,
    alias: { openpgp: 'openpgp/lightweight' },
    logLevel: 'silent',
  });
  writeFileSync(
    join(ENCRYPT_PAGE_DIR, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Amanat reporter encryption bench (bench only)</title>
    <script type="module" src="/reporter-page-encrypt.js"></script>
  </head>
  <body>bench only</body>
</html>
`,
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function throughput(bytes: number, runsMs: readonly number[]): Throughput {
  const medianMs = median(runsMs);
  return { medianMs, mibPerSecond: bytes / MIB / (medianMs / 1000), runsMs };
}

async function measureEncryption(browser: Browser, baseUrl: string): Promise<EncryptResults> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
    await page
      .waitForFunction(() => 'amanatReporterBench' in window, undefined, { timeout: 15_000 })
      .catch((error: unknown) => {
        throw new Error(`bench page did not start: ${pageErrors.join('; ') || String(error)}`);
      });
    const raw = await page.evaluate(
      async (options) =>
        await (
          window as unknown as {
            amanatReporterBench: (o: EncryptBenchOptions) => Promise<EncryptBenchResult>;
          }
        ).amanatReporterBench(options),
      ENCRYPT_OPTIONS,
    );
    const openpgp = throughput(raw.bytes, raw.openpgpMs);
    const aesCbc = throughput(raw.bytes, raw.aesCbcMs);
    const aesGcm = throughput(raw.bytes, raw.aesGcmMs);
    const sha1 = throughput(raw.bytes, raw.sha1Ms);
    return {
      bytes: raw.bytes,
      keygenMs: raw.keygenMs,
      openpgp,
      aesCbc,
      aesGcm,
      sha1,
      ratioOpenpgpToAesCbc: openpgp.mibPerSecond / aesCbc.mibPerSecond,
      ratioOpenpgpToAesGcm: openpgp.mibPerSecond / aesGcm.mibPerSecond,
      outputBytes: {
        openpgp: raw.openpgpOutputBytes,
        aesCbc: raw.aesCbcOutputBytes,
        aesGcm: raw.aesGcmOutputBytes,
      },
    };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Output

function write(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, index) => (index === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[index]!)))
    .join('  ');
}

function printSizes(sizes: SiteSizes): void {
  const widths = [44, 11, 11];
  write('Reporter page size (gzip -9, 1 KB = 1000 B)');
  write(row(['file', 'raw', 'gzip'], widths));
  const printGroup = (title: string, sized: SizeGroup): void => {
    write(`  ${title}`);
    for (const file of sized.files) {
      write(row([`    ${file.path}`, `${file.bytes} B`, `${file.gzipBytes} B`], widths));
    }
    write(row(['    total', kb(sized.bytes), kb(sized.gzipBytes)], widths));
  };
  printGroup('first load (html + entry + css + static chunks)', sizes.firstLoad);
  printGroup("lazy: the page's import() of client/crypto (+ OpenPGP.js core)", sizes.lazyCore);
  printGroup("lazy: OpenPGP.js's own on-demand algorithm chunks", sizes.lazyOnDemand);
  write();
  const budgetRow = (name: string, gzip: number, budget: number, relation: string): string =>
    row([name, kb(gzip), `${relation} ${kb(budget)}`, (gzip / budget).toFixed(2)], [44, 11, 12, 8]);
  write(row(['', 'gzip', 'budget', 'ratio'], [44, 11, 12, 8]));
  write(
    budgetRow(
      'first load (static import analysis)',
      sizes.firstLoad.gzipBytes,
      FIRST_LOAD_BUDGET_BYTES,
      '≤',
    ),
  );
  write(
    budgetRow(
      'first load (fetched by Chromium) + html',
      sizes.browserFetched.gzipBytes,
      FIRST_LOAD_BUDGET_BYTES,
      '≤',
    ),
  );
  write(
    budgetRow(
      'lazy OpenPGP.js part, all remaining chunks',
      sizes.lazy.gzipBytes,
      OPENPGP_EXPECTED_BYTES,
      '≈',
    ),
  );
  write(
    budgetRow(
      '  of which client/crypto + OpenPGP.js core',
      sizes.lazyCore.gzipBytes,
      OPENPGP_EXPECTED_BYTES,
      '≈',
    ),
  );
  write(
    `Chromium fetched before /api/recipients answered: ${sizes.browserFetched.files
      .filter((file) => file.path !== 'index.html')
      .map((file) => file.path.replace(/^assets\//, ''))
      .join(', ')}`,
  );
  write(
    `  same set as the static import analysis: ${sizes.browserMatchesStaticAnalysis ? 'yes' : 'NO'}` +
      `; page asked for /api/recipients: ${sizes.browserRequestedRecipients ? 'yes' : 'NO'}`,
  );
  write(
    `first load ${sizes.firstLoad.gzipBytes <= FIRST_LOAD_BUDGET_BYTES ? 'within' : 'OVER'} the 60 KB budget`,
  );
}

function printEncryption(results: EncryptResults): void {
  const widths = [40, 11, 11, 8];
  write(
    `Encryption of ${results.bytes / MIB} MiB in Chromium (median of ${ENCRYPT_OPTIONS.runs} runs after ${ENCRYPT_OPTIONS.warmups} warm-up)`,
  );
  write(row(['', 'median', 'MiB/s', 'vs CBC'], widths));
  const line = (name: string, t: Throughput): void =>
    write(
      row(
        [
          name,
          `${t.medianMs.toFixed(0)} ms`,
          t.mibPerSecond.toFixed(1),
          (t.mibPerSecond / results.aesCbc.mibPerSecond).toFixed(2),
        ],
        widths,
      ),
    );
  line('OpenPGP.js encryptForDirectory (2 rcpt)', results.openpgp);
  line('WebCrypto AES-CBC-256 (baseline)', results.aesCbc);
  line('WebCrypto AES-GCM-256 (reference)', results.aesGcm);
  line('WebCrypto SHA-1 (the MDC, reference)', results.sha1);
  write(
    `  runs ms: openpgp [${results.openpgp.runsMs.map((ms) => ms.toFixed(0)).join(', ')}]` +
      `  aes-cbc [${results.aesCbc.runsMs.map((ms) => ms.toFixed(0)).join(', ')}]` +
      `  aes-gcm [${results.aesGcm.runsMs.map((ms) => ms.toFixed(0)).join(', ')}]` +
      `  sha-1 [${results.sha1.runsMs.map((ms) => ms.toFixed(0)).join(', ')}]`,
  );
  const cbcPlusSha1 = results.aesCbc.medianMs / (results.aesCbc.medianMs + results.sha1.medianMs);
  write(
    `  for scale: AES-CBC then SHA-1 back to back (what SEIPD v1 minimally does) would score ${cbcPlusSha1.toFixed(2)} vs CBC`,
  );
  write(
    `  output bytes: openpgp ${results.outputBytes.openpgp}, aes-cbc ${results.outputBytes.aesCbc}, aes-gcm ${results.outputBytes.aesGcm}; 2 bench keys generated in ${results.keygenMs.toFixed(0)} ms`,
  );
  write(
    `ratio openpgp/webcrypto-aes-cbc = ${results.ratioOpenpgpToAesCbc.toFixed(2)} (budget ≥ ${THROUGHPUT_RATIO_BUDGET})`,
  );
  write(`ratio openpgp/webcrypto-aes-gcm = ${results.ratioOpenpgpToAesGcm.toFixed(2)} (reference)`);
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  mkdirSync(BENCH_DIR, { recursive: true });
  const site = await buildSite();
  await bundleEncryptPage();

  const cleanups: (() => Promise<void>)[] = [];
  try {
    const siteServer = await serveStatic(SITE_DIR);
    cleanups.push(() => siteServer.close());
    const encryptServer = await serveStatic(ENCRYPT_PAGE_DIR);
    cleanups.push(() => encryptServer.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const chromiumVersion = browser.version();

    const fetched = await assetsFetchedBeforeCrypto(browser, siteServer.baseUrl);
    const firstLoad = group(site.firstLoad.map((path) => sizeOf(SITE_DIR, path)));
    const lazy = group(site.lazy.map((path) => sizeOf(SITE_DIR, path)));
    const lazyCore = group(site.lazyCore.map((path) => sizeOf(SITE_DIR, path)));
    const lazyOnDemand = group(site.lazyOnDemand.map((path) => sizeOf(SITE_DIR, path)));
    const browserFetched = group(
      ['index.html', ...fetched.assets].map((path) => sizeOf(SITE_DIR, path)),
    );
    const sizes: SiteSizes = {
      entryScript: site.entryScript,
      firstLoad,
      lazy,
      lazyCore,
      lazyOnDemand,
      browserFetched,
      browserMatchesStaticAnalysis:
        JSON.stringify(['index.html', ...fetched.assets].sort()) ===
        JSON.stringify([...site.firstLoad].sort()),
      browserRequestedRecipients: fetched.requestedRecipients,
    };

    const encryption = await measureEncryption(browser, encryptServer.baseUrl);

    const cpuList = cpus();
    const machine = {
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model ?? 'unknown',
      memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      loadavg1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      platform: `${platform()} ${arch()}`,
      node: process.version,
      chromium: chromiumVersion,
    };

    write();
    write('=== Amanat reporter page benchmark ===');
    write(
      `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}, load ${machine.loadavg1m}; node ${machine.node}; chromium ${machine.chromium}`,
    );
    write();
    printSizes(sizes);
    write();
    printEncryption(encryption);
    const elapsedS = (performance.now() - started) / 1000;
    write();
    write(`bench took ${elapsedS.toFixed(1)} s; results in ${relative(REPO_ROOT, RESULT_FILE)}`);

    writeFileSync(
      RESULT_FILE,
      `${JSON.stringify(
        {
          when: new Date().toISOString(),
          machine,
          budgets: {
            firstLoadGzipBytesMax: FIRST_LOAD_BUDGET_BYTES,
            openpgpGzipBytesAbout: OPENPGP_EXPECTED_BYTES,
            throughputRatioMin: THROUGHPUT_RATIO_BUDGET,
          },
          sizes: {
            ...sizes,
            firstLoadRatioToBudget: firstLoad.gzipBytes / FIRST_LOAD_BUDGET_BYTES,
            lazyRatioToExpected: lazy.gzipBytes / OPENPGP_EXPECTED_BYTES,
            lazyCoreRatioToExpected: lazyCore.gzipBytes / OPENPGP_EXPECTED_BYTES,
          },
          encryption: { ...encryption, options: ENCRYPT_OPTIONS },
          elapsedSeconds: elapsedS,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:reporter failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
