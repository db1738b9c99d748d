/**
 * Browser benches: a page entry bundled as the front ends are (esbuild, ESM, code splitting,
 * OpenPGP.js lightweight), served from loopback and run in Debian's Chromium (scripts/lib).
 * A page entry assigns its bench function to `window[name]`; runPageEntry calls it with a
 * structured-clonable input and returns what it resolves to.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, resolve, sep } from 'node:path';
import { build } from 'esbuild';
import type { Kit } from './run';

/** Bundles `entry` (a .ts file) into `outDir` with an index.html that loads it. */
async function bundlePage(entry: string, outDir: string): Promise<void> {
  const name = basename(entry, '.ts');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { [name]: entry },
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
    resolve(outDir, 'index.html'),
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${name}</title>` +
      `<script type="module" src="/${name}.js"></script></head><body>bench only</body></html>\n`,
  );
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticSite {
  /** On localhost, not 127.0.0.1: a secure context, so WebCrypto is available. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves the files under `root` on a free loopback port, uncached. */
export async function serveStatic(root: string): Promise<StaticSite> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const path = resolve(
      root,
      `.${pathname === '/' ? '/index.html' : decodeURIComponent(pathname)}`,
    );
    let body: Buffer | undefined;
    try {
      body = path.startsWith(resolve(root) + sep) ? readFileSync(path) : undefined;
    } catch {
      body = undefined;
    }
    if (!body)
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
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
  return {
    baseUrl: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/**
 * Bundles the page entry `entry` (a .ts file) into the bench's folder, serves it, opens it in the
 * kit's Chromium (a fresh context) and runs the page's `window[name](input)` (of type F).
 */
export async function runPageEntry<F extends (input: never) => Promise<unknown>>(
  kit: Kit,
  entry: string,
  name: string,
  input: Parameters<F>[0],
): Promise<Awaited<ReturnType<F>>> {
  const dir = kit.dir(basename(entry, '.ts'));
  await bundlePage(entry, dir);
  const site = await serveStatic(dir);
  const context = await (await kit.chromium()).newContext();
  try {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${site.baseUrl}/`, { waitUntil: 'load' });
    await page
      .waitForFunction((fn) => fn in window, name, { timeout: 15_000 })
      .catch((error) => {
        throw new Error(`bench page did not start: ${pageErrors.join('; ') || String(error)}`);
      });
    const call = ([fn, arg]: readonly [string, unknown]) =>
      (window as unknown as Record<string, (arg: unknown) => Promise<unknown>>)[fn]!(arg);
    return (await page.evaluate(call, [name, input] as const)) as Awaited<ReturnType<F>>;
  } finally {
    await context.close();
    await site.close();
  }
}
