/**
 * A refusal answered as a page instead of JSON, for the forms a browser posts without
 * JavaScript (features/no-js-forms): a person reads that answer, not a script. The route picks
 * the page (built, in the reporter's language, echoing nothing of the request) before the one
 * error handler answers, so status, Retry-After and counting stay the handler's; the code the
 * JSON would carry goes in a header, for tests and tools.
 */
import type { Response } from 'express';

export const ERROR_CODE_HEADER = 'Amanat-Error-Code';
const ERROR_PAGE = 'errorPage';

/** The page this response's error is answered with. */
export function answerErrorWithPage(res: Response, html: string): void {
  res.locals[ERROR_PAGE] = html;
}

export function errorPageOf(res: Response): string | undefined {
  const page: unknown = res.locals[ERROR_PAGE];
  return typeof page === 'string' ? page : undefined;
}
