/**
 * The statistics page seen from a real browser: the stage its end-to-end tests share (a site
 * with coded cases, an analyst, a registered partner, a staff tab) and what follows the
 * analyst's confirmation of a release.
 */
import type { Locator, Page } from 'playwright-core';
import { answerReauth, openStaffPage, type StaffPage } from './dashboard';
import { startReporterSite, type ReporterSite } from './reporter-site';
import { setUpValue } from './set-up-value';
import { enrolStaff, type EnrolledStaff } from './staff';
import { registerPartner } from './stats-releases';
import type { TestApp } from './test-app';

export interface StatsStage {
  readonly site: ReporterSite;
  readonly analyst: EnrolledStaff;
  /** The registered partner's id. */
  readonly partnerId: string;
  /** A staff tab, not signed in yet. */
  readonly tab: StaffPage;
}

/**
 * Registers the beforeAll/afterAll of a statistics browser test: starts the site, lets `seed`
 * code its cases, enrols the analyst, registers the partner and opens a staff tab; closes them
 * after the tests. Returns a stand-in whose properties read the stage the beforeAll set.
 */
export function useStatsStage(
  label: string,
  options: {
    readonly seed: (t: TestApp) => Promise<void>;
    readonly analyst: string;
    readonly partner: string;
  },
): StatsStage {
  let stage: StatsStage | undefined;
  beforeAll(async () => {
    const site = await startReporterSite(label, { caseworkers: 1 });
    await options.seed(site.t);
    const analyst = await enrolStaff(site.t, options.analyst, 'analyst');
    const partnerId = (await registerPartner(site.t, options.partner)).id;
    stage = { site, analyst, partnerId, tab: await openStaffPage(site.browser) };
  });
  afterAll(async () => {
    await stage?.tab.context.close();
    await stage?.site.close();
  });
  return new Proxy({} as StatsStage, {
    get: (_standIn, property) =>
      Reflect.get(setUpValue(stage, `${label}: the statistics stage`), property),
  });
}

/**
 * Presses Release in the confirmation dialog and waits until `answer` shows (the files, or the
 * refusal a test expects), answering the re-authentication a release may ask for first. Any
 * other problem line fails here with its own message rather than as a timeout.
 */
export async function confirmReleaseUntil(
  page: Page,
  t: TestApp,
  totpSecret: string,
  answer: Locator,
): Promise<void> {
  await page.click('#stats-confirm-release');
  const reauth = page.locator('dialog[data-view="reauth"][open]');
  const problem = page.locator('#stats-problem:not(:empty)');
  await Promise.race([answer.waitFor(), reauth.waitFor(), problem.waitFor()]);
  if (!(await answer.isVisible())) expect(await page.textContent('#stats-problem')).toBe('');
  if (await reauth.isVisible()) await answerReauth(page, t, totpSecret);
  await answer.waitFor();
}
