/**
 * Every route of the HTTP API: method, path, who may call it, what it takes and what it answers.
 * The OpenAPI document (contract/openapi.ts, `npm run openapi`) is generated from this table, and
 * a test holds it equal to the routes the app registers, so a route cannot be added, removed or
 * renamed on one side only.
 */
import * as z from 'zod/mini';
import type { $ZodType } from 'zod/v4/core';
import {
  acceptedReportSchema,
  followUpRequestSchema,
  followUpStoredSchema,
  openCaseRequestSchema,
  partStoredSchema,
  recipientsAnswerSchema,
  reportSubmissionSchema,
  reporterCaseViewSchema,
} from './api/reporter';
import {
  acceptInviteRequestSchema,
  changePasswordRequestSchema,
  codeRequestSchema,
  emptyRequestSchema,
  factorEnrolledSchema,
  factorIdSchema,
  invitationAnswerSchema,
  inviteLookUpRequestSchema,
  loginRequestSchema,
  newRecoveryCodesSchema,
  ownFactorsSchema,
  reauthenticatedSchema,
  reauthRequestSchema,
  securityKeyRequestSchema,
  sessionViewSchema,
  totpSetupSchema,
  webauthnOptionsSchema,
  webauthnProofRequestSchema,
} from './api/sign-in';
import {
  createdInviteSchema,
  inviteRequestSchema,
  keyReprotectRequestSchema,
  keyUploadRequestSchema,
  ownKeyAnswerSchema,
  protectedSecretKeyAnswerSchema,
  staffKeysAnswerSchema,
  staffUsersAnswerSchema,
  storedOwnKeyAnswerSchema,
  vettedKeyAnswerSchema,
} from './api/staff';
import {
  caseAccessAnswerSchema,
  caseDetailAnswerSchema,
  caseListAnswerSchema,
  caseListQuerySchema,
  caseMessageRequestSchema,
  caseMessageStoredSchema,
  caseSeenAnswerSchema,
  caseSeenRequestSchema,
  keyPacketsAnswerSchema,
  replyKeyConfirmationRequestSchema,
  replyKeyConfirmedSchema,
  shareOutcomeSchema,
  shareRequestSchema,
  triageChangedAnswerSchema,
  triageChangeSchema,
} from './api/cases';
import {
  ledgerAnswerSchema,
  releasedAnswerSchema,
  releaseRequestSchema,
  statsOptionsSchema,
  statsPreviewSchema,
  statsRequestSchema,
} from './api/stats';
import { livenessSchema, readinessSchema } from './api/health';
import {
  caseLinksAnswerSchema,
  caseLinksRequestSchema,
  linkCountsAnswerSchema,
  linkCountsQuerySchema,
  linkedIdentifiersAnswerSchema,
  linkingKeyAnswerSchema,
  linkingKeyRequestSchema,
  linkingKeyStoredSchema,
  rotatedAnswerSchema,
  rotationAnswerSchema,
  rotationRequestSchema,
} from './api/case-links';
import {
  alertFailuresAnswerSchema,
  alertSettingsAnswerSchema,
  alertSettingsRequestSchema,
  webhookHostsSchema,
} from './api/alerts';
import { noJsReportFormSchema, noJsStatusFormSchema } from './api/no-js';
import { anyCaseFingerprintSchema, errorBodySchema, hexIdSchema } from './api/common';
import { ATTACHMENT_ID_PATTERN } from './vocabulary';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * Who may call a route. `reporter`: anyone, no credentials, nothing about the caller kept.
 * `public`: anyone. `session`: any stage of a staff session (or none). The others: a signed-in
 * staff member of those roles; `+reauth`: also re-authenticated within the last minutes.
 */
export type Access =
  | 'reporter'
  | 'public'
  | 'session'
  | 'staff:second-factor'
  | 'staff:enrolling'
  | 'staff'
  | 'staff+reauth'
  | 'caseworker'
  | 'caseworker+reauth'
  | 'admin'
  | 'admin+reauth'
  | 'analyst';

/** One answer: JSON with its schema, or another media type (bytes, a page, a redirect). */
export interface RouteAnswer {
  readonly status: number;
  readonly description: string;
  readonly json?: $ZodType;
  readonly mediaType?: string;
}

