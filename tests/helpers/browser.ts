/**
 * Pages in Debian's Chromium that record CSP violations and every request, so tests can prove
 * what left the page.
 */
import type { Browser, BrowserContext, Page, Request, Route } from 'playwright-core';

export { launchChromium } from '../../scripts/lib/chromium';

export interface ObservedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly requests: Request[];
  cspViolations(): Promise<string[]>;
}

export async function openObservedPage(browser: Browser): Promise<ObservedPage> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await page.addInitScript(() => {
    const store: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = store;
    document.addEventListener('securitypolicyviolation', (event) => {
      store.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return {
    context,
    page,
    requests,
    cspViolations: async () =>
      await page.evaluate(
        () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
      ),
  };
}

/** A route whose answer is held back until `release()`: the page as a slow phone has it at first. */
export function heldRoute(): { handler: (route: Route) => Promise<void>; release(): void } {
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  return {
    handler: async (route) => {
      await released;
      await route.continue();
    },
    release: () => release(),
  };
}
