/**
 * Script chunks changed on their way to a page (a compromised proxy or CDN in front, a planted
 * file): each changed chunk, if it ever runs, leaves its name where the test looks. For the tests
 * that prove a page's integrity import map refuses them (reporter page and staff dashboard).
 */
import type { Page } from 'playwright-core';

const RAN = 'tampered chunk ran:';
/** What each changed chunk does if it ever runs: leaves its name where the test looks. */
const MARK = (name: string): string =>
  `\n;(globalThis.__tampered ??= []).push(${JSON.stringify(name)});` +
  `console.log(${JSON.stringify(`${RAN} ${name}`)});\n`;

/** Serves the named chunks (file names under any assets/) with the attacker's line added. */
export async function tamperWith(page: Page, names: readonly string[]): Promise<void> {
  await page.route('**/assets/*.js', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (!names.includes(name)) {
      await route.continue();
      return;
    }
    const original = await route.fetch();
    await route.fulfill({
      status: 200,
      contentType: 'text/javascript; charset=utf-8',
      body: (await original.text()) + MARK(name),
    });
  });
}

/**
 * Resolves once Chromium has refused each of `names` for its integrity, or as soon as any changed
 * chunk ran (then the test's check of what ran fails, naming it).
 */
export function integrityRefusals(page: Page, names: readonly string[]): Promise<void> {
  const waiting = new Set(names);
  return new Promise<void>((resolve) => {
    page.on('console', (message) => {
      if (message.text().startsWith(RAN)) resolve();
      if (!message.text().includes("'integrity' attribute")) return;
      for (const name of waiting) if (message.text().includes(name)) waiting.delete(name);
      if (waiting.size === 0) resolve();
    });
  });
}

/** Changes `names` on their way to the page, loads `url`, and waits until each is refused. */
export async function loadWithTampered(
  page: Page,
  url: string,
  names: readonly string[],
): Promise<void> {
  await tamperWith(page, names);
  const refused = integrityRefusals(page, names);
  await page.goto(url);
  await refused;
}

/** The names of the changed chunks that ran in the page so far (none, when the defence holds). */
export async function tamperedThatRan(page: Page): Promise<string[]> {
  return await page.evaluate(
    () => (globalThis as unknown as { __tampered?: string[] }).__tampered ?? [],
  );
}

/** What the page's own import() of each path gets: 'ran' or 'refused'. */
export async function importOutcomes(page: Page, paths: readonly string[]): Promise<string[]> {
  return await page.evaluate(async (all) => {
    const outcomes: string[] = [];
    for (const path of all) {
      outcomes.push(
        await import(path).then(
          () => 'ran',
          () => 'refused',
        ),
      );
    }
    return outcomes;
  }, paths);
}
