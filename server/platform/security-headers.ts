import helmet from 'helmet';
import type { Request, RequestHandler } from 'express';
import { arrivedOverOnion } from './onion-listener';

export interface SecurityHeadersOptions {
  /** The deployment's onion origin (config `ONION_ORIGIN`), or null when it has none. */
  readonly onionOrigin?: string | null;
}

const HSTS = 'max-age=63072000; includeSubDomains';

/**
 * A strict CSP written out in full: helmet's defaults allow inline styles and any https: image.
 * Nothing loads from another origin; no inline script or style;
 * Trusted Types make DOM-XSS sinks throw in our own pages.
 */
export function securityHeaders(options: SecurityHeadersOptions = {}): RequestHandler[] {
  const onionOrigin = options.onionOrigin ?? null;
  const onionHost = onionOrigin === null ? null : new URL(onionOrigin).host;
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          requireTrustedTypesFor: ["'script'"],
        },
      },
      crossOriginEmbedderPolicy: { policy: 'require-corp' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'no-referrer' },
      // Set below: not on the onion host.
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
    }),
    (req, res, next) => {
      // Security: HSTS on the onion host would make Tor Browser upgrade its http:// onion
      // address to https://, which the onion service does not serve. Nothing on the onion
      // listener gets it; elsewhere the Host header is trusted only when it names the configured
      // onion host exactly (a forged one only changes the forger's own response).
      const isOnionHost =
        arrivedOverOnion(req) ||
        (onionHost !== null && req.headers.host?.toLowerCase() === onionHost);
      if (!isOnionHost) res.setHeader('Strict-Transport-Security', HSTS);
      if (onionOrigin !== null && !isOnionHost && isReporterPage(req)) {
        // Tor Browser offers the onion address to reporters who reach the clearnet host.
        res.setHeader('Onion-Location', `${onionOrigin}/${queryOf(req)}`);
      }
      res.setHeader(
        'Permissions-Policy',
        'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
      );
      // Reports, keys and errors must never sit in a shared or browser cache.
      res.setHeader('Cache-Control', 'no-store');
      next();
    },
  ];
}

/** The reporter page itself (`/`), not its assets or the API. */
function isReporterPage(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && req.path === '/';
}

/** The request's query (the language lives in the URL), percent-encoded: a safe header value. */
function queryOf(req: Request): string {
  return new URL(req.originalUrl, 'http://localhost').search;
}
