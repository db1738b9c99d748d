/**
 * A statistics release is published on purpose, in English and in Uyghur (right to left), in a
 * real browser against the real database:
 *
 * - "Release" opens a dialog that shows what goes out — the audience or partner by name, the
 *   table, its protection, the files with their rows and columns, the names the files carry —
 *   with focus on Cancel. Cancel (or Escape) sends nothing: no request to the release route,
 *   no release in the ledger, no audit entry. Release sends it: one ledger entry, one audit
 *   entry.
 * - A category has one name in the page's table, its chart, the downloaded CSV and the
 *   downloaded SVG: the published name (contract/stats-labels.ts).
 * - The layout holds: the form's controls line up across a row, the table's headers stay
 *   fixed (position: sticky) inside its own scroll box, and every text of both charts lies
 *   inside the chart, each category label drawn whole.
 * - The partner is named whole and isolated (<bdi>), its right-to-left letters outside the
 *   Basic Multilingual Plane included; a release the server refuses as outdated leaves Release
 *   disabled beside the "preview again" marker until a fresh preview.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import { PUBLISHED_CATEGORY_NAMES } from '../../contract/stats-labels';
import { INCIDENT_CATEGORIES } from '../../contract/vocabulary';
import { auditAccessibility, signInWithTotp } from '../helpers/dashboard';
import { seedCodedCases, times, type CodedCase } from '../helpers/coded-cases';
import { confirmReleaseUntil, useStatsStage } from '../helpers/stats-page';

const LOCALES = { en: createDashboardTranslator('en'), ug: createDashboardTranslator('ug') };
/**
 * Right to left, and 78 code points in 142 UTF-16 units (Old Turkic letters lie outside the
 * Basic Multilingual Plane): a cut by code units would split one of them.
 */
const PARTNER = `ئۇيغۇر ھوقۇقى ${'𐱅𐰇𐰼𐰜'.repeat(16)}`;

/** Fifteen monthly rows (a table taller than its scroll box); the longest category names. */
const FROM = '2024-01';
const TO = '2025-03';
const CASES: CodedCase[] = ['2025-01', '2025-02', '2025-03'].flatMap((month) => [
  ...times(12, { month, category: 'coercion_to_inform', country: 'DE' }),
  ...times(12, { month, category: 'threats_through_relatives', country: 'TR' }),
  ...times(11, { month, category: 'detention_or_deportation_risk', country: 'DE' }),
  ...times(3, { month, category: 'online_harassment', country: 'NL' }),
]);

const stage = useStatsStage('e2e-stats-release-confirmation', {
  seed: (t) => seedCodedCases(t.connection, CASES),
  analyst: 'analyst.mihray',
  partner: PARTNER,
});

beforeAll(async () => {
  const { page } = stage.tab;
  // Wide enough for the form's fields to share rows, so their alignment can be measured.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stage.site.baseUrl}/staff/`);
  await signInWithTotp(page, stage.site.t, stage.analyst.username, stage.analyst.totpSecret);
  await page.locator('#stats-form').waitFor();
});

/** What the database holds of releases: ledger entries and their audit entries. */
async function releasesStored(): Promise<{ ledger: number; audited: number }> {
  const db = stage.site.t.connection.db!;
  return {
    ledger: await db.collection('stats_releases').countDocuments(),
    audited: await db.collection('audit_log').countDocuments({ event: 'stats.released' }),
  };
}

/** Requests the page sent to the release route so far. */
/**
 * Waits until the page settles on "nothing was released" or, were a cancel to release, on the
 * files or the re-authentication a release may ask for: only then are the wire and the database
 * read, so a release sent late is still counted. Returns the "cancelled" status line.
 */
async function settleAfterCancel(page: Page, cancelledText: string): Promise<Locator> {
  const cancelled = page.locator('#stats-status').filter({ hasText: cancelledText });
  await Promise.race([
    cancelled.waitFor(),
    page.locator('#stats-release-result [data-download]').first().waitFor(),
    page.locator('dialog[data-view="reauth"][open]').waitFor(),
  ]);
  return cancelled;
}

