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
const KEY_RELEASE_LOCAL = 'amanatKeyReleaseTokenHash';
/** The request header that carries a tab's key release token (lower case, as Node reads it). */
export const KEY_RELEASE_HEADER = 'x-key-release';

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
 * Powers over other people's accounts and keys (inviting staff, resetting someone's factors,
 * vetting a key, the webhook allow-list) need the re-authentication to have been made with an
 * authenticator app or security key. A recovery code, or a factor added under one and still in
 * its cooling-off (which counts as one), is a way back in to enrol a factor, not these: with a
 * stolen password and one paper code an intruder could otherwise reset the owner's factors or
 * invite a sleeper admin. A session re-authenticated before the kind was recorded has none.
 */
export function requireFactorProof(): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const proof = sessionOf(res).reauthProof;
    if (proof === null || proof === 'recovery') {
      throw new ForbiddenError(
        'reauth_factor_required',
        'Confirm with your authenticator app or security key, not a recovery code, to do this.',
      );
    }
    next();
  };
}

/**
 * The caseworker's protected secret key: a stolen session cookie must not carry it off to guess
 * the passphrase offline. So the key is released only with a key release token besides the
 * cookie (X-Key-Release): a random token the sign-in or re-authentication answer gave the one
 * tab that proved password and factor, which keeps it in its sessionStorage. A reload of that
 * tab still has it and asks nothing; another tab, or a browser that holds only a copy of the
 * cookie, has none and is asked to re-authenticate (403 reauth_required), which issues one for
 * it. Being signed in a minute ago is not enough: the cookie is all a thief would have then.
 */
export function requireKeyRelease(sessions: SessionsService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const session = sessionOf(res);
    const sent = req.headers[KEY_RELEASE_HEADER];
    const hash = sessions.keyReleaseTokenHashOf(
      session,
      typeof sent === 'string' ? sent : undefined,
    );
    if (hash === null) throw reauthRequired();
    res.locals[KEY_RELEASE_LOCAL] = hash;
    next();
  };
}

/** The stored hash of the key release token requireKeyRelease accepted for this request. */
export function acceptedKeyReleaseOf(res: Response): string {
  const hash = res.locals[KEY_RELEASE_LOCAL] as string | undefined;
  if (!hash) throw reauthRequired();
  return hash;
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
