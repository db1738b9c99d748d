/**
 * axe-core finds no serious or critical accessibility issue on the reporter's views, in every
 * language, right to left included, at phone width; on a touch screen every control is at least
 * 44 by 44 CSS px and the keyboard-only quick exit hint is not shown.
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
        // Audited as the reporter uses it: enhanced by its script, the directory verified.
        await page
          .locator(view === 'protection' ? '#protection' : '#directory-status[data-state="ready"]')
          .waitFor();
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

  test.each([['ug'], ['en']])(
    'when the page in %s is on a touch screen then every control is at least 44 by 44 CSS px and the Esc hint is hidden',
    async (code) => {
      const touch = await site.browser.newContext({
        viewport: { width: 360, height: 740 },
        hasTouch: true,
        isMobile: true,
      });
      const page = await touch.newPage();
      const small: string[] = [];
      let measured = 0;
      for (const view of ['report', 'return', 'protection']) {
        await page.goto(`${site.baseUrl}/?lang=${code}&view=${view}`);
        if (view !== 'protection') {
          await page.locator('#directory-status[data-state="ready"]').waitFor();
        }
        expect(await page.locator('.esc-hint').isVisible()).toBe(false);
        for (const control of await page.locator('a, button, input, select, textarea').all()) {
          if (!(await control.isVisible())) continue;
          measured++;
          const box = (await control.boundingBox())!;
          if (box.width < 44 || box.height < 44) {
            const name = await control.evaluate(
              (node) =>
                `${node.tagName} ${node.id || node.getAttribute('name') || node.textContent}`,
            );
            small.push(`${view}: ${name} ${box.width}x${box.height}`);
          }
        }
      }
      expect(small).toEqual([]);
      expect(measured).toBeGreaterThan(30);
      await touch.close();

      // Control: with a mouse and keyboard the hint is there.
      const desktop = await site.browser.newContext({ viewport: { width: 360, height: 740 } });
      const desktopPage = await desktop.newPage();
      await desktopPage.goto(`${site.baseUrl}/?lang=${code}`);
      expect(await desktopPage.locator('.esc-hint').isVisible()).toBe(true);
      await desktop.close();
    },
  );
});
