/**
 * The no-JavaScript form (server/features/no-js-forms) as tests drive it: its answer pages
 * written into a site directory as the build writes them, its forms posted as a browser on the
 * site's own page posts them, and the receipt and status read back from the answer.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Express } from 'express';
import request, { type Response } from 'supertest';
import { renderNoJsPages } from '../../client/reporter/no-js-pages';
import type { EncryptionSlots } from '../../server/features/no-js-forms';
import { ERROR_CODE_HEADER } from '../../server/platform/error-pages';
import type { TestApp, TestAppOptions } from './test-app';
import { useTestApp } from './use-test-app';

/** A site directory holding only the answer pages (what the server reads of the build). */
export function siteWithAnswerPages(): string {
  const siteDir = mkdtempSync(join(tmpdir(), 'amanat-no-js-'));
  for (const page of renderNoJsPages({
    stylesheet: '/assets/styles.css',
    styleIntegrity: 'sha384-test',
    quickExitUrl: 'https://www.wikipedia.org/',
  })) {
    mkdirSync(dirname(join(siteDir, page.path)), { recursive: true });
    writeFileSync(join(siteDir, page.path), page.html);
  }
  return siteDir;
}

/** What a browser sends with a form posted from the site's own page (no referrer asked for). */
export const SAME_ORIGIN_FORM: Readonly<Record<string, string>> = {
  'Sec-Fetch-Site': 'same-origin',
  Origin: 'null',
};

/**
 * For the calling block: a test app (named `label`) with the no-JavaScript form on, serving a
 * site directory of the answer pages (removed after the block); `options.env` adds to that.
 */
export function useNoJsFormApp(
  label: string,
  options: Omit<TestAppOptions, 'label'> = {},
): TestApp {
  const siteDir = siteWithAnswerPages();
  const t = useTestApp({
    ...options,
    label,
    env: { NO_JS_FORM: 'on', PUBLIC_DIR: siteDir, ...options.env },
  });
  afterAll(() => rmSync(siteDir, { recursive: true, force: true }));
  return t;
}

/**
 * A submission token as the server writes one into each report page it serves: a page load of
 * its own (server/features/no-js-forms/submission-token.ts).
 */
export function newSubmissionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The report form's answers as the page's fields send them, with `whatHappened` and consent,
 * from a page load of their own (a fresh submission token) unless `more` names one.
 */
export function reportFields(
  whatHappened: string,
  more: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    lang: 'en',
    submission: newSubmissionToken(),
    incidentType: 'threats_through_relatives',
    month: '2026-11',
    country: 'TR',
    whatHappened,
    relativesAffected: 'yes',
    contactMethod: 'site',
    consentRead: 'on',
    ...more,
  };
}

export async function postForm(
  app: Express,
  path: `/no-js/${'report' | 'status'}${'' | `?lang=${string}`}`,
  fields: Readonly<Record<string, string>>,
  headers: Readonly<Record<string, string>> = SAME_ORIGIN_FORM,
): Promise<Response> {
  return await request(app)
    .post(path)
    .set(headers)
    .type('form')
    .send(new URLSearchParams(fields).toString());
}

/**
 * The code a refusal on the no-JavaScript routes carries: they answer a page, not JSON
 * (server/platform/error-pages.ts), with the code the JSON would have had in a header.
 */
export function refusalCode(answer: Response): string | undefined {
  if (answer.type !== 'text/html') throw new Error(`the refusal is ${answer.type}, not a page`);
  return answer.headers[ERROR_CODE_HEADER.toLowerCase()];
}

/**
 * Posts the same report form twice at once, as a double click does: one post stores the report
 * (201), the other is shown the same receipt (200). Returns that receipt.
 */
export async function postReportTwiceAtOnce(
  app: Express,
  fields: Readonly<Record<string, string>>,
): Promise<string> {
  const answers = await Promise.all([
    postForm(app, '/no-js/report', fields),
    postForm(app, '/no-js/report', fields),
  ]);
  expect(answers.map(({ status }) => status).sort()).toEqual([200, 201]);
  expect(receiptOn(answers[0].text)).toBe(receiptOn(answers[1].text));
  return receiptOn(answers[0].text);
}

/** The receipt shown on the receipt page (its one filled-in value). */
export function receiptOn(html: string): string {
  const receipt = /<p class="receipt-code" id="receipt"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
  if (receipt === undefined) throw new Error('the answer shows no receipt');
  return receipt;
}

/**
 * Posts every form of `forms` at once while `held` of the server's encryption slots are taken
 * (as by encryptions under way), so none can be taken before the line is settled; gives the
 * slots back once `refusals` posts were refused busy (the line is full), or when every post was
 * answered (no bound), after `whileHeld` looked at what was stored meanwhile.
 */
export async function postAtOnceWhileEncrypting(
  app: Express,
  slots: EncryptionSlots,
  held: number,
  forms: readonly Readonly<Record<string, string>>[],
  refusals: number,
  whileHeld: () => Promise<void>,
): Promise<Response[]> {
  const leave = await Promise.all(Array.from({ length: held }, async () => await slots.enter()));
  let refused = 0;
  let lineFull: () => void = () => undefined;
  const full = new Promise<void>((resolve) => (lineFull = resolve));
  const posts = forms.map(async (fields) => {
    const answer = await postForm(app, '/no-js/report', fields);
    if (answer.status === 503 && ++refused === refusals) lineFull();
    return answer;
  });
  await Promise.race([full, Promise.all(posts)]);
  await whileHeld();
  for (const give of leave) give();
  return await Promise.all(posts);
}
