/**
 * POST /no-js/report and POST /no-js/status: the forms of the reporter page without JavaScript
 * (NO_JS_FORM=on), application/x-www-form-urlencoded, answered with the pages built for them
 * (answer-pages.ts). Reporter routes: no access log, nothing about the sender kept; the same
 * rate limits as the page's own intake and receipt lookup, shared with them.
 */
import express, { Router, type RequestHandler } from 'express';
import {
  NO_JS_SUBMISSION_FIELD,
  noJsReportFormSchema,
  noJsStatusFormSchema,
  type NoJsPage,
} from '../../../contract/api/no-js';
import { reportDocumentFromForm, reportFormProblem } from '../../../contract/report-form';
import { refuseAnnouncedOversizeBody } from '../../platform/body-limits';
import { AppError, InvalidInputError, NotFoundError } from '../../platform/errors';
import { AnswerPages } from './answer-pages';
import type { NoJsFormsService } from './no-js-forms.service';
import { requireSameOriginForm } from './same-origin-form';

export interface NoJsFormsRoutesOptions {
  /** NO_JS_FORM: off answers 404, so a deployment that did not choose this path has none. */
  readonly enabled: boolean;
  /** This site's origins (PUBLIC_ORIGIN, and ONION_ORIGIN when set). */
  readonly allowedOrigins: readonly string[];
  /** The built site, where the answer pages are. */
  readonly siteDir: string;
  readonly maxBodyBytes: number;
  /** The page's own intake limiter: one budget for both ways of sending a report. */
  readonly intakeLimiter: RequestHandler;
  /** The page's own failed-lookup limiter: guessing receipts here costs the same as there. */
  readonly failedLookupLimiter: RequestHandler;
}

const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The language of the answer to a form that names none. */
const DEFAULT_LANG = 'en';

export function noJsFormsRoutes(
  service: NoJsFormsService,
  options: NoJsFormsRoutesOptions,
): Router {
  const router = Router();
  const pages = new AnswerPages(options.siteDir);
  const guards = [refuseWhenOff(options.enabled), requireSameOriginForm(options.allowedOrigins)];
  const formBody = boundedFormBody(options.maxBodyBytes);

  router.post('/no-js/report', ...guards, options.intakeLimiter, ...formBody, async (req, res) => {
    const parsed = noJsReportFormSchema.safeParse(req.body);
    if (!parsed.success) throw describeFormError(parsed.error.issues);
    const { lang = DEFAULT_LANG, submission, ...answers } = parsed.data;
    const report = reportDocumentFromForm((field) => answers[field] ?? null, lang, []);
    const problem = reportFormProblem(report);
    if (problem) {
      sendPage(res, 400, await pages.load(lang, `refused-${problem}`));
      return;
    }
    const receiptPage = await pages.load(lang, 'report-stored');
    const repostPage = await pages.load(lang, 'report-already-stored');
    const { receipt, alreadyStored } = await service.submitReport(report, submission);
    if (alreadyStored) {
      sendPage(res, 200, AnswerPages.fill(repostPage, receipt));
      return;
    }
    sendPage(res, 201, AnswerPages.fill(receiptPage, receipt));
  });

  router.post(
    '/no-js/status',
    ...guards,
    options.failedLookupLimiter,
    ...formBody,
    async (req, res) => {
      const parsed = noJsStatusFormSchema.safeParse(req.body);
      if (!parsed.success) throw describeFormError(parsed.error.issues);
      const { lang = DEFAULT_LANG, receipt } = parsed.data;
      const notFound = await pages.load(lang, 'refused-receipt_not_found');
      let page: NoJsPage;
      try {
        page = `status-${await service.caseStatus(receipt)}`;
      } catch (error) {
        // A 404 is what the failed-lookup limiter counts.
        if (error instanceof AppError && error.code === 'receipt_not_found') {
          sendPage(res, 404, notFound);
          return;
        }
        throw error;
      }
      sendPage(res, 200, await pages.load(lang, page));
    },
  );
  return router;
}

function refuseWhenOff(enabled: boolean): RequestHandler {
  return (_req, _res, next) => {
    if (!enabled) {
      throw new NotFoundError(
        'no_js_form_off',
        'This site takes reports only from its page with JavaScript (NO_JS_FORM is off).',
      );
    }
    next();
  };
}

/**
 * A form of text fields only, at most `maxBytes`: a file upload (multipart) is refused by name,
 * anything else that is not a plain form as the wrong type.
 */
function boundedFormBody(maxBytes: number): RequestHandler[] {
  return [
    (req, _res, next) => {
      if (req.is('multipart/form-data')) {
        throw new AppError(
          415,
          'files_not_accepted',
          'Files cannot be sent without JavaScript. Send the report without them.',
        );
      }
      if (!req.is(FORM_TYPE)) {
        throw new AppError(415, 'unsupported_media_type', `The form must be sent as ${FORM_TYPE}.`);
      }
      next();
    },
    refuseAnnouncedOversizeBody(maxBytes),
    // `extended: false`: flat fields only, a repeated field becomes a list the schema refuses.
    express.urlencoded({ extended: false, limit: maxBytes, parameterLimit: 64, type: FORM_TYPE }),
  ];
}

interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
}

/** Names the offending field, never its value (values may be hostile or identifying). */
function describeFormError(issues: readonly Issue[]): InvalidInputError {
  if (issues.some(({ path }) => path[0] === NO_JS_SUBMISSION_FIELD)) {
    return new InvalidInputError(
      'invalid_submission_token',
      `The form's "${NO_JS_SUBMISSION_FIELD}" field is missing or malformed: open the report page again and send the form from it.`,
    );
  }
  const issue = issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return new InvalidInputError('unknown_field', 'The form has a field this form does not have.');
  }
  if (!issue || issue.path.length === 0) {
    return new InvalidInputError('invalid_request', "The body must be the form's fields.");
  }
  return new InvalidInputError(
    'invalid_field',
    `The field "${String(issue.path[0])}" is missing or has a value the form does not offer.`,
  );
}

function sendPage(res: express.Response, status: number, html: string): void {
  res.status(status).type('html').send(html);
}
