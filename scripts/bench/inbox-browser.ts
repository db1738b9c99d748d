/**
 * The browser half of `npm run bench:inbox`: bundles inbox-page-decrypt.ts with esbuild (as the
 * dashboard is bundled: ESM, code splitting, OpenPGP.js lightweight build), serves it on loopback
 * and runs it in Debian's Chromium (scripts/lib/chromium.ts).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import { launchChromium } from '../lib/chromium';
import type { DecryptBenchInput, DecryptBenchResult } from './inbox-page-decrypt';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

export async function bundleDecryptPage(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { 'inbox-page-decrypt': join(__dirname, 'inbox-page-decrypt.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110'],
    minify: true,
    outdir: outDir,
    alias: { openpgp: 'openpgp/lightweight' },
    logLevel: 'silent',
  });
  writeFileSync(
    join(outDir, 'index.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Amanat inbox decryption bench (bench only)</title>
    <script type="module" src="/inbox-page-decrypt.js"></script>
  </head>
  <body>bench only</body>
</html>
`,
  );
}

async function serveStatic(root: string): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const path = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
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
    // localhost, not 127.0.0.1: a secure context, so WebCrypto is available.
    baseUrl: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface BrowserRun {
  readonly chromium: string;
  readonly result: DecryptBenchResult;
}

/** Loads the bundled page in a fresh Chromium and runs the decryption bench once. */
export async function runDecryptPage(
  pageDir: string,
  input: DecryptBenchInput,
): Promise<BrowserRun> {
  const site = await serveStatic(resolve(pageDir));
  try {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext()).newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${site.baseUrl}/`, { waitUntil: 'load' });
      await page
        .waitForFunction(() => 'amanatInboxBench' in window, undefined, { timeout: 15_000 })
        .catch((error: unknown) => {
          throw new Error(`bench page did not start: ${pageErrors.join('; ') || String(error)}`);
        });
      const result = await page.evaluate(
        async (arg) =>
          await (
            window as unknown as {
              amanatInboxBench: (i: DecryptBenchInput) => Promise<DecryptBenchResult>;
            }
          ).amanatInboxBench(arg),
        input,
      );
      return { chromium: browser.version(), result };
    } finally {
      await browser.close();
    }
  } finally {
    await site.close();
  }
}