export interface ApiRoute {
  readonly method: HttpMethod;
  /** Express syntax: `:name` parameters. */
  readonly path: string;
  readonly summary: string;
  readonly tag:
    'reporter' | 'sign-in' | 'own key' | 'alerts' | 'admin' | 'cases' | 'statistics' | 'service';
  readonly access: Access;
  /** Path parameters; a route whose parameter is malformed answers 404. */
  readonly params?: Readonly<Record<string, $ZodType>>;
  readonly query?: z.ZodMiniObject;
  /** A JSON body (its schema), an HTML form's fields (their schema), or raw bytes of that media type. */
  readonly body?:
    { readonly json: $ZodType } | { readonly form: $ZodType } | { readonly bytes: string };
  /** Request headers the route reads besides the session cookie and X-CSRF-Token. */
  readonly headers?: Readonly<Record<string, { readonly description: string }>>;
  readonly answers: readonly RouteAnswer[];
}

/** A built file's own name (no path, no leading dot): what GET /assets/:name serves. */
export const ASSET_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const caseId = { caseId: hexIdSchema };
const partParams = {
  attachmentId: z.string().check(z.regex(ATTACHMENT_ID_PATTERN)),
  index: z.string().check(z.regex(/^\d{1,3}$/)),
};
const json = (status: number, description: string, schema: $ZodType): RouteAnswer => ({
  status,
  description,
  json: schema,
});
const noContent: RouteAnswer = { status: 204, description: 'Done.' };
const session = (status = 200) => json(status, 'The session as it is now.', sessionViewSchema);
/** 201 for an idempotent write: the same request sent again is answered as before. */
const stored = (schema: $ZodType) =>
  json(201, 'Stored (Idempotent-Replayed: true when it was already).', schema);

/** What a route that changes the caller's own factors reads besides the session. */
/** 409 of a change of one's own factors that raced another change of the same account's factors. */
const FACTORS_BUSY = 'factors_busy: another change of your factors at the same moment.';
const keyReleaseHeader = {
  'X-Key-Release': {
    description: 'The key release token of this tab (see GET /api/me/key/secret).',
  },
};

/** A file of a site's build, served as the build compressed it for the request's Accept-Encoding. */
function builtAssetRoute(
  path: string,
  site: string,
  who: Pick<ApiRoute, 'tag' | 'access'>,
): ApiRoute {
  return {
    method: 'GET',
    path,
    summary: `A file of ${site}, as the build compressed it for the request's Accept-Encoding.`,
    ...who,
    params: { name: z.string().check(z.regex(ASSET_NAME_PATTERN)) },
    answers: [
      { status: 200, description: 'The file.', mediaType: 'application/octet-stream' },
      json(404, 'not_found: no such file.', errorBodySchema),
    ],
  };
}

/** Routes as written in the table below: keyed by `METHOD /path`, their tag given once per group. */
type TaggedRoutes = Readonly<
  Record<`${HttpMethod} /${string}`, Omit<ApiRoute, 'method' | 'path' | 'tag'>>
>;

/** The routes of one tag, in the order written. */
function tagged(tag: ApiRoute['tag'], routes: TaggedRoutes): ApiRoute[] {
  return Object.entries(routes).map(([methodAndPath, route]) => {
    const [method, path] = methodAndPath.split(' ') as [HttpMethod, string];
    return { method, path, tag, ...route };
  });
}

