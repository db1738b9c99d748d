/**
 * Access for signed-in staff: a full session, an active account and one of the allowed roles.
 * Routes then read the account with `signedInAccountOf(res)`.
 */
import type { RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthorizedError } from '../../platform/errors';
import type { Account, StaffRole } from '../accounts';
import { sessionOf } from '../sessions';
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
