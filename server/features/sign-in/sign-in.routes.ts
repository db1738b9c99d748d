/**
 * /api/auth/* (docs/http-api.md). A route parses input, calls one SignInService function and
 * shapes the reply; cookies are set here, never in the service.
 */
import {
  factorEnrolledSchema,
  factorIdSchema,
  invitationAnswerSchema,
  inviteLookUpRequestSchema,
  newRecoveryCodesSchema,
  ownFactorsSchema,
  reauthenticatedSchema,
  sessionViewSchema,
  totpSetupSchema,
} from '../../../contract/api/sign-in';
import type { AnswerOf } from '../../../contract/api/common';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { safeParse } from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';
import { boundedJsonParser } from '../../platform/body-limits';
import { InvalidInputError, NotFoundError, UnsupportedMediaTypeError } from '../../platform/errors';
import { arrivedOverOnion } from '../../platform/onion-listener';
import { hashClientAddress } from '../../platform/rate-limits';
import {
  checkCsrf,
  clearSessionInBrowser,
  DEVICE_COOKIE,
  KEY_RELEASE_HEADER,
  optionalSessionOf,
  readCookie,
  requireStage,
  sessionOf,
  setDeviceCookie,
  setSessionCookie,
  type StartedSession,
} from '../sessions';
import {
  acceptInviteSchema,
  changePasswordSchema,
  codeSchema,
  emptySchema,
  loginSchema,
  reauthSchema,
  securityKeySchema,
  webauthnProofSchema,
} from './sign-in.schema';
import type { ClientContext, SignInService } from './sign-in.service';

const MAX_BODY_BYTES = 16 * 1024;

export interface SignInRoutesOptions {
  readonly publicOrigin: string;
  readonly addressHashKey: Buffer;
}

/** The body as the contract's schema reads it; any mismatch is one generic 400. */
export function parseBody<T extends $ZodType>(schema: T, req: Request): output<T> {
  const parsed = safeParse(schema, req.body ?? {});
  if (!parsed.success) {
    throw new InvalidInputError(
      'invalid_request',
      'The request does not have the expected fields.',
    );
  }
  return parsed.data;
}

/** JSON bodies of staff routes: small, and only application/json (a form post cannot forge one). */
export function staffJsonBody(options: { maxBytes?: number } = {}): RequestHandler[] {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  return [
    (req, _res, next) => {
      const hasBody =
        req.headers['transfer-encoding'] !== undefined ||
        Number(req.headers['content-length'] ?? 0) > 0;
      if (hasBody && !req.is('application/json')) {
        throw new UnsupportedMediaTypeError('application/json');
      }
      next();
    },
    ...boundedJsonParser(maxBytes),
  ];
}