function releaseRequests(): number {
  return stage.tab.requests.filter(
    (request) =>
      request.method() === 'POST' && new URL(request.url()).pathname === '/api/stats/releases',
  ).length;
}

async function preview(page: Page, audience: 'public' | 'partner'): Promise<void> {
  await page.selectOption('#stats-columns', 'category');
  await page.selectOption('#stats-period-unit', 'month');
  await page.fill('#stats-from', FROM);
  await page.fill('#stats-to', TO);
  await page.selectOption('#stats-audience', audience);
  if (audience === 'partner') await page.selectOption('#stats-partner', stage.partnerId);
  await page.click('#stats-preview');
  await page.locator('#stats-result .stats-result[data-mode="preview"] #stats-table').waitFor();
}

/** The names in the page's table header, by column key. */
async function tableNames(page: Page): Promise<{ key: string; published: string }[]> {
  return await page.locator('#stats-table thead th[data-key]').evaluateAll((cells) =>
    cells.map((cell) => ({
      key: cell.getAttribute('data-key') ?? '',
      published: cell.querySelector('.published-name')?.textContent ?? '',
    })),
  );
}

/** Each text of a chart that pokes out of its viewBox, described; empty when all fit. */
async function textsOutsideChart(page: Page, chart: string): Promise<string[]> {
  return await page.locator(`${chart} svg`).evaluate((svg) => {
    const root = svg as SVGSVGElement;
    const box = root.viewBox.baseVal;
    const outside: string[] = [];
    for (const text of root.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < box.x || b.y < box.y || b.x + b.width > box.width || b.y + b.height > box.height) {
        outside.push(`${text.textContent}: ${b.x},${b.y} ${b.width}×${b.height}`);
      }
    }
    return outside;
  });
}

/** The tops of the controls of one grid of the form, rounded to whole pixels. */
async function controlTops(page: Page, grid: string): Promise<number[]> {
  return await page
    .locator(`${grid} > .field:not([hidden]) > :is(input, select)`)
    .evaluateAll((controls) =>
      controls.map((control) => Math.round(control.getBoundingClientRect().top)),
    );
}

/** Clicks Release in the dialog and waits for `answer` (answering re-authentication if asked). */
async function confirmUntil(page: Page, answer: Locator): Promise<void> {
  await confirmReleaseUntil(page, stage.site.t, stage.analyst.totpSecret, answer);
}

async function download(page: Page, file: 'csv' | 'svg'): Promise<string> {
  const [saved] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`#stats-release-result [data-download="${file}"]`),
  ]);
  return (await readFile(await saved.path())).toString('utf8');
}

