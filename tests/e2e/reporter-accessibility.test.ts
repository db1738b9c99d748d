/**
 * axe-core finds no serious or critical accessibility issue on the reporter's views, in every
 * language, right to left included, at phone width.
 */
import { readFileSync } from 'node:fs';
import { LOCALES } from '../../client/shared/i18n/locales';
import { useReporterSite } from '../helpers/use-reporter-site';

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('reporter page accessibility', () => {
  const site = useReporterSite('e2e-axe', { caseworkers: 1 });

  test.each(LOCALES.map((locale) => [locale.code]))(
    'when the page is in %s then axe finds no serious or critical issue',
    async (code) => {
      // Only the audit script needs the CSP lifted; the page's own code runs as in production.
      const context = await site.browser.newContext({
        viewport: { width: 360, height: 740 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      const found: string[] = [];
      for (const view of ['report', 'return', 'protection']) {
        await page.goto(`${site.baseUrl}/?lang=${code}&view=${view}`);
        const ready =
          view === 'report' ? '#report-form' : view === 'return' ? '#return-form' : '#protection';
        await page.locator(ready).waitFor();
        // Usable at 360 px: nothing forces sideways scrolling, in any language or direction.
        expect({
          view,
          width: await page.evaluate(() => document.documentElement.scrollWidth),
        }).toEqual({ view, width: 360 });
        await page.evaluate(AXE_SOURCE);
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  context: Document,
                  options: object,
                ) => Promise<{ violations: AxeViolation[] }>;
              };
            }
          ).axe;
          return (await axe.run(document, { resultTypes: ['violations'] })).violations;
        });
        for (const violation of violations) {
          if (violation.impact === 'serious' || violation.impact === 'critical') {
            found.push(
              `${view}: ${violation.id} at ${violation.nodes.map((n) => n.target.join(' ')).join(', ')}`,
            );
          }
        }
      }
      expect(found).toEqual([]);
      await context.close();
    },
  );
});
