/**
 * Access for signed-in staff: a full session, an active account and one of the allowed roles.
 * Routes then read the account with `signedInAccountOf(res)`.
 */
import type { RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors';
import type { Account, StaffRole } from '../accounts';
import {
  checkCsrf,
  requireFactorProof,
  requireRecentReauth,
  sessionOf,
  type SessionsService,
} from '../sessions';
import { staffJsonBody } from './sign-in.routes';
import type { SignInService } from './sign-in.service';

const ACCOUNT_LOCAL = 'amanatStaffAccount';

export function requireSignedIn(
  signIn: SignInService,
  roles: readonly StaffRole[],
): RequestHandler {
  return async (_req, res, next) => {
    const session = sessionOf(res);
    if (session.stage !== 'full')
      throw new ForbiddenError('wrong_stage', 'Finish signing in first.');
    const account = await signIn.accountOf(session);
    if (!roles.includes(account.role)) {
      throw new ForbiddenError('role_forbidden', 'Your role does not allow this.');
    }
    res.locals[ACCOUNT_LOCAL] = account;
    next();
  };
}

export function signedInAccountOf(res: Response): Account {
  const account = res.locals[ACCOUNT_LOCAL] as Account | undefined;
  if (!account) throw new UnauthorizedError('session_expired', 'Sign in again.');
  return account;
}

/** What every staff router needs to tell who is calling and whether the call may change things. */
export interface StaffDeps {
  readonly signIn: SignInService;
  readonly sessions: SessionsService;
  readonly publicOrigin: string;
}

export interface StaffGuards {
  /** Reads: a full session of an active account in one of the roles. */
  readonly signedIn: RequestHandler;
  /** Reads that hand out much at once (a whole case): the account and a fresh re-authentication. */
  readonly reauthenticated: RequestHandler[];
  /** Changes: the CSRF check first, then the account, then a bounded JSON body. */
  readonly write: (body?: { maxBytes?: number }) => RequestHandler[];
  /**
   * Lasting or far-reaching changes: as `write`, with a fresh re-authentication before the body;
   * `byFactor`: one made with an app or security key, not a recovery code (requireFactorProof).
   */
  readonly sensitive: (options?: { maxBytes?: number; byFactor?: boolean }) => RequestHandler[];
}

/** The guard stacks of one staff router, all for the same roles and in the same order. */
export function staffGuards(deps: StaffDeps, roles: readonly StaffRole[]): StaffGuards {
  const signedIn = requireSignedIn(deps.signIn, roles);
  return {
    signedIn,
    reauthenticated: [signedIn, requireRecentReauth(deps.sessions)],
    write: (body) => [checkCsrf(deps.publicOrigin), signedIn, ...staffJsonBody(body)],
    sensitive: (options) => [
      checkCsrf(deps.publicOrigin),
      signedIn,
      requireRecentReauth(deps.sessions),
      ...(options?.byFactor ? [requireFactorProof()] : []),
      ...staffJsonBody(options),
    ],
  };
}
