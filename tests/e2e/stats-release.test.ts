/**
 * The analyst's statistics page end to end, in a real browser: coded cases are in the
 * database; an analyst signs in and sees only Statistics and Account; previews a month ×
 * category table (small cells suppressed and shown as such, every number rounded); releases
 * it; downloads the CSV, whose SHA-256 is the one shown and which says "documented reports, not
 * prevalence". A partner release can only go to a partner an admin registered, chosen from a
 * list, and rounding starts at the configured base. axe finds no serious issue on the page in
 * English and in Uyghur (right to left), and no CSP rule is broken.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { createDashboardTranslator } from '../../client/dashboard/i18n';
import {
  inboxFieldsOf,
  type CaseDocument,
  type InboxFields,
} from '../../server/features/cases/case.model';
import { auditAccessibility, signInWithTotp } from '../helpers/dashboard';
import { confirmReleaseUntil, useStatsStage } from '../helpers/stats-page';

const en = createDashboardTranslator('en');
const ug = createDashboardTranslator('ug');

/** Coded cases per month and category: some cells ≥ 10, some below (60 in all). */
const SEEDED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  '2025-01': { threats_through_relatives: 12, surveillance: 10 },
  '2025-02': { threats_through_relatives: 11, surveillance: 2 },
  '2025-03': { threats_through_relatives: 3, pressure_to_return: 10, online_harassment: 4 },
  '2025-04': { pressure_to_return: 4, online_harassment: 4 },
};
const COUNTRIES = ['DE', 'TR', 'NL'] as const;

function seededCases(): CaseDocument[] {
  const cases: CaseDocument[] = [];
  for (const [month, categories] of Object.entries(SEEDED)) {
    for (const [category, count] of Object.entries(categories)) {
      for (let i = 0; i < count; i++) {
        const n = cases.length;
        const triage: Omit<CaseDocument, keyof InboxFields> = {
          _id: n.toString(16).padStart(32, 'c'),
          receivedOn: `${month}-15`,
          status: n % 3 === 0 ? 'closed' : 'in_progress',
          outcome: n % 3 === 0 ? 'resolved' : null,
          priority: 'normal',
          deadline: null,
          assigneeId: null,
          labels: [],
          incidentCategory: category as CaseDocument['incidentCategory'],
          hostCountry: COUNTRIES[n % COUNTRIES.length] ?? 'DE',
          incidentMonth: month,
          legalHold: false,
          closedOn: n % 3 === 0 ? `${month}-28` : null,
        };
        cases.push({ ...triage, ...inboxFieldsOf(triage) });
      }
    }
  }
  return cases;
}

const stage = useStatsStage('e2e-stats-release', {
  seed: async (t) => {
    const cases = seededCases();
    expect(cases).toHaveLength(60);
    await t.connection.db!.collection('cases').insertMany(cases as never[]);
  },
  analyst: 'analyst.gulnar',
  partner: 'Uyghur Rights Partner',
});

async function statsView(page: Page): Promise<Locator> {
  const section = page.locator('section[data-view="stats"]');
  await section.waitFor();
  await page.locator('#stats-form').waitFor();
  return section;
}

/** Month × category, January to April 2025, for the public; waits for the table. */
async function previewTable(page: Page): Promise<void> {
  await page.selectOption('#stats-columns', 'category');
  await page.selectOption('#stats-period-unit', 'month');
  await page.fill('#stats-from', '2025-01');
  await page.fill('#stats-to', '2025-04');
  await page.selectOption('#stats-audience', 'public');
  await page.click('#stats-preview');
  await page.locator('#stats-table').waitFor();
}

async function publishedNumbers(page: Page): Promise<number[]> {
  return (await page.locator('#stats-table td[data-value]').allTextContents()).map(Number);
}

