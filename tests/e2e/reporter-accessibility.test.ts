/**
 * axe-core finds no serious or critical accessibility issue on the reporter's views, in every
 * language, right to left included, at phone width.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildReporterSite } from '../../client/build';
import { LOCALES } from '../../client/shared/i18n/locales';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { launchChromium } from '../helpers/browser';

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('reporter page accessibility', () => {
  const siteDir = mkdtempSync(join(tmpdir(), 'amanat-site-'));
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp({ label: 'e2e-axe', caseworkers: 1, env: { PUBLIC_DIR: siteDir } });
    await buildReporterSite({
      outDir: siteDir,
      orgFingerprint: t.organisation.fingerprint,
      quickExitUrl: 'about:blank',
    });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await t.close();
    rmSync(siteDir, { recursive: true, force: true });
  });

  test.each(LOCALES.map((locale) => [locale.code]))(
    'when the page is in %s then axe finds no serious or critical issue',
    async (code) => {
      // Only the audit script needs the CSP lifted; the page's own code runs as in production.
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      const found: string[] = [];
      for (const view of ['report', 'return', 'protection']) {
        await page.goto(`${baseUrl}/?lang=${code}&view=${view}`);
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