export function signInRoutes(signIn: SignInService, options: SignInRoutesOptions): Router {
  const router = Router();
  const clientOf = (req: Request): ClientContext => ({
    // Onion requests' X-Forwarded-For is whatever the client wrote: never read it there.
    path: arrivedOverOnion(req)
      ? { listener: 'onion' }
      : { listener: 'clearnet', addressHash: hashClientAddress(options.addressHashKey, req.ip) },
    deviceToken: readCookie(req, DEVICE_COOKIE),
  });
  const csrf = checkCsrf(options.publicOrigin);
  const csrfBeforeSession = checkCsrf(options.publicOrigin, { sessionless: true });
  const body = staffJsonBody();
  /**
   * The session view of a session just started or stepped up; with the key release token when
   * the step proved password and factor (only here, never in GET /api/auth/session).
   */
  const viewOfStarted = async (started: StartedSession) => ({
    ...(await signIn.viewOf(started.session)),
    ...(started.keyReleaseToken === null ? {} : { keyReleaseToken: started.keyReleaseToken }),
  });
  const answerWith = async (res: Response, started: StartedSession, status = 200) => {
    setSessionCookie(res, started.token);
    res
      .status(status)
      .json((await viewOfStarted(started)) satisfies AnswerOf<typeof sessionViewSchema>);
  };

  router.get('/api/auth/session', async (_req, res) => {
    res.json(
      (await signIn.viewOf(optionalSessionOf(res))) satisfies AnswerOf<typeof sessionViewSchema>,
    );
  });

  router.post('/api/auth/login', csrfBeforeSession, ...body, async (req, res) => {
    const { username, password } = parseBody(loginSchema, req);
    const started = await signIn.login(username, password, clientOf(req), optionalSessionOf(res));
    await answerWith(res, started);
  });

  router.post('/api/auth/invites/look-up', csrfBeforeSession, ...body, async (req, res) => {
    const { token } = parseBody(inviteLookUpRequestSchema, req);
    res.json((await signIn.invitation(token)) satisfies AnswerOf<typeof invitationAnswerSchema>);
  });

  router.post('/api/auth/invites/accept', csrfBeforeSession, ...body, async (req, res) => {
    const { token, password } = parseBody(acceptInviteSchema, req);
    await answerWith(
      res,
      await signIn.acceptInvitation(token, password, optionalSessionOf(res)),
      201,
    );
  });

  const secondFactor = [csrf, requireStage('second-factor'), ...body];
  const completeWith = async (
    req: Request,
    res: Response,
    proof: Parameters<SignInService['completeSecondFactor']>[1],
  ) => {
    const { started, deviceToken } = await signIn.completeSecondFactor(
      sessionOf(res),
      proof,
      clientOf(req),
    );
    if (deviceToken) setDeviceCookie(res, deviceToken);
    await answerWith(res, started);
  };
  router.post('/api/auth/second-factor/totp', ...secondFactor, async (req, res) => {
    await completeWith(req, res, { kind: 'totp', code: parseBody(codeSchema, req).code });
  });
  router.post('/api/auth/second-factor/recovery', ...secondFactor, async (req, res) => {
    await completeWith(req, res, { kind: 'recovery', code: parseBody(codeSchema, req).code });
  });
  router.post('/api/auth/second-factor/webauthn/options', ...secondFactor, async (req, res) => {
    parseBody(emptySchema, req);
    res.json(await signIn.secondFactorOptions(sessionOf(res)));
  });
  router.post('/api/auth/second-factor/webauthn', ...secondFactor, async (req, res) => {
    await completeWith(req, res, {
      kind: 'webauthn',
      response: parseBody(webauthnProofSchema, req).response,
    });
  });

  /** This tab's key release token: a signed-in session changes its factors only with it. */
  const keyReleaseOf = (req: Request): string | undefined => req.get(KEY_RELEASE_HEADER);
  const enrolment = [csrf, requireStage('enrol-factor', 'full'), ...body];
  const answerEnrolment = async (
    res: Response,
    outcome: { started: StartedSession | null; recoveryCodes: string[] | null },
  ) => {
    if (outcome.started) setSessionCookie(res, outcome.started.token);
    const session = outcome.started
      ? await viewOfStarted(outcome.started)
      : await signIn.viewOf(sessionOf(res));
    res.json(
      (outcome.recoveryCodes
        ? { session, recoveryCodes: outcome.recoveryCodes }
        : { session }) satisfies AnswerOf<typeof factorEnrolledSchema>,
    );
  };
  router.post('/api/auth/factors/totp/setup', ...enrolment, async (req, res) => {
    parseBody(emptySchema, req);
    res.json(
      (await signIn.startTotpEnrolment(sessionOf(res), keyReleaseOf(req))) satisfies AnswerOf<
        typeof totpSetupSchema
      >,
    );
  });
  router.post('/api/auth/factors/totp/confirm', ...enrolment, async (req, res) => {
    const { code } = parseBody(codeSchema, req);
    await answerEnrolment(
      res,
      await signIn.confirmTotpEnrolment(sessionOf(res), keyReleaseOf(req), code),
    );
  });
  router.post('/api/auth/factors/webauthn/options', ...enrolment, async (req, res) => {
    parseBody(emptySchema, req);
    res.json(await signIn.startSecurityKeyEnrolment(sessionOf(res), keyReleaseOf(req)));
  });
  router.post('/api/auth/factors/webauthn', ...enrolment, async (req, res) => {
    const { response, name } = parseBody(securityKeySchema, req);
    await answerEnrolment(
      res,
      await signIn.confirmSecurityKeyEnrolment(sessionOf(res), keyReleaseOf(req), response, name),
    );
  });

  // The signed-in person's own factors (own-factors.ts); adding one is enrolment, above.
  router.get('/api/auth/factors', requireStage('full'), async (_req, res) => {
    res.json(
      (await signIn.ownFactors.list(sessionOf(res))) satisfies AnswerOf<typeof ownFactorsSchema>,
    );
  });

  const signedIn = [csrf, requireStage('full'), ...body];
  router.post('/api/auth/factors/recovery-codes', ...signedIn, async (req, res) => {
    parseBody(emptySchema, req);
    const recoveryCodes = await signIn.ownFactors.renewRecoveryCodes(
      sessionOf(res),
      keyReleaseOf(req),
    );
    res.json({ recoveryCodes } satisfies AnswerOf<typeof newRecoveryCodesSchema>);
  });
  router.post('/api/auth/factors/:factorId/remove', ...signedIn, async (req, res) => {
    parseBody(emptySchema, req);
    const factorId = safeParse(factorIdSchema, req.params['factorId']);
    if (!factorId.success) {
      throw new NotFoundError('factor_not_found', 'No such second factor on your account.');
    }
    res.json(
      (await signIn.ownFactors.remove(
        sessionOf(res),
        keyReleaseOf(req),
        factorId.data,
      )) satisfies AnswerOf<typeof ownFactorsSchema>,
    );
  });
  router.post('/api/auth/reauth/webauthn/options', ...signedIn, async (req, res) => {
    parseBody(emptySchema, req);
    res.json(await signIn.secondFactorOptions(sessionOf(res)));
  });
  router.post('/api/auth/reauth', ...signedIn, async (req, res) => {
    const input = parseBody(reauthSchema, req);
    const proof =
      'code' in input
        ? ({
            kind: /^\d{6}$/.test(input.code.trim()) ? 'totp' : 'recovery',
            code: input.code.trim(),
          } as const)
        : ({ kind: 'webauthn', response: input.webauthn } as const);
    const keyReleaseToken = await signIn.reauthenticate(
      sessionOf(res),
      input.password,
      proof,
      clientOf(req),
    );
    res.json({ keyReleaseToken } satisfies AnswerOf<typeof reauthenticatedSchema>);
  });
  router.post('/api/auth/password', ...signedIn, async (req, res) => {
    const { currentPassword, newPassword } = parseBody(changePasswordSchema, req);
    await signIn.changePassword(sessionOf(res), currentPassword, newPassword, clientOf(req));
    clearSessionInBrowser(res);
    res.status(204).end();
  });
  // Any stage may log out; a missing session still gets the cookie cleared.
  router.post(
    '/api/auth/logout',
    (req, res, next) => (optionalSessionOf(res) ? csrf : csrfBeforeSession)(req, res, next),
    async (_req, res) => {
      const session = optionalSessionOf(res);
      if (session) {
        await signIn.logout(session);
      }
      clearSessionInBrowser(res);
      res.status(204).end();
    },
  );
  return router;
}