describe('an analyst previews, releases and downloads a statistics table', () => {
  test('when the analyst signs in then the navigation holds only Statistics and Account and the statistics page opens', async () => {
    const { page } = stage.tab;
    await page.goto(`${stage.site.baseUrl}/staff/`);
    await signInWithTotp(page, stage.site.t, stage.analyst.username, stage.analyst.totpSecret);
    await statsView(page);
    const nav = page.locator('nav.sections [data-nav]');
    expect(
      await nav.evaluateAll((items) => items.map((item) => item.getAttribute('data-nav'))),
    ).toEqual(['stats', 'account']);
    expect(await nav.allTextContents()).toEqual([en('nav.stats'), en('nav.account')]);
    expect(await page.getAttribute('[data-nav="stats"]', 'aria-current')).toBe('page');
  });

  test('when a month × category table is previewed then small cells are suppressed and shown as such, and every number is a multiple of the rounding base', async () => {
    const { page } = stage.tab;
    const roundingBase = Number(await page.inputValue('#stats-rounding'));
    expect(roundingBase).toBe(5);
    expect(await page.inputValue('#stats-k')).toBe('10');
    await previewTable(page);
    expect(await page.getAttribute('#stats-result .stats-result', 'data-mode')).toBe('preview');
    const rows = await page
      .locator('#stats-table tbody tr')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-key')));
    expect(rows).toEqual(['2025-01', '2025-02', '2025-03', '2025-04']);
    const suppressed = page.locator('#stats-table td[data-suppressed="true"]');
    expect(await suppressed.count()).toBeGreaterThan(0);
    for (const text of await suppressed.allTextContents())
      expect(text).toBe(en('stats.suppressed'));
    const numbers = await publishedNumbers(page);
    expect(numbers.length).toBeGreaterThan(0);
    for (const value of numbers) expect(value % roundingBase).toBe(0);
    expect(await page.locator('#stats-table caption').textContent()).toContain('2025-01');
    expect(await page.locator('#stats-table thead th[scope="col"]').count()).toBeGreaterThan(2);
    expect(await page.locator('#stats-table tbody th[scope="row"]').count()).toBe(4);
    // The charts, the risk summary and the plain statements.
    await page.locator('#stats-bar-chart svg[role="img"]').waitFor();
    await page.locator('#stats-line-chart svg[role="img"]').waitFor();
    expect(
      await page.locator('#stats-bar-chart svg text[data-kind="suppressed"]').count(),
    ).toBeGreaterThan(0);
    expect(await page.textContent('#stats-risk dd[data-risk="k"]')).toBe('10');
    expect(await page.textContent('#stats-risk dd[data-risk="roundingBase"]')).toBe('5');
    expect(await page.textContent('#stats-risk dd[data-risk="epsilon"]')).toBe(
      en('stats.risk.noNoise'),
    );
    expect(await page.textContent('#stats-not-prevalence')).toMatch(
      /^Documented reports, not prevalence/,
    );
    expect(await page.isVisible('#stats-budget-warning')).toBe(false);
    expect(await auditAccessibility(page, 'en stats preview')).toEqual([]);
  });

  test('when the table is released then the files are offered, the CSV downloads with the hash shown and says "documented reports, not prevalence", and the ledger lists it', async () => {
    const { page } = stage.tab;
    await page.click('#stats-release');
    // Nothing goes out before the analyst confirms what and to whom (see
    // stats-release-needs-confirmation.test.ts).
    await page.locator('dialog#stats-release-dialog[open]').waitFor();
    // A refusal fails with its message; releasing may ask to re-authenticate, answered.
    const files = page.locator('#stats-release-result [data-download="csv"]');
    await confirmReleaseUntil(page, stage.site.t, stage.analyst.totpSecret, files);
    expect(await page.getAttribute('#stats-result .stats-result', 'data-mode')).toBe('released');
    for (const value of await publishedNumbers(page)) expect(value % 5).toBe(0);
    for (const format of ['csv', 'json', 'svg']) {
      expect(await page.textContent(`code[data-sha256="${format}"]`)).toMatch(/^[0-9a-f]{64}$/);
    }
    // The files' introduction names the release's day whole: no time of day, nothing cut.
    const intro = await page.textContent('section[aria-labelledby="stats-files-title"] > p');
    expect(intro).toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(intro).not.toMatch(/\d{4}-\d{2}-\d{2}(T|…)/);

    const [download] = await Promise.all([page.waitForEvent('download'), files.click()]);
    expect(download.suggestedFilename()).toMatch(/^amanat-stats-[A-Za-z0-9_-]+\.csv$/);
    const csv = await readFile(await download.path());
    expect(csv.toString('utf8')).toMatch(/documented reports, not prevalence/i);
    expect(createHash('sha256').update(csv).digest('hex')).toBe(
      await page.textContent('code[data-sha256="csv"]'),
    );
    await page.locator('.sha-check[data-check="match"]').first().waitFor();
    expect(await page.locator('.sha-check[data-check="mismatch"]').count()).toBe(0);

    const [svgDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#stats-release-result [data-download="svg"]'),
    ]);
    expect(svgDownload.suggestedFilename()).toMatch(/^amanat-stats-[A-Za-z0-9_-]+\.svg$/);
    const svg = (await readFile(await svgDownload.path())).toString('utf8');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).not.toMatch(/<script|<foreignObject|url\(/i);

    await page.locator('#stats-ledger tr[data-release-id]').first().waitFor();
    expect(await page.locator('#stats-ledger tr[data-release-id]').count()).toBe(1);
    expect(await page.textContent('#stats-ledger tr[data-release-id]')).toContain(
      stage.analyst.username,
    );
    expect(await auditAccessibility(page, 'en stats released')).toEqual([]);
  });

  test('when the audience is a partner then only a registered partner can be chosen, and rounding starts at the configured base', async () => {
    const { page } = stage.tab;
    expect(await page.getAttribute('#stats-rounding', 'min')).toBe('5');
    await page.selectOption('#stats-audience', 'partner');
    await page.locator('#stats-partner').waitFor({ state: 'visible' });
    const choices = await page
      .locator('#stats-partner option')
      .evaluateAll((items) =>
        items.map((item) => [item.getAttribute('value'), item.textContent] as const),
      );
    expect(choices).toEqual([
      ['', en('stats.partner.choose')],
      [stage.partnerId, 'Uyghur Rights Partner'],
    ]);
    const problem = (text: string) => page.locator('#stats-problem').filter({ hasText: text });
    await page.click('#stats-preview');
    await problem(en('stats.problem.partner')).waitFor();
    await page.selectOption('#stats-partner', stage.partnerId);
    await page.fill('#stats-rounding', '1');
    await page.click('#stats-preview');
    await problem(en('stats.problem.rounding', { minimum: 5 })).waitFor();
    await page.fill('#stats-rounding', '5');
    await page.click('#stats-preview');
    await page.locator('#stats-risk dd[data-risk="k"]').filter({ hasText: /^5$/ }).waitFor();
    expect(await page.textContent('#stats-problem')).toBe('');
    expect(await auditAccessibility(page, 'en stats partner')).toEqual([]);
    await page.selectOption('#stats-audience', 'public');
  });

  test('when the page is in Uyghur then it is right to left, charts run right to left, axe finds no serious issue and no CSP rule was broken', async () => {
    const { page } = stage.tab;
    await page.goto(`${stage.site.baseUrl}/staff/?lang=ug`);
    await statsView(page);
    expect(await page.getAttribute('html', 'lang')).toBe('ug');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.textContent('section[data-view="stats"] h2')).toBe(ug('stats.title'));
    await page.locator('#stats-ledger tr[data-release-id]').first().waitFor();
    await previewTable(page);
    const suppressed = await page
      .locator('#stats-table td[data-suppressed="true"]')
      .allTextContents();
    expect(suppressed.length).toBeGreaterThan(0);
    for (const text of suppressed) expect(text).toBe(ug('stats.suppressed'));
    const directions = await page
      .locator('#stats-bar-chart svg text, #stats-line-chart svg text')
      .evaluateAll((items) => [...new Set(items.map((item) => item.getAttribute('direction')))]);
    expect(directions).toEqual(['rtl']);
    // Time runs right to left: the first period's point is right of the last one's.
    const xs = await page
      .locator('#stats-line-chart svg circle[data-kind="point"]')
      .evaluateAll((items) => items.map((item) => Number(item.getAttribute('cx'))));
    if (xs.length >= 2) expect(xs[0]).toBeGreaterThan(xs[xs.length - 1]!);
    expect(await auditAccessibility(page, 'ug stats preview')).toEqual([]);
    expect(stage.tab.allCspViolations).toEqual([]);
  });
});