describe.each([
  ['en', 'public'],
  ['ug', 'partner'],
] as const)('a release in %s, to the %s, needs its confirmation', (locale, audience) => {
  const t = LOCALES[locale];

  test('when the table is previewed then each category has its published name in the table and chart, the chart texts fit, the headers are fixed and the form lines up', async () => {
    const { page } = stage.tab;
    await page.goto(`${stage.site.baseUrl}/staff/?lang=${locale}`);
    await page.locator('#stats-form').waitFor();
    expect(await page.getAttribute('html', 'dir')).toBe(locale === 'ug' ? 'rtl' : 'ltr');
    await preview(page, audience);

    const names = await tableNames(page);
    // Every category is a column, the longest names included.
    expect(names.map((name) => name.key).sort()).toEqual([...INCIDENT_CATEGORIES].sort());
    for (const { key, published } of names) {
      const category = INCIDENT_CATEGORIES.find((candidate) => candidate === key)!;
      expect(published).toBe(PUBLISHED_CATEGORY_NAMES[category]);
    }
    // In Uyghur the dashboard's own words stand beside the published name.
    const translations = await page
      .locator('#stats-table thead th[data-key] .translation')
      .allTextContents();
    expect(translations).toEqual(
      locale === 'ug'
        ? names.map(({ key }) => t(`incident.${INCIDENT_CATEGORIES.find((c) => c === key)!}`))
        : [],
    );
    // The page's chart draws the same names, whole.
    expect(
      await page.locator('#stats-bar-chart svg text[data-kind="label"]').allTextContents(),
    ).toEqual(names.map((name) => name.published));
    // Headings wrap rather than lose words.
    for (const chart of ['#stats-bar-chart', '#stats-line-chart']) {
      const heading = await page
        .locator(`${chart} svg text[data-kind="heading"]`)
        .allTextContents();
      expect(heading.join(' ')).toBe(await page.textContent(`${chart} figcaption`));
    }
    expect(await textsOutsideChart(page, '#stats-bar-chart')).toEqual([]);
    expect(await textsOutsideChart(page, '#stats-line-chart')).toEqual([]);

    // Fifteen rows scroll inside the table's own box under headers that stay put.
    const header = page.locator('#stats-table thead th').first();
    expect(await header.evaluate((cell) => getComputedStyle(cell).position)).toBe('sticky');
    const scrolled = await page.locator('.stats-table-scroll').evaluate((box) => {
      box.scrollTop = box.scrollHeight;
      const header = box.querySelector('thead th')!.getBoundingClientRect().top;
      return {
        scrollable: box.scrollHeight > box.clientHeight,
        moved: box.scrollTop > 0,
        headerAtTop: Math.abs(header - box.getBoundingClientRect().top) <= 1,
      };
    });
    expect(scrolled).toEqual({ scrollable: true, moved: true, headerAtTop: true });

    // Controls of one row of fields start at one height, hints or not.
    for (const grid of [
      '#stats-form > .filter-grid',
      '#stats-form fieldset:last-of-type > .filter-grid',
    ]) {
      const tops = await controlTops(page, grid);
      expect(tops.length).toBeGreaterThan(1);
      expect(new Set(tops).size).toBe(1);
    }
  });

  test('when the release is cancelled then nothing is sent, stored or audited', async () => {
    const { page } = stage.tab;
    const stored = await releasesStored();
    const sent = releaseRequests();

    await page.click('#stats-release');
    const dialog = page.locator('dialog#stats-release-dialog[open]');
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('stats-confirm-cancel');
    expect(await page.textContent('#stats-confirm-title')).toBe(t('stats.confirm.title'));
    expect(await page.textContent('[data-confirm="audience"]')).toBe(
      audience === 'partner'
        ? t('stats.confirm.toPartner', { partner: PARTNER })
        : t('stats.confirm.toPublic'),
    );
    expect(await page.locator('[data-confirm="audience"] bdi').allTextContents()).toEqual(
      audience === 'partner' ? [PARTNER] : [],
    );
    const names = (await tableNames(page)).map((name) => name.published);
    expect(await page.locator('#stats-confirm-names li').allTextContents()).toEqual(names);
    expect(await page.locator('#stats-confirm-files li').allTextContents()).toEqual([
      t('stats.confirm.file.table', { format: 'CSV', rows: 15, columns: names.length }),
      t('stats.confirm.file.table', { format: 'JSON', rows: 15, columns: names.length }),
      t('stats.confirm.file.chart', { rows: 15, columns: names.length }),
      t('stats.confirm.file.timeline', { rows: 15, columns: names.length }),
    ]);
    expect(await auditAccessibility(page, `${locale} release confirmation`)).toEqual([]);

    await page.click('#stats-confirm-cancel');
    await dialog.waitFor({ state: 'detached' });
    const cancelled = await settleAfterCancel(page, t('stats.confirm.cancelled'));
    expect(releaseRequests()).toBe(sent);
    expect(await releasesStored()).toEqual(stored);
    expect(await cancelled.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('stats-release');

    // Escape is a cancel too.
    await page.click('#stats-release');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await (await settleAfterCancel(page, t('stats.confirm.cancelled'))).isVisible()).toBe(
      true,
    );
    expect(releaseRequests()).toBe(sent);
    expect(await releasesStored()).toEqual(stored);
    expect(await page.locator('#stats-release-result [data-download]').count()).toBe(0);
    expect(await page.getAttribute('#stats-result .stats-result', 'data-mode')).toBe('preview');
  });

  test('when the release is confirmed then it is sent, stored and audited once, and the CSV and SVG name each category as the page does', async () => {
    const { page } = stage.tab;
    const stored = await releasesStored();
    const sent = releaseRequests();
    const names = (await tableNames(page)).map((name) => name.published);

    await page.click('#stats-release');
    await page.locator('dialog#stats-release-dialog[open]').waitFor();
    await confirmUntil(page, page.locator('#stats-release-result [data-download="csv"]'));

    expect(releaseRequests()).toBe(sent + 1);
    expect(await releasesStored()).toEqual({
      ledger: stored.ledger + 1,
      audited: stored.audited + 1,
    });
    expect(await page.getAttribute('#stats-result .stats-result', 'data-mode')).toBe('released');
    expect((await tableNames(page)).map((name) => name.published)).toEqual(names);

    const csv = await download(page, 'csv');
    const header = csv.split('\r\n').find((line) => line.startsWith('period,'));
    expect(header).toBe(['period', ...names, 'total'].join(','));

    const svg = await download(page, 'svg');
    const labels = [...svg.matchAll(/<text [^>]*data-kind="label"[^>]*>([^<]*)<\/text>/g)].map(
      (match) => match[1],
    );
    expect(labels).toEqual(names);
    expect(
      await page.locator('#stats-bar-chart svg text[data-kind="label"]').allTextContents(),
    ).toEqual(names);
    expect(stage.tab.allCspViolations).toEqual([]);
  });
  test('when the server refuses the release as outdated then Release stays disabled beside the marker until a fresh preview', async () => {
    const { page } = stage.tab;
    await preview(page, audience);
    const stored = await releasesStored();
    const sent = releaseRequests();
    // Coded after the preview: the table the analyst reviewed is no longer today's.
    await seedCodedCases(
      stage.site.t.connection,
      times(12, { month: TO, category: 'surveillance', country: 'SE' }),
    );

    await page.click('#stats-release');
    await page.locator('dialog#stats-release-dialog[open]').waitFor();
    await confirmUntil(
      page,
      page.locator('#stats-problem').filter({ hasText: t('stats.outdated') }),
    );

    expect(releaseRequests()).toBe(sent + 1);
    expect(await releasesStored()).toEqual(stored);
    expect(await page.textContent('#stats-stale')).toBe(t('stats.stale'));
    expect(await page.isDisabled('#stats-release')).toBe(true);

    // The earlier preview's table is still on the page: wait for the new one to clear the marker.
    await preview(page, audience);
    await page.locator('#stats-stale:empty').waitFor({ state: 'attached' });
    expect(await page.isDisabled('#stats-release')).toBe(false);
  });

  test('when a noisy release would overrun the ε budget then the overrun must be accepted on the form and is said again in the dialog, and Cancel still sends nothing', async () => {
    const { page } = stage.tab;
    const stored = await releasesStored();
    const sent = releaseRequests();
    await page.check('#stats-noise');
    await page.fill('#stats-epsilon', '5');
    await preview(page, audience);
    await page.locator('#stats-budget-warning').waitFor();

    await page.click('#stats-release');
    await page
      .locator('#stats-problem')
      .filter({ hasText: t('stats.budget.confirmFirst') })
      .waitFor();
    expect(await page.locator('dialog#stats-release-dialog').count()).toBe(0);

    await page.check('#stats-confirm-budget');
    await page.click('#stats-release');
    await page.locator('dialog#stats-release-dialog[open]').waitFor();
    // ε = 5 against the default budget of 2 (STATS_EPSILON_BUDGET).
    expect(await page.textContent('[data-confirm="budget"]')).toBe(
      t('stats.budget.exceeded', { spent: '5', budget: '2' }),
    );
    await page.click('#stats-confirm-cancel');
    await page.locator('dialog#stats-release-dialog').waitFor({ state: 'detached' });
    expect(await (await settleAfterCancel(page, t('stats.confirm.cancelled'))).isVisible()).toBe(
      true,
    );
    expect(releaseRequests()).toBe(sent);
    expect(await releasesStored()).toEqual(stored);
    await page.uncheck('#stats-noise');
  });
});
