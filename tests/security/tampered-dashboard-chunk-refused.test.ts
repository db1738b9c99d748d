/**
 * Attack: whoever can change the scripts on the way or on the server (a compromised proxy or
 * CDN in front, a planted file) swaps a script chunk of the staff dashboard, where caseworkers
 * unlock their secret keys, for one that leaks the passphrase or the decrypted cases. Defence:
 * the dashboard's integrity import map pins every script chunk's address to its Subresource
 * Integrity hash (client/build.ts, the reporter page's code path), its hash allowed in script-src
 * for the dashboard's answers only (server/features/staff-site). The browser checks every fetch
 * of a chunk, first load and on-demand import alike (OpenPGP.js's parts, the phone number rules),
 * refuses a changed one, and nothing of it runs. The first load's modulepreloads carry the same
 * hashes but are not enough alone: when a preload's check fails, Chromium fetches the module
 * again for the import without any integrity.
 */
import request from 'supertest';
import type { Page } from 'playwright-core';
import {
  caseworkerWithServiceVettedKey,
  signInAtDesk,
  type CaseworkerAtDesk,
} from '../helpers/caseworker-desk';
import { openCase, openStaffPage, unlockInInbox, waitForView } from '../helpers/dashboard';
import { buildSubmission } from '../helpers/reports';
import {
  importOutcomes,
  integrityRefusals,
  loadWithTampered,
  tamperedThatRan,
  tamperWith,
} from '../helpers/tampered-scripts';
import { useReporterSite } from '../helpers/use-reporter-site';
import type { VerifiedDirectory } from '../../client/crypto';

const KEY_PASSPHRASE = 'TEST ONLY tampered-dashboard key passphrase 7e1a';
/** A string of libphonenumber-js's metadata: whichever chunk holds it holds the rules. */
const PHONE_RULES_MARK = 'country_calling_codes';

const site = useReporterSite('security-tampered-dashboard-chunk', { caseworkers: 1 });
let desk: CaseworkerAtDesk & { readonly directory: VerifiedDirectory };
beforeAll(async () => {
  desk = await caseworkerWithServiceVettedKey(site.t, 'caseworker.tampered', KEY_PASSPHRASE);
});

/** A static import in esbuild's minified output (`import{a as b}from"./chunk-X.js"`). */
const STATIC_IMPORT = /\bimport\s*(?:[\w$\s{},*]*?from\s*)?"\.\/([\w-]+\.js)"/g;
/** Any import of a sibling chunk, static or dynamic (`import("./chunk-X.js")`). */
const ANY_IMPORT = /"\.\/([\w-]+\.js)"/g;

interface ServedChunk {
  readonly href: string;
  readonly name: string;
  readonly text: string;
}

/**
 * The dashboard's script chunks as served, found by following the imports in the scripts
 * themselves from the page's entry script (never from the pins under test): `first`, what the
 * entry imports statically, and `onDemand`, what only a dynamic import reaches.
 */
async function dashboardChunks(
  page: Page,
): Promise<{ entry: ServedChunk; first: ServedChunk[]; onDemand: ServedChunk[] }> {
  const html = await (await page.request.get(`${site.baseUrl}/staff/`)).text();
  const entryHref = /<script type="module" src="([^"]+)"/.exec(html)?.[1] ?? '';
  const assets = entryHref.slice(0, entryHref.lastIndexOf('/') + 1);
  const served = new Map<string, ServedChunk>();
  const read = async (name: string): Promise<ServedChunk> => {
    let chunk = served.get(name);
    if (!chunk) {
      const href = `${assets}${name}`;
      chunk = { href, name, text: await (await page.request.get(`${site.baseUrl}${href}`)).text() };
      served.set(name, chunk);
    }
    return chunk;
  };
  const reach = async (pattern: RegExp): Promise<Set<string>> => {
    const seen = new Set<string>();
    const walk = async (name: string): Promise<void> => {
      if (seen.has(name)) return;
      seen.add(name);
      for (const [, imported] of (await read(name)).text.matchAll(pattern)) await walk(imported!);
    };
    await walk(nameOf(entryHref));
    return seen;
  };
  const first = await reach(STATIC_IMPORT);
  const everything = await reach(ANY_IMPORT);
  const entry = served.get(nameOf(entryHref))!;
  return {
    entry,
    first: [...first].filter((name) => name !== entry.name).map((name) => served.get(name)!),
    onDemand: [...everything].filter((name) => !first.has(name)).map((name) => served.get(name)!),
  };
}

const nameOf = (href: string): string => href.split('/').pop()!;

/** The on-demand chunk holding the phone number rules. */
function phoneRulesChunk(onDemand: readonly ServedChunk[]): string {
  const holding = onDemand.filter(({ text }) => text.includes(PHONE_RULES_MARK));
  expect(holding).toHaveLength(1);
  return holding[0]!.name;
}

describe('a tampered dashboard script chunk', () => {
  test('when the chunks the entry script imports are changed then the browser refuses them, none of them runs, and no view opens', async () => {
    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    const { entry, first } = await dashboardChunks(page);
    expect(entry.name).toMatch(/^dashboard-/);
    expect(first.length).toBeGreaterThan(0);
    await loadWithTampered(
      page,
      `${site.baseUrl}/staff/`,
      first.map(({ name }) => name),
    );
    expect(await tamperedThatRan(page)).toEqual([]);
    expect(await page.locator('section[data-view]').count()).toBe(0);
    await tab.context.close();
  });

  test('when the phone number rules are changed then opening a case’s links refuses them, none of them runs, and no identifier can be confirmed', async () => {
    const { body } = await buildSubmission(desk.directory);
    const created = await request(site.t.app).post('/api/reports').send(body).expect(201);
    const caseId = (created.body as { caseId: string }).caseId;
    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    const phoneRules = phoneRulesChunk((await dashboardChunks(page)).onDemand);
    await tamperWith(page, [phoneRules]);
    const refused = integrityRefusals(page, [phoneRules]);

    await signInAtDesk(site, page, desk.staff);
    await unlockInInbox(page, KEY_PASSPHRASE);
    await openCase(page, caseId);
    const panel = page.locator('#case-links');
    await panel.locator('#links-create-key, #links-identifiers').first().waitFor();
    // The rules are imported once the case has a linking key to link with.
    if ((await panel.locator('#links-create-key').count()) > 0)
      await page.click('#links-create-key');
    await refused;
    expect(await tamperedThatRan(page)).toEqual([]);
    expect(await panel.locator('#links-identifiers').count()).toBe(0);
    await tab.context.close();
  });

  test('when every chunk imported on demand (OpenPGP.js’s parts among them) is changed then the page’s own import of each is refused and none of them runs', async () => {
    const tab = await openStaffPage(site.browser);
    const { page } = tab;
    const { onDemand } = await dashboardChunks(page);
    phoneRulesChunk(onDemand);
    expect(onDemand.length).toBeGreaterThan(1);
    await tamperWith(
      page,
      onDemand.map(({ name }) => name),
    );
    await page.goto(`${site.baseUrl}/staff/`);
    await waitForView(page, 'login');
    const hrefs = onDemand.map(({ href }) => href);
    expect(await importOutcomes(page, hrefs)).toEqual(hrefs.map(() => 'refused'));
    expect(await tamperedThatRan(page)).toEqual([]);
    await tab.context.close();
  });
});
