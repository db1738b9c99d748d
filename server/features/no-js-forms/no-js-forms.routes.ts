/**
 * POST /no-js/report and POST /no-js/status: the forms of the reporter page without JavaScript
 * (NO_JS_FORM=on), application/x-www-form-urlencoded, answered with the pages built for them
 * (answer-pages.ts). Reporter routes: no access log, nothing about the sender kept; the same
 * rate limits as the page's own intake and receipt lookup, shared with them.
 *
 * A person reads every answer here, in a browser that runs no script: each refusal is a page in
 * the form's language (its JSON code in a header), never JSON, and never echoes the form. A
 * month typed in another shape than YYYY-MM (a text box where the browser has no month picker)
 * does not cost the reporter the text: the report is stored without the month, and the receipt
 * page says so.
 */
import express, {
  Router,
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
} from 'express';
import {
  NO_JS_LANG_PATTERN,
  NO_JS_MONTH_PATTERN,
  NO_JS_SUBMISSION_FIELD,
  noJsReportFormSchema,
  noJsStatusFormSchema,
  type NoJsPage,
  type NoJsRefusal,
} from '../../../contract/api/no-js';
import { reportDocumentFromForm, reportFormProblem } from '../../../contract/report-form';
import { refuseAnnouncedOversizeBody } from '../../platform/body-limits';
import { toAppError } from '../../platform/error-handler';
import { answerErrorWithPage } from '../../platform/error-pages';
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
    const { form, monthDropped } = withoutMalformedMonth(req.body);
    const parsed = noJsReportFormSchema.safeParse(form);
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
    const page = AnswerPages.withMonthNote(alreadyStored ? repostPage : receiptPage, monthDropped);
    sendPage(res, alreadyStored ? 200 : 201, AnswerPages.fill(page, receipt));
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
  router.use('/no-js', refusalsAsPages(pages));
  return router;
}

/**
 * Picks the page the one error handler answers a refusal with, in the form's language (English
 * when it could not be read). When this deployment has no such route (NO_JS_FORM off) or no
 * site was built, the JSON answer stands.
 */
function refusalsAsPages(pages: AnswerPages): ErrorRequestHandler {
  return async (error: unknown, req, res, next) => {
    const appError = toAppError(error, true);
    if (appError.code !== 'no_js_form_off') {
      try {
        answerErrorWithPage(
          res,
          await pages.loadOrEnglish(langOf(req), `refused-${refusalOf(appError)}`),
        );
      } catch {
        // No page to answer with: the JSON answer is all there is.
      }
    }
    next(appError);
  };
}

function refusalOf(error: AppError): NoJsRefusal {
  if (error.status === 429) return 'too_many';
  if (error.status === 413) return 'too_large';
  if (error.status === 503 || error.status === 507) return 'busy';
  if (error.status >= 500) return 'failed';
  return 'unreadable';
}

/** The form's language: its field when the body was read, else the form's address (`?lang=`). */
function langOf(req: Request): string {
  const body: unknown = req.body;
  const fromBody =
    body && typeof body === 'object' ? (body as Record<string, unknown>)['lang'] : undefined;
  for (const lang of [fromBody, req.query['lang']]) {
    if (typeof lang === 'string' && NO_JS_LANG_PATTERN.test(lang)) return lang;
  }
  return DEFAULT_LANG;
}

/**
 * The form with a month that is not YYYY-MM left out, and spaces around one that is trimmed.
 * Where the browser has no month picker the month is a text box, and refusing the form would lose
 * what happened along with the month. A month sent twice (a list) is left to the schema to refuse.
 */
function withoutMalformedMonth(body: unknown): { form: unknown; monthDropped: boolean } {
  if (!body || typeof body !== 'object') return { form: body, monthDropped: false };
  const { month } = body as Record<string, unknown>;
  if (typeof month !== 'string') return { form: body, monthDropped: false };
  const trimmed = month.trim();
  const monthDropped = !NO_JS_MONTH_PATTERN.test(trimmed);
  return { form: { ...body, month: monthDropped ? '' : trimmed }, monthDropped };
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