export const API_ROUTES: readonly ApiRoute[] = [
  ...tagged('service', {
    'GET /healthz': {
      summary: 'Liveness: the process answers.',
      access: 'public',
      answers: [json(200, 'Alive.', livenessSchema)],
    },
    'GET /readyz': {
      summary: 'Readiness: the database answers and no shutdown has begun.',
      access: 'public',
      answers: [
        json(200, 'Ready.', readinessSchema),
        json(503, 'Shutting down, or the database is unreachable.', readinessSchema),
      ],
    },
    'GET /api/openapi.json': {
      summary: 'This document.',
      access: 'public',
      answers: [{ status: 200, description: 'OpenAPI 3.1.', mediaType: 'application/json' }],
    },
  }),
  ...tagged('reporter', {
    'GET /': {
      summary: 'The reporter site (built by npm run build:client).',
      access: 'reporter',
      answers: [
        { status: 200, description: 'The page.', mediaType: 'text/html' },
        json(503, 'site_not_built: the site has not been built.', errorBodySchema),
      ],
    },
  }),
  ...tagged('service', {
    'GET /staff': {
      summary: 'Redirects to /staff/ (same path, the request query kept).',
      access: 'public',
      answers: [{ status: 302, description: 'To /staff/.' }],
    },
  }),
  ...tagged('sign-in', {
    'GET /staff/': {
      summary: 'The staff dashboard (built by npm run build:client).',
      access: 'public',
      answers: [
        { status: 200, description: 'The page.', mediaType: 'text/html' },
        json(503, 'site_not_built: the dashboard has not been built.', errorBodySchema),
      ],
    },
  }),
  builtAssetRoute('/assets/:name', "the reporter site's build (script, stylesheet, icon)", {
    tag: 'reporter',
    access: 'reporter',
  }),
  builtAssetRoute('/staff/assets/:name', "the staff dashboard's build", {
    tag: 'sign-in',
    access: 'public',
  }),
  ...tagged('reporter', {
    'GET /api/recipients': {
      summary: 'The organisation-signed recipient directory, to verify before encrypting.',
      access: 'reporter',
      answers: [json(200, 'The current directory.', recipientsAnswerSchema)],
    },
    'POST /api/reports': {
      summary: 'Submits an encrypted report; the same submission sent again is answered as before.',
      access: 'reporter',
      body: { json: reportSubmissionSchema },
      answers: [stored(acceptedReportSchema)],
    },
    'POST /api/receipts/case': {
      summary: "Opens the reporter's case with the verifier derived from their receipt.",
      access: 'reporter',
      body: { json: openCaseRequestSchema },
      answers: [
        json(200, 'The status, the protected reply key and the thread.', reporterCaseViewSchema),
      ],
    },
    'POST /api/receipts/messages': {
      summary: 'Adds an encrypted follow-up to the case the receipt opens.',
      access: 'reporter',
      body: { json: followUpRequestSchema },
      answers: [stored(followUpStoredSchema)],
    },
    'POST /no-js/report': {
      summary:
        "The report form of the page without JavaScript (NO_JS_FORM=on): the server encrypts the report and shows the receipt. The receipt is derived from the form's submission token (a fresh one in each page served), so the same form posted again is stored once.",
      access: 'reporter',
      body: { form: noJsReportFormSchema },
      answers: [
        { status: 201, description: 'Stored: the page with the receipt.', mediaType: 'text/html' },
        {
          status: 200,
          description:
            'This form was posted before and its report is stored: nothing stored again; the page with the same receipt.',
          mediaType: 'text/html',
        },
        {
          status: 400,
          description: 'Nothing stored: the page saying what the report lacks.',
          mediaType: 'text/html',
        },
      ],
    },
    'POST /no-js/status': {
      summary:
        'The receipt form of the page without JavaScript (NO_JS_FORM=on): the case status only.',
      access: 'reporter',
      body: { form: noJsStatusFormSchema },
      answers: [
        { status: 200, description: 'The page with the status.', mediaType: 'text/html' },
        {
          status: 404,
          description: 'The page saying no report matches the receipt.',
          mediaType: 'text/html',
        },
      ],
    },
    'PUT /api/attachments/:attachmentId/parts/:index': {
      summary: 'Uploads one encrypted part of an attachment (a complete binary OpenPGP message).',
      access: 'reporter',
      params: partParams,
      body: { bytes: 'application/octet-stream' },
      headers: {
        'X-Receipt-Verifier': {
          description: "The receipt's verifier (43 base64url characters): never in the URL.",
        },
      },
      answers: [stored(partStoredSchema)],
    },
  }),
  ...tagged('sign-in', {
    'GET /api/auth/session': {
      summary: "The browser's session: its stage, user, factors and CSRF token.",
      access: 'session',
      answers: [session()],
    },
    'POST /api/auth/login': {
      summary: 'Username and password: starts a session at the second-factor or enrolment stage.',
      access: 'session',
      body: { json: loginRequestSchema },
      answers: [session()],
    },
    'POST /api/auth/invites/look-up': {
      summary:
        'Whom an open invitation link is for, shown before a password is chosen; uses nothing up.',
      access: 'session',
      body: { json: inviteLookUpRequestSchema },
      answers: [json(200, 'The invited account.', invitationAnswerSchema)],
    },
    'POST /api/auth/invites/accept': {
      summary: "Sets a new account's password from its invitation; the session may only enrol.",
      access: 'session',
      body: { json: acceptInviteRequestSchema },
      answers: [session(201)],
    },
    'POST /api/auth/second-factor/totp': {
      summary: 'Completes sign-in with an authenticator app code.',
      access: 'staff:second-factor',
      body: { json: codeRequestSchema },
      answers: [session()],
    },
    'POST /api/auth/second-factor/recovery': {
      summary: 'Completes sign-in with a recovery code (each works once).',
      access: 'staff:second-factor',
      body: { json: codeRequestSchema },
      answers: [session()],
    },
    'POST /api/auth/second-factor/webauthn/options': {
      summary: 'WebAuthn options to sign in with a security key.',
      access: 'staff:second-factor',
      body: { json: emptyRequestSchema },
      answers: [json(200, 'PublicKeyCredentialRequestOptionsJSON.', webauthnOptionsSchema)],
    },
    'POST /api/auth/second-factor/webauthn': {
      summary: 'Completes sign-in with a security key.',
      access: 'staff:second-factor',
      body: { json: webauthnProofRequestSchema },
      answers: [session()],
    },
    'POST /api/auth/factors/totp/setup': {
      summary: 'Starts enrolling an authenticator app: a new secret, shown once.',
      access: 'staff:enrolling',
      body: { json: emptyRequestSchema },
      answers: [json(200, 'The secret and its otpauth URI.', totpSetupSchema)],
    },
    'POST /api/auth/factors/totp/confirm': {
      summary: 'Confirms the authenticator app with a code.',
      access: 'staff:enrolling',
      body: { json: codeRequestSchema },
      answers: [
        json(200, 'Enrolled; recovery codes with the first factor.', factorEnrolledSchema),
        json(409, `no_pending_factor: set-up not started; ${FACTORS_BUSY}`, errorBodySchema),
      ],
    },
    'POST /api/auth/factors/webauthn/options': {
      summary: 'WebAuthn options to register a security key.',
      access: 'staff:enrolling',
      body: { json: emptyRequestSchema },
      answers: [json(200, 'PublicKeyCredentialCreationOptionsJSON.', webauthnOptionsSchema)],
    },
    'POST /api/auth/factors/webauthn': {
      summary: 'Registers a security key.',
      access: 'staff:enrolling',
      body: { json: securityKeyRequestSchema },
      answers: [
        json(200, 'Enrolled; recovery codes with the first factor.', factorEnrolledSchema),
        json(409, FACTORS_BUSY, errorBodySchema),
      ],
    },
    'GET /api/auth/factors': {
      summary: "The signed-in person's own second factors (no secrets) and recovery codes left.",
      access: 'staff',
      answers: [json(200, 'The factors.', ownFactorsSchema)],
    },
    'POST /api/auth/factors/:factorId/remove': {
      summary:
        'Removes one of your own second factors (`totp`, or a security key by its credential id); never the last one.',
      access: 'staff+reauth',
      params: { factorId: factorIdSchema },
      body: { json: emptyRequestSchema },
      headers: keyReleaseHeader,
      answers: [
        json(200, 'Removed; the factors left.', ownFactorsSchema),
        json(409, `last_factor: the only second factor; ${FACTORS_BUSY}`, errorBodySchema),
      ],
    },
    'POST /api/auth/factors/recovery-codes': {
      summary: 'A new set of recovery codes, shown once; the old set stops working at once.',
      access: 'staff+reauth',
      body: { json: emptyRequestSchema },
      headers: keyReleaseHeader,
      answers: [
        json(200, 'The new codes.', newRecoveryCodesSchema),
        json(409, FACTORS_BUSY, errorBodySchema),
      ],
    },
    'POST /api/auth/reauth/webauthn/options': {
      summary: 'WebAuthn options to re-authenticate with a security key.',
      access: 'staff',
      body: { json: emptyRequestSchema },
      answers: [json(200, 'PublicKeyCredentialRequestOptionsJSON.', webauthnOptionsSchema)],
    },
    'POST /api/auth/reauth': {
      summary: 'Re-authenticates (password and a second factor) before a sensitive action.',
      access: 'staff',
      body: { json: reauthRequestSchema },
      answers: [json(200, "Done; this tab's key release token.", reauthenticatedSchema)],
    },
    'POST /api/auth/password': {
      summary: 'Changes the password; every session of the account ends.',
      access: 'staff',
      body: { json: changePasswordRequestSchema },
      answers: [noContent],
    },
    'POST /api/auth/logout': {
      summary: 'Ends the session (any stage); the cookie is cleared either way.',
      access: 'session',
      answers: [noContent],
    },
  }),
  ...tagged('own key', {
    'GET /api/me/key': {
      summary: "The caseworker's own public key and its status.",
      access: 'caseworker',
      answers: [json(200, 'The key, or null.', ownKeyAnswerSchema)],
    },
    'GET /api/me/key/secret': {
      summary:
        'The passphrase-protected secret key, only with the key release token of a tab that signed in or re-authenticated in this session.',
      access: 'caseworker+reauth',
      headers: {
        'X-Key-Release': {
          description:
            "The key release token the sign-in or re-authentication answer gave this tab; without it (or with another session's) 403 reauth_required.",
        },
      },
      answers: [json(200, 'The protected secret key.', protectedSecretKeyAnswerSchema)],
    },
    'PUT /api/me/key': {
      summary: 'Uploads a key pair: the public key and the passphrase-protected secret key.',
      access: 'caseworker+reauth',
      body: { json: keyUploadRequestSchema },
      answers: [json(201, 'Stored, pending vetting.', storedOwnKeyAnswerSchema)],
    },
    'PUT /api/me/key/protection': {
      summary: 'Replaces the protected secret key after a passphrase change.',
      access: 'caseworker+reauth',
      body: { json: keyReprotectRequestSchema },
      answers: [json(200, 'Stored.', storedOwnKeyAnswerSchema)],
    },
  }),
  ...tagged('admin', {
    'POST /api/admin/invites': {
      summary: 'Invites a staff member: the link carries the token in its fragment.',
      access: 'admin+reauth',
      body: { json: inviteRequestSchema },
      answers: [json(201, 'The invitation.', createdInviteSchema)],
    },
    'GET /api/admin/users': {
      summary: 'Every staff account with its role, status and factors.',
      access: 'admin',
      answers: [json(200, 'The accounts.', staffUsersAnswerSchema)],
    },
    'POST /api/admin/users/:id/reset-factors': {
      summary: "Removes an account's factors and sessions; answers with a new invitation.",
      access: 'admin+reauth',
      params: { id: hexIdSchema },
      body: { json: emptyRequestSchema },
      answers: [json(200, 'The new invitation.', createdInviteSchema)],
    },
    'GET /api/admin/keys': {
      summary: 'Every caseworker key with its status and holder.',
      access: 'admin',
      answers: [json(200, 'The keys.', staffKeysAnswerSchema)],
    },
    'POST /api/admin/keys/:fingerprint/vet': {
      summary: 'Vets a pending key: it goes into the next directory.',
      access: 'admin+reauth',
      params: { fingerprint: anyCaseFingerprintSchema },
      body: { json: emptyRequestSchema },
      answers: [json(200, 'The vetted key.', vettedKeyAnswerSchema)],
    },
  }),
  ...tagged('alerts', {
    'GET /api/me/alerts': {
      summary: "The caller's own alerts: which kinds, and the e-mail address and webhook URL.",
      access: 'staff',
      answers: [json(200, 'The settings.', alertSettingsAnswerSchema)],
    },
    'PUT /api/me/alerts': {
      summary:
        "Replaces the caller's own alerts; the webhook host must be on the allow-list (audited, addresses sealed at rest).",
      access: 'staff',
      body: { json: alertSettingsRequestSchema },
      answers: [json(200, 'The settings as stored.', alertSettingsAnswerSchema)],
    },
    'GET /api/admin/alerts/webhook-hosts': {
      summary: 'The hosts webhook alerts may reach.',
      access: 'admin',
      answers: [json(200, 'The allow-list.', webhookHostsSchema)],
    },
    'PUT /api/admin/alerts/webhook-hosts': {
      summary: 'Replaces the webhook allow-list (audited).',
      access: 'admin+reauth',
      body: { json: webhookHostsSchema },
      answers: [json(200, 'The allow-list as stored.', webhookHostsSchema)],
    },
    'GET /api/admin/alerts/failures': {
      summary:
        'Alert deliveries that failed at least once: whose, which channel, why, and when next.',
      access: 'admin',
      answers: [json(200, 'The failing deliveries.', alertFailuresAnswerSchema)],
    },
  }),
  ...tagged('cases', {
    'GET /api/cases': {
      summary: 'The inbox: one page of cases, filtered and sorted.',
      access: 'caseworker',
      query: caseListQuerySchema,
      answers: [json(200, 'The page and the deployment’s plaintext limits.', caseListAnswerSchema)],
    },
    'GET /api/cases/:caseId': {
      summary: 'One case: triage fields, the encrypted report and thread, files, history.',
      access: 'caseworker',
      params: caseId,
      answers: [json(200, 'The case.', caseDetailAnswerSchema)],
    },
    'PUT /api/cases/:caseId/seen': {
      summary:
        'Records that the caller was shown the case up to this message (their own read mark, only raised).',
      access: 'caseworker',
      params: caseId,
      body: { json: caseSeenRequestSchema },
      answers: [
        json(200, 'The caller’s mark as stored.', caseSeenAnswerSchema),
        json(422, 'seq_beyond_thread: the case has no message with this seq.', errorBodySchema),
      ],
    },
    'GET /api/cases/:caseId/attachments/:attachmentId/parts/:index': {
      summary: 'One encrypted attachment part, as stored.',
      access: 'caseworker',
      params: { ...caseId, ...partParams },
      answers: [{ status: 200, description: 'Ciphertext.', mediaType: 'application/octet-stream' }],
    },
    'PATCH /api/cases/:caseId': {
      summary: 'Changes triage fields; `null` clears.',
      access: 'caseworker',
      params: caseId,
      body: { json: triageChangeSchema },
      answers: [json(200, 'The case summary as it is now.', triageChangedAnswerSchema)],
    },
    'POST /api/cases/:caseId/notes': {
      summary: 'Adds an internal note (encrypted to the caseworkers only).',
      access: 'caseworker',
      params: caseId,
      body: { json: caseMessageRequestSchema },
      answers: [stored(caseMessageStoredSchema)],
    },
    'POST /api/cases/:caseId/replies': {
      summary: 'Adds a signed reply to the reporter.',
      access: 'caseworker',
      params: caseId,
      body: { json: caseMessageRequestSchema },
      answers: [stored(caseMessageStoredSchema)],
    },
    'POST /api/cases/:caseId/reply-key-confirmation': {
      summary:
        "Confirms a legacy report's reply key with a statement signed by the caller's own directory key (once per case).",
      access: 'caseworker+reauth',
      params: caseId,
      body: { json: replyKeyConfirmationRequestSchema },
      answers: [
        json(201, 'Verified and stored.', replyKeyConfirmedSchema),
        json(
          200,
          'The same confirmation again (Idempotent-Replayed: true).',
          replyKeyConfirmedSchema,
        ),
        json(
          403,
          'confirmation_key_required: the caller has no vetted key in the current directory.',
          errorBodySchema,
        ),
        json(
          409,
          'reply_key_changed, reply_key_already_confirmed, reply_key_confirmation_exists.',
          errorBodySchema,
        ),
        json(
          422,
          'confirmation_invalid: not exactly one valid signature by the caller’s key over this case and key.',
          errorBodySchema,
        ),
      ],
    },
    'GET /api/cases/:caseId/access': {
      summary: "The directory's caseworkers and whether each can read every message of the case.",
      access: 'caseworker',
      params: caseId,
      answers: [json(200, 'Who can read the case.', caseAccessAnswerSchema)],
    },
    'GET /api/cases/:caseId/key-packets': {
      summary: 'The key packets of every message of the case, to re-wrap for a colleague.',
      access: 'caseworker',
      params: caseId,
      answers: [json(200, 'PKESK packets, base64.', keyPacketsAnswerSchema)],
    },
    'POST /api/cases/:caseId/shares': {
      summary: 'Gives a vetted colleague access: new key packets, message bodies untouched.',
      access: 'caseworker+reauth',
      params: caseId,
      body: { json: shareRequestSchema },
      answers: [json(201, 'How many packets were added.', shareOutcomeSchema)],
    },
    'GET /api/cases/:caseId/export': {
      summary: 'The case as a tar archive of its encrypted messages, for GnuPG.',
      access: 'caseworker+reauth',
      params: caseId,
      answers: [{ status: 200, description: 'A tar archive.', mediaType: 'application/x-tar' }],
    },
    'GET /api/case-links/key': {
      summary:
        "The organisation's linking key, wrapped: signed by a caseworker's directory key and encrypted to the directory's caseworkers. Verify both before any use.",
      access: 'caseworker',
      answers: [json(200, 'The current key, or null before the first.', linkingKeyAnswerSchema)],
    },
    'PUT /api/case-links/key': {
      summary:
        'Stores the first linking key (version 1), or the current one wrapped again for colleagues added to the directory since, with the identifiers of its linked cases sealed again for them (a case saved meanwhile is left as it is and named in `changed`).',
      access: 'caseworker',
      body: { json: linkingKeyRequestSchema },
      answers: [
        json(201, 'The first key, stored.', linkingKeyStoredSchema),
        json(200, 'The current key, wrapped again.', linkingKeyStoredSchema),
        json(
          409,
          'linking_key_version: not the current version; linking_key_retired: rotate first; linking_recipient_removed: encrypted to an offboarded caseworker. Nothing stored.',
          errorBodySchema,
        ),
      ],
    },
    'GET /api/case-links/counts': {
      summary:
        'For the cases of one inbox page: how many other cases each shares an identifier with.',
      access: 'caseworker',
      query: linkCountsQuerySchema,
      answers: [json(200, 'The linked cases only.', linkCountsAnswerSchema)],
    },
    'GET /api/case-links/identifiers': {
      summary:
        "What a share re-seals: every case's encrypted identifiers under the live linking key.",
      access: 'caseworker',
      answers: [
        json(200, 'The live version and its cases.', linkedIdentifiersAnswerSchema),
        json(409, 'linking_key_missing, linking_key_retired.', errorBodySchema),
      ],
    },
    'GET /api/case-links/rotation': {
      summary:
        "What a rotation re-keys: every case's encrypted identifiers under the retired linking key.",
      access: 'caseworker',
      answers: [
        json(200, 'The retired version and its cases.', rotationAnswerSchema),
        json(409, 'rotation_not_needed: the key is not retired.', errorBodySchema),
      ],
    },
    'POST /api/case-links/rotation': {
      summary:
        'Replaces the retired linking key and every token set in one request; the old tokens and key are then gone.',
      access: 'caseworker',
      body: { json: rotationRequestSchema },
      answers: [
        json(201, 'Rotated.', rotatedAnswerSchema),
        json(
          409,
          'rotation_not_needed, linking_key_version, rotation_incomplete: nothing stored.',
          errorBodySchema,
        ),
      ],
    },
    'GET /api/case-links/cases/:caseId': {
      summary: "The case's link tokens and encrypted identifiers, and the cases sharing a token.",
      access: 'caseworker',
      params: caseId,
      answers: [json(200, 'The links.', caseLinksAnswerSchema)],
    },
    'PUT /api/case-links/cases/:caseId': {
      summary:
        "Replaces the case's link tokens (made under the current linking key) and its encrypted identifiers.",
      access: 'caseworker',
      params: caseId,
      body: { json: caseLinksRequestSchema },
      answers: [
        json(200, 'Stored; the cases now linked.', caseLinksAnswerSchema),
        json(
          409,
          'linking_key_version, linking_key_retired, link_identifiers_required: nothing stored.',
          errorBodySchema,
        ),
      ],
    },
  }),
  ...tagged('statistics', {
    'GET /api/stats/options': {
      summary: 'Thresholds, defaults, partners and the codes the statistics form offers.',
      access: 'analyst',
      answers: [json(200, 'The options.', statsOptionsSchema)],
    },
    'POST /api/stats/preview': {
      summary: 'A protected table and its disclosure risk, without noise; nothing is released.',
      access: 'analyst',
      body: { json: statsRequestSchema },
      answers: [json(200, 'The preview.', statsPreviewSchema)],
    },
    'POST /api/stats/releases': {
      summary: 'Releases a table: noise drawn once, files written and hashed, the ledger updated.',
      access: 'analyst',
      body: { json: releaseRequestSchema },
      answers: [json(201, 'The release and its files.', releasedAnswerSchema)],
    },
    'GET /api/stats/releases': {
      summary: 'The ledger of releases, newest first.',
      access: 'analyst',
      answers: [json(200, 'The ledger.', ledgerAnswerSchema)],
    },
  }),
];
