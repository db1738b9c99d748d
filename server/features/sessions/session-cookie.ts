/**
 * The session cookie: `__Host-` (browser enforces Secure, Path=/, no Domain: the cookie cannot be
 * set or read by a sibling subdomain), HttpOnly (no script can read it), SameSite=Strict (no
 * cross-site request carries it). No Max-Age: the browser forgets it when it closes; the server
 * enforces the idle and absolute limits.
 */
import { parse } from 'cookie';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = '__Host-amanat_session';
export const DEVICE_COOKIE = '__Host-amanat_device';

const COOKIE_BASE = { httpOnly: true, secure: true, sameSite: 'strict', path: '/' } as const;

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  return parse(header)[name];
}

export function setSessionCookie(res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, COOKIE_BASE);
}

/** A device that completed a sign-in (login-throttle.ts); kept 180 days. */
export function setDeviceCookie(res: Response, token: string): void {
  res.cookie(DEVICE_COOKIE, token, { ...COOKIE_BASE, maxAge: 180 * 86_400_000 });
}

/**
 * Ends the session in the browser too: the cookie is expired, and Clear-Site-Data asks the
 * browser to drop cached pages and any storage. ("cookies" is not asked for: it would also drop
 * the device cookie that keeps an attacker's failed logins from locking this person out.)
 */
export function clearSessionInBrowser(res: Response): void {
  res.clearCookie(SESSION_COOKIE, COOKIE_BASE);
  res.setHeader('Clear-Site-Data', '"cache", "storage"');
}
