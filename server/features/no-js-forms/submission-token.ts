/**
 * The report form's submission token (contract/api/no-js.ts): written by the server into every
 * report page it serves with the no-JavaScript form, fresh for each answer, and posted back with
 * the form. The receipt is derived from it, so posting the same form again (reloading the
 * receipt page, a network retry) gives the same receipt and stores nothing new.
 *
 * Nothing about it is kept: the server recognises a repost by the stored report's verifier, not
 * by remembering tokens. It is as secret as the receipt it gives: it travels only inside the
 * page and the form's post (TLS, `Cache-Control: no-store`) and is never logged.
 */
import { randomBytes } from 'node:crypto';
import { NO_JS_SUBMISSION_FIELD, NO_JS_SUBMISSION_SLOT } from '../../../contract/api/no-js';

/** 256 bits: more than the 160 of the receipt derived from it. */
const TOKEN_BYTES = 32;

/** The page with a fresh token's hidden field where the build left its slot (pages without one unchanged). */
export function fillSubmissionToken(html: string): string {
  // The receipt page and the other views have no report form: no token to make.
  if (!html.includes(NO_JS_SUBMISSION_SLOT)) return html;
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  // base64url: nothing in it needs escaping in an attribute. A function, so that no `$` pattern
  // in the replacement is ever interpreted.
  return html.replace(
    NO_JS_SUBMISSION_SLOT,
    () => `<input type="hidden" name="${NO_JS_SUBMISSION_FIELD}" value="${token}">`,
  );
}
