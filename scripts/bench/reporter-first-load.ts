/**
 * The reporter page's first load as a reporter on a slow phone gets it: Chromium at 360 px, touch,
 * nothing cached, the network emulated through CDP (400 kbit/s down and up, 300 ms round trips),
 * against the real server (its own precompressed files) and, for comparison, the same server
 * behind a compressing proxy (compression per request, as a CDN or Caddy `encode` would do).
 * Per run: bytes on the wire until sending is enabled, time to the first text, to a typeable
 * form, and to sending enabled (the directory verified), from the start of navigation.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import type { Browser } from 'playwright-core';

/** The emulated link: 400 kbit/s each way, 300 ms round trip. */
export const SLOW_PHONE_LINK = {
  offline: false,
  latency: 300,
  downloadThroughput: 400_000 / 8,
  uploadThroughput: 400_000 / 8,
} as const;

/** The longest one load may take on the emulated link before the bench gives up on it. */
const LOAD_TIMEOUT_MS = 120_000;

/** Marks in the page when the report form is typeable and when sending is enabled. */
const PAGE_MARKS = `
  const marks = (window.__bench = {});
  new MutationObserver(() => {
    const text = document.getElementById('whatHappened');
    if (text && !text.disabled && marks.typeable === undefined) marks.typeable = performance.now();
    const send = document.getElementById('send-report');
    const ready = document.querySelector('#directory-status[data-state="ready"]');
    if (send && ready && !send.disabled && marks.sendEnabled === undefined) {
      marks.sendEnabled = performance.now();
      window.__benchSendEnabled();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
`;

export interface FirstLoad {
  /** Encoded bytes (headers and bodies) of every response finished before sending was enabled. */
  readonly bytes: number;
  readonly firstTextMs: number;
  readonly typeableMs: number;
  readonly sendEnabledMs: number;
}

/** Loads `url` once in a fresh context on the emulated phone and link; see FirstLoad. */
export async function measureFirstLoad(browser: Browser, url: string): Promise<FirstLoad> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE_LINK);
    let bytes = 0;
    let bytesAtSendEnabled: number | null = null;
    cdp.on('Network.loadingFinished', (event) => {
      if (bytesAtSendEnabled === null) bytes += event.encodedDataLength;
    });
    let sendEnabled: () => void = () => undefined;
    const enabled = new Promise<void>((resolve) => (sendEnabled = resolve));
    await page.exposeFunction('__benchSendEnabled', () => {
      bytesAtSendEnabled = bytes;
      sendEnabled();
    });
    // On the page's clock: when the form is there and when its button is enabled. Plain
    // JavaScript: a function here would be compiled with helpers the page does not have.
    await page.addInitScript({ content: PAGE_MARKS });
    await page.goto(url, { waitUntil: 'commit' });
    // A page that refuses its directory never enables sending: say why instead of waiting.
    const refused = page
      .locator('#directory-status[data-state="refused"]')
      .waitFor({ timeout: LOAD_TIMEOUT_MS })
      .then(async () => {
        const reason = await page.getAttribute('#directory-status', 'data-reason');
        throw new Error(`the page refused the directory (${reason}) at ${url}`);
      });
    await Promise.race([enabled, refused]);
    const marks: Record<string, number> = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const own = (window as unknown as { __bench: Record<string, number> }).__bench;
      return { firstText: paint?.startTime ?? NaN, ...own };
    });
    const firstTextMs = marks['firstText'] ?? NaN;
    return {
      bytes: bytesAtSendEnabled ?? bytes,
      firstTextMs,
      // The form can take typing once it is both in the page and painted.
      typeableMs: Math.max(marks['typeable'] ?? NaN, firstTextMs),
      sendEnabledMs: marks['sendEnabled'] ?? NaN,
    };
  } finally {
    await context.close();
  }
}

/**
 * A compressing reverse proxy in front of `upstream`: asks it for identity and compresses every
 * text answer per request (Brotli when accepted, else gzip, at the levels proxies use for speed).
 */
export async function startCompressingProxy(
  upstream: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const headers = { ...req.headers, host: target.host, 'accept-encoding': 'identity' };
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers,
      },
      (answer) => {
        // The page may be gone already (a load ends once sending is enabled).
        if (res.destroyed) {
          answer.resume();
          return;
        }
        const type = String(answer.headers['content-type'] ?? '');
        const accepts = String(req.headers['accept-encoding'] ?? '');
        const compressible = /^(text\/|application\/json|image\/svg)/.test(type);
        const encoding = !compressible ? null : /\bbr\b/.test(accepts) ? 'br' : 'gzip';
        const outHeaders = { ...answer.headers };
        if (encoding) {
          delete outHeaders['content-length'];
          outHeaders['content-encoding'] = encoding;
          outHeaders['vary'] = 'Accept-Encoding';
        }
        res.writeHead(answer.statusCode ?? 502, outHeaders);
        if (!encoding) {
          answer.pipe(res);
          return;
        }
        const compress =
          encoding === 'br'
            ? createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } })
            : createGzip({ level: 6 });
        pipeline(answer, compress, res, () => undefined);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
