/**
 * Middleware for staff routes: find the session, check CSRF, stage, role and recent
 * re-authentication. Routes read the session with `sessionOf(res)`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors';
import { readCookie, SESSION_COOKIE } from './session-cookie';
import type { SessionStage } from './session.model';
import type { ActiveSession, SessionsService } from './sessions.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SESSION_LOCAL = 'amanatStaffSession';

/** Loads the session if the cookie names a live one; never refuses by itself. */
export function loadSession(sessions: SessionsService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await sessions.resolve(readCookie(req, SESSION_COOKIE));
    res.locals[SESSION_LOCAL] = session;
    next();
  };
}

export function sessionOf(res: Response): ActiveSession {
  const session = optionalSessionOf(res);
  if (!session) throw new UnauthorizedError('session_expired', 'Sign in again.');
  return session;
}

export function optionalSessionOf(res: Response): ActiveSession | null {
  return (res.locals[SESSION_LOCAL] as ActiveSession | null | undefined) ?? null;
}

/**
 * Refuses state-changing requests from another site: a foreign Origin, a Sec-Fetch-Site other
 * than same-origin/none, and, where a session exists, a missing or wrong X-CSRF-Token.
 * `sessionless`: login and invite acceptance, which happen before a session exists.
 */
export function checkCsrf(
  publicOrigin: string,
  options: { sessionless?: boolean } = {},
): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const origin = req.headers.origin;
    const fetchSite = req.headers['sec-fetch-site'];
    if (origin !== undefined && origin !== publicOrigin) throw csrfFailed();
    if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
      throw csrfFailed();
    }
    if (options.sessionless) {
      next();
      return;
    }
    const session = optionalSessionOf(res);
    if (!session) throw new UnauthorizedError('session_expired', 'Sign in again.');
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !equalStrings(sent, session.csrfToken)) throw csrfFailed();
    next();
  };
}

export function requireStage(...stages: SessionStage[]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const session = sessionOf(res);
    if (!stages.includes(session.stage)) {
      throw new ForbiddenError('wrong_stage', 'Finish signing in first.');
    }
    next();
  };
}

/** Sensitive actions (exports, key changes, sharing, admin actions) need a fresh password + factor. */
export function requireRecentReauth(sessions: SessionsService): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!sessions.isRecentlyReauthenticated(sessionOf(res))) throw reauthRequired();
    next();
  };
}

/**
 * The caseworker's protected secret key: a stolen session must not carry it off to guess the
 * passphrase offline, so the first release in a session needs a fresh password + factor. Once
 * released (keyReleasedAt), the same session gets it again without one until it ends: after a
 * reload the page needs the key again, and it already had it. Sign-in itself counts as a fresh
 * re-authentication, as for every sensitive action.
 */
export function requireKeyRelease(sessions: SessionsService): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const session = sessionOf(res);
    if (session.keyReleasedAt === null && !sessions.isRecentlyReauthenticated(session)) {
      throw reauthRequired();
    }
    next();
  };
}

function reauthRequired(): ForbiddenError {
  return new ForbiddenError(
    'reauth_required',
    'Confirm your password and second factor to do this.',
  );
}

function csrfFailed(): ForbiddenError {
  return new ForbiddenError('csrf_failed', 'This request did not come from the Amanat dashboard.');
}

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
