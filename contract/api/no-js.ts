/**
 * The forms of the reporter page without JavaScript (NO_JS_FORM=on), posted as
 * application/x-www-form-urlencoded: the report form (POST /no-js/report) and the receipt form
 * (POST /no-js/status). The field names are the page's own (contract/report-form.ts), plus the
 * page's language. Strict: an unknown field (a file, anything else) is refused, and every choice
 * must be one the form offers.
 */
import * as z from 'zod/mini';
import { CASE_STATUSES, INCIDENT_CATEGORIES, type CaseStatus } from '../vocabulary';
import type { ReportFormField, ReportFormProblem } from '../report-form';

/**
 * The page's language (a hidden field), as the page writes it (`ug`, `zh-Hans`): the server
 * answers in it, and checks it has pages in it. A form without it is answered in English.
 */
export const NO_JS_LANG_PATTERN = /^[a-z]{2,3}(-[A-Z][a-z]{3})?$/;
const langSchema = z.optional(z.string().check(z.regex(NO_JS_LANG_PATTERN)));
/** Free text: bounded by the body's cap, not here. */
const text = z.optional(z.string());
/** An answer that is empty or one of the form's choices. */
const choice = (values: readonly string[]) => z.optional(z.enum(['', ...values]));
const pattern = (regex: RegExp) => z.optional(z.string().check(z.regex(regex)));
const ticked = z.optional(z.literal('on'));

/**
 * The report form's submission token: 32 random bytes, base64url, that the server writes into
 * each report page it serves (NO_JS_SUBMISSION_SLOT) and derives the receipt from
 * (contract/receipt.ts deriveReceiptFromSubmission). The same form posted twice is then the
 * same report, stored once. As secret as the receipt it gives.
 */
export const NO_JS_SUBMISSION_FIELD = 'submission';
export const NO_JS_SUBMISSION_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Where the build leaves the report form's hidden submission field on the pages built with the
 * no-JavaScript form; the server fills in a fresh token on every answer.
 */
export const NO_JS_SUBMISSION_SLOT = '<!--amanat:submission-->';

/**
 * The month as YYYY-MM, or empty. Browsers without a month picker (Firefox, so Tor Browser) show
 * a text box: the form asks for this shape there, and the server takes a report whose month
 * does not have it as one without a month, saying so, rather than refusing the text typed.
 */
export const NO_JS_MONTH_PATTERN = /^(\d{4}-(0[1-9]|1[0-2]))?$/;

export const noJsReportFormSchema = z.strictObject({
  lang: langSchema,
  [NO_JS_SUBMISSION_FIELD]: z.string().check(z.regex(NO_JS_SUBMISSION_PATTERN)),
  incidentType: choice(INCIDENT_CATEGORIES),
  month: pattern(NO_JS_MONTH_PATTERN),
  // Any ISO 3166-1 code (as triage takes), or the form's "other".
  country: pattern(/^([A-Z]{2}|other)?$/),
  city: text,
  whatHappened: text,
  involved: text,
  contactedBy: text,
  relativesAffected: choice(['yes', 'no', 'unsaid']),
  deadlineDate: pattern(/^(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))?$/),
  deadlineDetails: text,
  contactMethod: choice(['site', 'other']),
  contactDetails: text,
  consentRead: ticked,
  consentStatistics: ticked,
} satisfies Record<ReportFormField | 'lang' | typeof NO_JS_SUBMISSION_FIELD, unknown>);
export type NoJsReportForm = z.infer<typeof noJsReportFormSchema>;

export const noJsStatusFormSchema = z.strictObject({
  lang: langSchema,
  /** As typed: normalised like the page's (contract/receipt.ts), so spaces and case do not matter. */
  receipt: z.string().check(z.maxLength(128)),
});
export type NoJsStatusForm = z.infer<typeof noJsStatusFormSchema>;

/**
 * The answer pages, rendered per language at build time (client/reporter/no-js-pages.ts) into
 * `<site>/no-js/<lang>/<page>.html`: the server imports nothing from client/, so it sends these,
 * filling in at most one value.
 */
export const NO_JS_PAGES_DIR = 'no-js';

/**
 * Where the receipt goes in `report-stored` and `report-already-stored`, filled in escaped; no
 * other page has a value.
 */
export const NO_JS_PAGE_VALUE = '<!--amanat:value-->';

/**
 * Around the receipt pages' note that the month was left out (it was not YYYY-MM): the server
 * keeps the note only for such a report, and removes it, markers and all, otherwise.
 */
export const NO_JS_MONTH_NOTE = {
  start: '<!--amanat:month-dropped-->',
  end: '<!--/amanat:month-dropped-->',
} as const;

/**
 * The refusals a person meets on the no-JavaScript routes, each a page (never JSON): too many
 * forms from one address, the server busy or unable to store now, a form that is not this
 * site's own (a stale page, a crafted post), a report too long, and a failure on the server's
 * side.
 */
export const NO_JS_REFUSALS = ['too_many', 'busy', 'unreadable', 'too_large', 'failed'] as const;
export type NoJsRefusal = (typeof NO_JS_REFUSALS)[number];

export type NoJsPage =
  | 'report-stored'
  | 'report-already-stored'
  | `status-${CaseStatus}`
  | `refused-${ReportFormProblem | 'receipt_not_found' | NoJsRefusal}`;

export const NO_JS_PAGES: readonly NoJsPage[] = [
  'report-stored',
  'report-already-stored',
  ...CASE_STATUSES.map((status) => `status-${status}` as const),
  'refused-what_happened_required',
  'refused-consent_required',
  'refused-receipt_not_found',
  ...NO_JS_REFUSALS.map((refusal) => `refused-${refusal}` as const),
];
